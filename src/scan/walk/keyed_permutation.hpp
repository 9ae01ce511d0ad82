// KeyedPermutation: a pseudo-random order of 0..size-1 from a seed, computed one index at a
// time in O(1) memory (a balanced Feistel network over the smallest even number of bits
// that holds size-1, with cycle-walking back into range). Every machine given the same
// size and seed computes the same order: integer arithmetic only, nothing that depends on
// the platform or the standard library's distributions. Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>

namespace whorl::scan::walk {

class KeyedPermutation {
public:
    // The given order: at(i) == i.
    static KeyedPermutation identity(std::uint64_t size);
    // A pseudo-random order of 0..size-1, the same for the same size and seed.
    static KeyedPermutation keyed(std::uint64_t size, std::uint64_t seed);

    std::uint64_t size() const { return size_; }
    // The index at position i of the order (i < size).
    std::uint64_t at(std::uint64_t i) const;
    // The position of index x in the order (x < size): at(position_of(x)) == x.
    std::uint64_t position_of(std::uint64_t x) const;

private:
    static constexpr int kRounds = 6;
    KeyedPermutation() = default;
    std::uint64_t round(std::uint64_t half, int r) const;
    std::uint64_t encrypt(std::uint64_t x) const;
    std::uint64_t decrypt(std::uint64_t x) const;

    std::uint64_t size_ = 0;
    bool identity_ = true;
    int half_bits_ = 1;           // the network works on 2 * half_bits_ bits
    std::uint64_t half_mask_ = 1;
    std::array<std::uint64_t, kRounds> keys_{};
};

}  // namespace whorl::scan::walk
