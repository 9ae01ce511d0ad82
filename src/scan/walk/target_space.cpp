// The target list as one numbered space (see the header).
#include "scan/walk/target_space.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace whorl::scan::walk {

Result<TargetSpace> TargetSpace::build(std::vector<Expression> expressions, bool ipv6, Resolver resolve,
                                       std::vector<Rejected>& rejected, std::uint64_t limit) {
    std::vector<Entry> entries;
    std::uint64_t end = 0;
    for (auto& e : expressions) {
        auto p = parse_target(e.text, ipv6);
        if (!p) {
            rejected.push_back({std::move(e), p.error()});
            continue;
        }
        if (p->size() > limit)
            return fail(Errc::usage, fmt::format("target '{}' names too many addresses ({} at most)", p->text, limit));
        if (p->size() == 0) continue;
        end += p->size();
        entries.push_back({std::move(e.text), end});
    }
    return TargetSpace(std::move(entries), ipv6, std::move(resolve));
}

std::size_t TargetSpace::entry_of(std::uint64_t i) const {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), i,
                               [](std::uint64_t n, const Entry& e) { return n < e.end; });
    return static_cast<std::size_t>(it - entries_.begin());
}

Result<const TargetSpace::Parsed*> TargetSpace::parsed(std::size_t entry, std::vector<std::string>& unresolved) {
    Parsed& slot = cache_[entry % cache_.size()];
    if (slot.entry == entry) return &slot;
    auto p = parse_target(entries_[entry].text, ipv6_);
    if (!p) return unexpected(p.error());  // it parsed when the space was built
    slot = Parsed{};
    if (p->kind != TargetPattern::Kind::hostname) {
        slot.addresses = PatternAddresses(*p, p->v6);
        slot.resolved = true;
        slot.entry = entry;
        return &slot;
    }
    auto known = names_.find(entry);
    if (known == names_.end()) {
        auto addresses = resolve_(p->hostname, p->ipv6);
        std::optional<IpAddress> first;
        if (addresses.empty()) unresolved.push_back(p->hostname);
        else first = addresses.front();
        known = names_.emplace(entry, first).first;
    }
    if (known->second) {
        if (p->prefix > (known->second->is_v4() ? 32 : 128))
            return fail(Errc::usage,
                        fmt::format("target '{}': the prefix is longer than {}'s address", p->text, p->hostname));
        slot.addresses = PatternAddresses(*p, *known->second);
        slot.resolved = true;
        if (p->prefix < 0) slot.name = p->hostname;
    }
    slot.entry = entry;
    return &slot;
}

Result<std::optional<Target>> TargetSpace::at(std::uint64_t i, std::vector<std::string>& unresolved) {
    const std::size_t e = entry_of(i);
    auto p = parsed(e, unresolved);
    if (!p) return unexpected(p.error());
    if (!(*p)->resolved) return std::optional<Target>{};
    const std::uint64_t start = e == 0 ? 0 : entries_[e - 1].end;
    return std::optional<Target>(Target{(*p)->addresses.at(i - start), (*p)->name});
}

Result<std::vector<std::uint64_t>> TargetSpace::numbers_of(const IpAddress& ip, std::vector<std::string>& unresolved) {
    std::vector<std::uint64_t> out;
    for (std::size_t e = 0; e < entries_.size(); ++e) {
        auto p = parsed(e, unresolved);
        if (!p) return unexpected(p.error());
        if (!(*p)->resolved) continue;
        if (auto k = (*p)->addresses.index_of(ip)) out.push_back((e == 0 ? 0 : entries_[e - 1].end) + *k);
    }
    return out;
}

}  // namespace whorl::scan::walk
