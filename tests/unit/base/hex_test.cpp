// Hex fixture parsing: digits, separators, comments and the malformed cases.
#include "base/hex.hpp"

#include <gtest/gtest.h>

namespace whorl {
namespace {

TEST(Hex, ParsesPairsSkippingSpacesColonsAndComments) {
    auto b = parse_hex("45 00 # IPv4 header\n00:3c\tFF");
    ASSERT_TRUE(b);
    EXPECT_EQ(to_hex(*b), "4500003cff");
}

TEST(Hex, RejectsOddDigitCountAndStrangeCharacters) {
    EXPECT_FALSE(parse_hex("450"));
    EXPECT_FALSE(parse_hex("4g"));
}

TEST(Hex, EmptyTextIsEmptyBytes) {
    auto b = parse_hex("# only a comment\n");
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->empty());
}

}  // namespace
}  // namespace whorl
