// Endian loads and stores.
#include "base/bytes.hpp"

#include <array>

#include <gtest/gtest.h>

namespace whorl {
namespace {

TEST(Bytes, BigEndianRoundTrip) {
    std::array<std::byte, 6> buf{};
    store_be16(buf, 0, 0xCA87);
    store_be32(buf, 2, 0xEF1BC490);
    EXPECT_EQ(load_u8(buf, 0), 0xCA);
    EXPECT_EQ(load_be16(buf, 0), 0xCA87);
    EXPECT_EQ(load_be32(buf, 2), 0xEF1BC490u);
    EXPECT_EQ(load_le16(buf, 0), 0x87CA);
}

}  // namespace
}  // namespace whorl
