// KeyedPermutation: every size gives a permutation (each index once), position_of undoes
// at, the same seed gives the same order and another seed another one.
#include "scan/walk/keyed_permutation.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace whorl::scan::walk {
namespace {

std::vector<std::uint64_t> order_of(const KeyedPermutation& p) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t i = 0; i < p.size(); ++i) out.push_back(p.at(i));
    return out;
}

TEST(KeyedPermutation, EverySizeIsAPermutationAndItsInverse) {
    for (std::uint64_t size : {1u, 2u, 3u, 4u, 5u, 7u, 31u, 32u, 33u, 1000u, 4097u, 65536u}) {
        for (std::uint64_t seed : {0u, 1u, 42u}) {
            auto p = KeyedPermutation::keyed(size, seed);
            auto order = order_of(p);
            auto sorted = order;
            std::sort(sorted.begin(), sorted.end());
            std::vector<std::uint64_t> all(size);
            std::iota(all.begin(), all.end(), 0u);
            ASSERT_EQ(sorted, all) << size << " " << seed;
            for (std::uint64_t i = 0; i < size; ++i) ASSERT_EQ(p.position_of(order[i]), i) << size << " " << seed;
        }
    }
}

TEST(KeyedPermutation, TheSameSeedTheSameOrderAnotherSeedAnother) {
    const std::uint64_t size = 1000;
    EXPECT_EQ(order_of(KeyedPermutation::keyed(size, 7)), order_of(KeyedPermutation::keyed(size, 7)));
    EXPECT_NE(order_of(KeyedPermutation::keyed(size, 7)), order_of(KeyedPermutation::keyed(size, 8)));
    auto given = order_of(KeyedPermutation::identity(size));
    EXPECT_NE(order_of(KeyedPermutation::keyed(size, 7)), given);
    for (std::uint64_t i = 0; i < size; ++i) ASSERT_EQ(given[i], i);
    // The values every machine computes, whatever its compiler or library: a change here
    // splits the shards of scanners running different whorl builds.
    auto p = KeyedPermutation::keyed(32, 1);
    std::vector<std::uint64_t> first;
    for (std::uint64_t i = 0; i < 8; ++i) first.push_back(p.at(i));
    EXPECT_EQ(first, (std::vector<std::uint64_t>{28, 5, 3, 14, 29, 30, 9, 20}));
}

// Spaces far larger than memory: an index anywhere in 2^40 or 2^64 - 1 maps and maps back.
TEST(KeyedPermutation, HugeSpacesNeedNoMemory) {
    for (std::uint64_t size : {std::uint64_t{1} << 40, ~std::uint64_t{0}}) {
        auto p = KeyedPermutation::keyed(size, 99);
        for (std::uint64_t i : {std::uint64_t{0}, std::uint64_t{1}, size / 3, size - 1}) {
            const std::uint64_t x = p.at(i);
            ASSERT_LT(x, size);
            EXPECT_EQ(p.position_of(x), i);
        }
    }
}

}  // namespace
}  // namespace whorl::scan::walk
