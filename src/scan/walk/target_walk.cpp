// One scanner's walk over the target space (see the header).
#include "scan/walk/target_walk.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace whorl::scan::walk {

TargetWalk::TargetWalk(TargetSpace space, std::vector<TargetPattern> excludes, WalkOrder order)
    : space_(std::move(space)),
      excludes_(std::move(excludes)),
      order_(order.seed ? KeyedPermutation::keyed(space_.size(), *order.seed) : KeyedPermutation::identity(space_.size())),
      shard_(order.shard),
      share_(order.shard.share(space_.size())) {}

bool TargetWalk::excluded(const IpAddress& ip) const {
    return std::any_of(excludes_.begin(), excludes_.end(), [&](const TargetPattern& e) { return e.contains(ip); });
}

Result<std::vector<Target>> TargetWalk::next(std::uint64_t steps, std::vector<std::string>& unresolved) {
    std::vector<Target> out;
    for (const std::uint64_t end = step_ + std::min(steps, share_ - step_); step_ < end; ++step_) {
        auto t = space_.at(order_.at(shard_.position(step_)), unresolved);
        if (!t) {
            step_ = share_;  // an error ends the walk
            return unexpected(t.error());
        }
        if (!*t || excluded((*t)->address)) continue;
        if (step_ < reported_until_ && std::binary_search(reported_.begin(), reported_.end(), (*t)->address)) continue;
        out.push_back(std::move(**t));
    }
    if (step_ >= reported_until_) reported_.clear();
    return out;
}

Result<std::optional<std::uint64_t>> TargetWalk::step_of(const IpAddress& ip, std::vector<std::string>& unresolved) {
    auto numbers = space_.numbers_of(ip, unresolved);
    if (!numbers) return unexpected(numbers.error());
    std::optional<std::uint64_t> first;
    for (auto n : *numbers) {
        const std::uint64_t position = order_.position_of(n);
        if (position < shard_.first() || (position - shard_.first()) % shard_.count != 0) continue;
        const std::uint64_t step = (position - shard_.first()) / shard_.count;
        if (!first || step < *first) first = step;
    }
    return first;
}

Result<void> TargetWalk::resume_after(const IpAddress& last, std::vector<IpAddress> reported, std::uint64_t batch,
                                      std::vector<std::string>& unresolved) {
    auto found = step_of(last, unresolved);
    if (!found) return unexpected(found.error());
    if (!*found)
        return fail(Errc::usage, fmt::format("{} is not among this scan's targets{}", last.to_string(),
                                             shard_.count > 1 ? " (in this shard)" : ""));
    const std::uint64_t step = **found;
    step_ = batch == 0 ? step : step - step % batch;
    reported_until_ = batch == 0 ? step + 1 : step_ + batch;
    std::sort(reported.begin(), reported.end());
    reported_ = std::move(reported);
    return {};
}

}  // namespace whorl::scan::walk
