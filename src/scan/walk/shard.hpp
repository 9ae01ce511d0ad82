// Shard: which share of the target space one of n scanners takes (--shard K/N, masscan's
// form, K from 1 to N): the K-th of every N positions of the walk's order, so the shards are
// disjoint, together the whole space, and within one of each other in size. Pure.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/error.hpp"

namespace whorl::scan::walk {

struct Shard {
    std::uint64_t index = 1;  // K: 1..count
    std::uint64_t count = 1;  // N

    // Positions in a space of `size`: this shard's first one, and how many it has.
    std::uint64_t first() const { return index - 1; }
    std::uint64_t share(std::uint64_t size) const { return size > first() ? (size - first() - 1) / count + 1 : 0; }
    // The space position of this shard's step s (s < share(size)).
    std::uint64_t position(std::uint64_t step) const { return first() + step * count; }
    bool operator==(const Shard&) const = default;
};

// "K/N" with 1 <= K <= N; the error names the option and says what it takes.
Result<Shard> parse_shard(std::string_view text);

}  // namespace whorl::scan::walk
