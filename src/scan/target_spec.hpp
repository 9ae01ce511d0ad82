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
    // v6_prefix: "2001:db8::2-21", a range in the last group (hex, inclusive) from v6's
    // last group to this; whorl's extension, Nmap takes IPv6 only as addresses and CIDR.
    std::optional<std::uint16_t> v6_range_end;
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

// The addresses of one pattern by index, in Nmap's order: octets in mixed radix (the last
// octet fastest), a prefix's base with its host bits counting up, a name's address. Holds
// the pattern's octet values (at most 1 KiB), never its addresses.
class PatternAddresses {
public:
    PatternAddresses() = default;
    // `base` is where a prefix counts from: the pattern's own IPv6 address, or the address
    // a name resolved to (unused for octet patterns).
    PatternAddresses(const TargetPattern& pattern, const IpAddress& base);

    // The k-th address, k < the pattern's size().
    IpAddress at(std::uint64_t k) const;
    // The k for which at(k) == ip; nullopt when the pattern does not name ip.
    std::optional<std::uint64_t> index_of(const IpAddress& ip) const;

private:
    bool octets_ = false;
    std::array<std::vector<std::uint8_t>, 4> octet_values_;  // each octet's values, ascending
    IpAddress base_;                                          // prefixes and names
    int prefix_ = -1;
    std::optional<std::uint16_t> range_end_;                  // an IPv6 last-group range
};

// Targets a batch at a time, in Nmap's order, skipping excluded addresses: memory for one
// batch whatever the patterns name (a /8 in -iL starts scanning at once). A name is resolved
// when the stream reaches it; one that does not resolve is reported through `unresolved`
// and skipped. `limit` guards against enormous IPv6 prefixes: a pattern naming more
// addresses than that is an error when the stream reaches it.
class TargetStream {
public:
    TargetStream(std::vector<TargetPattern> patterns, std::vector<TargetPattern> excludes, Resolver resolve,
                 std::uint64_t limit = 1u << 24);

    // Up to `max` more targets; empty once done().
    Result<std::vector<Target>> next(std::size_t max, std::vector<std::string>& unresolved);
    bool done() const { return pattern_ >= patterns_.size(); }

private:
    // Moves to the current pattern's first address (resolving a name); false: nothing in it.
    Result<bool> enter(std::vector<std::string>& unresolved);

    std::vector<TargetPattern> patterns_, excludes_;
    Resolver resolve_;
    std::uint64_t limit_;
    std::size_t pattern_ = 0;
    bool entered_ = false;
    std::uint64_t next_ = 0, count_ = 0;  // within the current pattern
    PatternAddresses addresses_;          // the current pattern's
    std::string name_;  // the name given, for a name without a prefix
};

// Every target of the patterns at once (TargetStream to the end); fails when they name
// more than `limit` addresses in all.
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
