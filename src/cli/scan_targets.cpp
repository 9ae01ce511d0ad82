// The target list as a walk (see the header).
#include "cli/scan_targets.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "io/resolver.hpp"
#include "scan/target_spec.hpp"

namespace whorl::cli {
namespace {

// -iL and --excludefile: 256 MiB of text is millions of targets; more (/dev/zero) is refused
// before it fills memory.
constexpr std::size_t kMaxTargetList = std::size_t{256} << 20;

}  // namespace

Result<scan::walk::TargetWalk> open_target_walk(const ScanConfig& c, std::optional<std::uint64_t> seed,
                                                const Logger& log) {
    // Each target with where it came from: "" (the command line) or "FILE:LINE" (-iL).
    std::vector<scan::walk::TargetSpace::Expression> texts;
    for (const auto& x : c.targets) texts.push_back({x, ""});
    if (!c.input_list.empty()) {
        auto file = read_file(c.input_list == "-" ? "/dev/stdin" : c.input_list, kMaxTargetList);
        if (!file) return unexpected(wrap(file.error(), "-iL"));
        const std::string list = c.input_list == "-" ? "<stdin>" : c.input_list;
        for (auto& x : scan::split_target_lines(*file, false))
            texts.push_back({std::move(x.text), fmt::format("{}:{}", list, x.line)});
    }
    std::vector<std::string> excl_texts;
    for (const auto& e : c.excludes)
        for (auto& x : scan::split_target_list(e, true)) excl_texts.push_back(x);
    if (!c.exclude_file.empty()) {
        auto file = read_file(c.exclude_file, kMaxTargetList);
        if (!file) return unexpected(wrap(file.error(), "--excludefile"));
        for (auto& x : scan::split_target_list(*file, true)) excl_texts.push_back(x);
    }
    // A bad exclusion is an error: guessing could scan what was meant to be left alone.
    std::vector<scan::TargetPattern> excludes;
    for (const auto& x : excl_texts) {
        auto p = scan::parse_target(x, c.ipv6);
        if (!p) return unexpected(p.error());
        excludes.push_back(*p);
    }
    // A target that cannot be read is skipped with a warning, as Nmap skips one it cannot
    // resolve; the rest are scanned.
    std::vector<scan::walk::TargetSpace::Rejected> rejected;
    auto space = scan::walk::TargetSpace::build(std::move(texts), c.ipv6, io::resolve_name, rejected);
    for (const auto& r : rejected)
        log.warn("Warning: {}{}; skipping it.", r.expression.where.empty() ? "" : "-iL " + r.expression.where + ": ",
                 r.error.message);
    if (!space) return unexpected(space.error());
    scan::walk::WalkOrder order{seed, c.shard.value_or(scan::walk::Shard{})};
    return scan::walk::TargetWalk(std::move(*space), std::move(excludes), order);
}

}  // namespace whorl::cli
