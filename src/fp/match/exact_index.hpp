// For a database evaluated by Nmap 7.95's rules, which of its expressions an observed value
// matches, found without evaluating them one by one. 7.95 compares every alternative
// exactly (7.93 reads all but the last as a prefix), so for each attribute slot the index
// lists, per exact alternative text, the expressions holding it; only expressions with an
// ordered comparison ('<', '>', a range) and, for option strings, bracketed groups are
// still evaluated. OsMatcher uses it for 7.95; the per-expression path stays for 7.93 and
// is the reference the tests hold this one to.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "fp/db/os_db.hpp"

namespace whorl::fp::match {

class ExactIndex {
public:
    explicit ExactIndex(const db::OsDb& db);

    // The expressions of `slot` that a value with this literal number matches exactly:
    // led by a hex digit (`hex_led`) or not.
    std::span<const std::uint32_t> exact(std::uint32_t slot, std::uint32_t literal, bool hex_led) const;
    // The expressions of `slot` that must be evaluated for such a value.
    std::span<const std::uint32_t> evaluated(std::uint32_t slot, bool hex_led) const;
    // The expressions of `slot` an empty value matches, and all of them.
    std::span<const std::uint32_t> empty_matches(std::uint32_t slot) const;
    std::span<const std::uint32_t> all(std::uint32_t slot) const;
    // Per expression, its points when its slot is present and it fails: weight << 32.
    std::span<const std::uint64_t> unmatched_points() const { return unmatched_; }

private:
    // Lists of expression ids, each a range in ids_.
    struct Range {
        std::uint32_t begin = 0, end = 0;
    };
    std::span<const std::uint32_t> ids(Range r) const { return {ids_.data() + r.begin, r.end - r.begin}; }

    std::vector<std::uint32_t> ids_;
    std::unordered_map<std::uint64_t, Range> exact_;  // slot << 33 | hex_led << 32 | literal
    std::vector<Range> evaluated_text_, evaluated_hex_, empty_, all_;  // per slot
    std::vector<std::uint64_t> unmatched_;
};

}  // namespace whorl::fp::match
