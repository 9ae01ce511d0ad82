// Nmap's target syntax: addresses, CIDR blocks (198.51.100.0/24), octet ranges and lists
// (198.51.100.1-20, 198.51.100.*, 198.51.1-2.1,3), IPv6 addresses and prefixes, and host
// names (resolved by the caller's resolver, optionally with /prefix). Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/ip_address.hpp"

namespace whorl::scan {

struct TargetPattern {
    enum class Kind { octets, v6_prefix, hostname };
    Kind kind = Kind::octets;
    std::string text;  // as the user wrote it
    // octets: for each of the 4 octets, the allowed values (a 256-bit set).
    std::array<std::array<bool, 256>, 4> octets{};
    // v6_prefix and hostname: the address (resolved later for names) and prefix length.
    IpAddress v6;
    std::string hostname;
    int prefix = -1;  // -1: none
    bool ipv6 = false;  // parsed in -6 mode: names resolve to IPv6 addresses

    // Number of addresses this pattern names (names count once; saturates at 2^63).
    std::uint64_t size() const;
    bool contains(const IpAddress& ip) const;
};

// Parses one target expression. IPv6 patterns are accepted only when ipv6 is set (-6), as
// Nmap does; host names are accepted in both modes.
Result<TargetPattern> parse_target(std::string_view text, bool ipv6);

// Resolves a host name to its addresses of the wanted family (empty: not found).
using Resolver = std::function<std::vector<IpAddress>(const std::string& name, bool ipv6)>;

struct Target {
    IpAddress address;
    std::string hostname;  // the name the user gave, if any
};

// Expands patterns into targets in Nmap's order, skipping excluded addresses. Names that do
// not resolve are reported through `unresolved` and skipped. `limit` guards against
// enormous IPv6 prefixes: expansion stops with an error past it.
Result<std::vector<Target>> expand_targets(const std::vector<TargetPattern>& patterns,
                                           const std::vector<TargetPattern>& excludes,
                                           const Resolver& resolve, std::vector<std::string>& unresolved,
                                           std::uint64_t limit = 1u << 24);

// Splits a target list file (-iL) or an --exclude list into expressions: whitespace and
// commas separate them and '#' starts a comment to the end of the line.
std::vector<std::string> split_target_list(std::string_view text, bool commas_separate);

// The same, each expression with the line it was on (1 for the first).
struct ListedTarget {
    std::string text;
    std::size_t line = 0;
    bool operator==(const ListedTarget&) const = default;
};
std::vector<ListedTarget> split_target_lines(std::string_view text, bool commas_separate);

}  // namespace whorl::scan
