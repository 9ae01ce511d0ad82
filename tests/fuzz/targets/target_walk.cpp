// Fuzz target: shards of a target list (scan/walk), read as -iL reads it with the first
// expression as an exclusion, through a resolver that answers from the name's length (no
// I/O). Whatever the text: where the list expands (at most 4096 addresses), the shards
// 1/n .. n/n of a seeded order, n and the seed from the first bytes, are together exactly
// its expansion; never a crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "scan/target_spec.hpp"
#include "scan/walk/target_walk.hpp"

using namespace whorl;

namespace {

std::vector<IpAddress> resolve(const std::string& name, bool v6) {
    std::vector<IpAddress> out;
    if (name.size() % 3 == 0) return out;  // "not found"
    if (auto a = IpAddress::parse((v6 ? "2001:db8::" : "198.51.100.") + std::to_string(name.size() % 100))) out.push_back(*a);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const bool ipv6 = data[0] & 1;
    const std::uint64_t shards = 1 + data[1] % 8, seed = data[2];
    std::string_view text(reinterpret_cast<const char*>(data + 3), size - 3);
    std::vector<scan::TargetPattern> patterns, excludes;
    std::vector<scan::walk::TargetSpace::Expression> expressions;
    for (const auto& t : scan::split_target_lines(text, false)) {
        auto p = scan::parse_target(t.text, ipv6);
        if (!p) continue;
        if (excludes.empty()) {
            excludes.push_back(*p);
            continue;
        }
        patterns.push_back(*p);
        expressions.push_back({t.text, ""});
        if (patterns.size() > 64) break;
    }
    std::vector<std::string> unresolved;
    auto all = scan::expand_targets(patterns, excludes, resolve, unresolved, 4096);
    if (!all) return 0;
    std::vector<IpAddress> want, got;
    for (const auto& t : *all) want.push_back(t.address);
    for (std::uint64_t k = 1; k <= shards; ++k) {
        std::vector<scan::walk::TargetSpace::Rejected> rejected;
        auto space = scan::walk::TargetSpace::build(expressions, ipv6, resolve, rejected, 4096);
        if (!space || !rejected.empty()) __builtin_trap();  // the same expressions parsed
        scan::walk::TargetWalk walk(std::move(*space), excludes, {seed, {k, shards}});
        while (!walk.done()) {
            auto part = walk.next(1 + seed % 100, unresolved);
            if (!part) __builtin_trap();  // expand_targets found no error
            for (const auto& t : *part) got.push_back(t.address);
        }
    }
    std::sort(want.begin(), want.end());
    std::sort(got.begin(), got.end());
    if (got != want) __builtin_trap();  // the shards are not the list
    return 0;
}
