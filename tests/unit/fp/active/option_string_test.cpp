// Nmap's option strings, including EOL runs, unknown kinds and truncation.
#include "fp/active/option_string.hpp"

#include <gtest/gtest.h>

#include "base/hex.hpp"

namespace whorl::fp::active {
namespace {

std::string encode(std::string_view hex, std::size_t option_length) {
    auto bytes = *parse_hex(hex);
    return nmap_option_string(bytes, option_length);
}

TEST(OptionString, LinuxSynAck) {
    EXPECT_EQ(encode("020405b4 0402 080a 11223344 00000001 01 030307", 20), "M5B4ST11NW7");
    EXPECT_EQ(encode("020405b4 0101 080a 11223344 00000000 01 030307", 20), "M5B4NNT10NW7");
}

TEST(OptionString, EveryEolByteIsAnL) {
    EXPECT_EQ(encode("020405b4 01 01 080a 00000001 00000001 0402 0000", 20), "M5B4NNT11SLL");
    EXPECT_EQ(encode("", 0), "");
}

TEST(OptionString, UnknownKindsShiftTheParse) {
    // kind 30 (4 bytes) is skipped one byte at a time without being counted, so its
    // length byte 04 reads as SACK-permitted, and the walk runs into the zero payload.
    EXPECT_EQ(encode("1e040506 01000000", 8), "SNLLLLL");
}

TEST(OptionString, TruncatedOptionGivesEmpty) {
    EXPECT_EQ(encode("020405", 3), "");
    EXPECT_EQ(encode("080a1122", 4), "");
}

TEST(Crc32, MatchesZlib) {
    EXPECT_EQ(crc32(as_bytes("123456789")), 0xCBF43926u);
    EXPECT_EQ(crc32({}), 0u);
}

}  // namespace
}  // namespace whorl::fp::active
