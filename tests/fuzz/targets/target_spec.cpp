// Fuzz target: Nmap's target syntax (scan/target_spec): a target list as -iL reads it
// (split into expressions with their lines), each expression parsed in IPv4 and IPv6 mode,
// and the patterns expanded with the first one as an exclusion, through a resolver that
// answers from the name's length (no I/O). Whatever the text: an error or targets, never a
// crash, and the expansion stops at its limit.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "scan/target_spec.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool commas = data[0] & 1, ipv6 = data[0] & 2;
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    std::vector<scan::TargetPattern> patterns, excludes;
    std::size_t last_line = 0;
    for (const auto& t : scan::split_target_lines(text, commas)) {
        if (t.line < last_line || t.text.empty()) __builtin_trap();  // lines ascend; no empty expressions
        last_line = t.line;
        auto p = scan::parse_target(t.text, ipv6);
        if (!p) continue;
        (void)p->size();
        (excludes.empty() ? excludes : patterns).push_back(*p);
        if (patterns.size() > 64) break;
    }
    auto resolve = [](const std::string& name, bool v6) {
        std::vector<IpAddress> out;
        if (name.size() % 3 == 0) return out;  // "not found"
        if (v6) {
            if (auto a = IpAddress::parse("2001:db8::" + std::to_string(name.size() % 100))) out.push_back(*a);
        } else if (auto a = IpAddress::parse("198.51.100." + std::to_string(name.size() % 256))) {
            out.push_back(*a);
        }
        return out;
    };
    std::vector<std::string> unresolved;
    auto targets = scan::expand_targets(patterns, excludes, resolve, unresolved, 4096);
    if (targets) {
        if (targets->size() > 4096) __builtin_trap();
        for (const auto& t : *targets)
            for (const auto& x : excludes)
                if (t.hostname.empty() && x.kind != scan::TargetPattern::Kind::hostname && x.contains(t.address))
                    __builtin_trap();  // an excluded address was expanded
    }
    return 0;
}
