// The Feistel network and its cycle-walking (see the header).
#include "scan/walk/keyed_permutation.hpp"

#include <bit>

namespace whorl::scan::walk {
namespace {

// SplitMix64's output function: a bijective 64-bit mixer (Steele, Lea and Flood, 2014).
std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

KeyedPermutation KeyedPermutation::identity(std::uint64_t size) {
    KeyedPermutation p;
    p.size_ = size;
    return p;
}

KeyedPermutation KeyedPermutation::keyed(std::uint64_t size, std::uint64_t seed) {
    KeyedPermutation p = identity(size);
    if (size <= 1) return p;
    p.identity_ = false;
    // The halves: together at least as wide as size-1, so the domain 2^(2h) is below
    // 4 * size and cycle-walking takes fewer than 4 steps on average.
    const int bits = std::bit_width(size - 1);
    p.half_bits_ = (bits + 1) / 2;
    p.half_mask_ = (std::uint64_t{1} << p.half_bits_) - 1;
    // Round keys: SplitMix64's sequence from the seed.
    std::uint64_t state = seed;
    for (auto& k : p.keys_) {
        state += 0x9e3779b97f4a7c15ull;
        k = mix(state);
    }
    return p;
}

std::uint64_t KeyedPermutation::round(std::uint64_t half, int r) const {
    return mix(half ^ keys_[static_cast<std::size_t>(r)]) & half_mask_;
}

std::uint64_t KeyedPermutation::encrypt(std::uint64_t x) const {
    std::uint64_t left = x >> half_bits_, right = x & half_mask_;
    for (int r = 0; r < kRounds; ++r) {
        const std::uint64_t next = left ^ round(right, r);
        left = right;
        right = next;
    }
    return (left << half_bits_) | right;
}

std::uint64_t KeyedPermutation::decrypt(std::uint64_t x) const {
    std::uint64_t left = x >> half_bits_, right = x & half_mask_;
    for (int r = kRounds - 1; r >= 0; --r) {
        const std::uint64_t previous = right ^ round(left, r);
        right = left;
        left = previous;
    }
    return (left << half_bits_) | right;
}

// Cycle-walking: the network permutes 0..2^(2h)-1; applied again to whatever falls outside
// 0..size-1, it leaves a permutation of 0..size-1 (each cycle of the network visits the
// in-range values in the same order whichever way it is walked).
std::uint64_t KeyedPermutation::at(std::uint64_t i) const {
    if (identity_) return i;
    std::uint64_t x = encrypt(i);
    while (x >= size_) x = encrypt(x);
    return x;
}

std::uint64_t KeyedPermutation::position_of(std::uint64_t x) const {
    if (identity_) return x;
    std::uint64_t i = decrypt(x);
    while (i >= size_) i = decrypt(i);
    return i;
}

}  // namespace whorl::scan::walk
