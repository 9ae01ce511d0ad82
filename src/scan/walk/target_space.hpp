// TargetSpace: the whole target list (command-line expressions, then -iL's) as one space of
// numbered addresses, 0..size()-1, in Nmap's order: each expression's addresses after the
// previous expression's. It keeps the expressions' text and where each one's addresses
// start, never the addresses: memory follows the number of expressions, so a /8 (2^24
// addresses) takes as little as one address. A name is resolved the first time one of its
// addresses is asked for, once. Pure but for the resolver it is given.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"
#include "scan/target_spec.hpp"

namespace whorl::scan::walk {

class TargetSpace {
public:
    struct Expression {
        std::string text;
        std::string where;  // "" (the command line) or "FILE:LINE" (-iL), for messages
    };
    // An expression that does not parse: it takes no room in the space.
    struct Rejected {
        Expression expression;
        Error error;
    };

    // Parses every expression. A pattern naming more than `limit` addresses (an IPv6
    // prefix wider than a /104) is an error, before anything is scanned.
    static Result<TargetSpace> build(std::vector<Expression> expressions, bool ipv6, Resolver resolve,
                                     std::vector<Rejected>& rejected, std::uint64_t limit = 1u << 24);

    // Addresses in all, names counting once (or their prefix's size).
    std::uint64_t size() const { return entries_.empty() ? 0 : entries_.back().end; }
    std::size_t expressions() const { return entries_.size(); }

    // The target numbered i (i < size()); nullopt when it belongs to a name that does not
    // resolve, which is then named in `unresolved` (once).
    Result<std::optional<Target>> at(std::uint64_t i, std::vector<std::string>& unresolved);

    // The numbers of every target that is `ip`, ascending (names resolved on the way).
    Result<std::vector<std::uint64_t>> numbers_of(const IpAddress& ip, std::vector<std::string>& unresolved);

private:
    struct Entry {
        std::string text;
        std::uint64_t end = 0;  // one past this expression's last number
    };
    // One parsed expression, kept while it is in use (a few at once, whatever the list).
    struct Parsed {
        std::size_t entry = static_cast<std::size_t>(-1);
        bool resolved = false;  // false: a name that did not resolve
        PatternAddresses addresses;
        std::string name;  // the name given, for a name without a prefix
    };

    TargetSpace(std::vector<Entry> entries, bool ipv6, Resolver resolve)
        : entries_(std::move(entries)), ipv6_(ipv6), resolve_(std::move(resolve)) {}
    std::size_t entry_of(std::uint64_t i) const;
    Result<const Parsed*> parsed(std::size_t entry, std::vector<std::string>& unresolved);

    std::vector<Entry> entries_;
    bool ipv6_ = false;
    Resolver resolve_;
    std::array<Parsed, 64> cache_;  // by entry number modulo 64
    // Names resolve once, the first time they are reached: the address (nullopt: not found).
    std::unordered_map<std::size_t, std::optional<IpAddress>> names_;
};

}  // namespace whorl::scan::walk
