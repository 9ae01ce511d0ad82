// IpAddress parsing, printing and ordering.
#include "base/ip_address.hpp"

#include <gtest/gtest.h>

namespace whorl {
namespace {

TEST(IpAddress, ParsesAndPrintsBothFamilies) {
    auto a = IpAddress::parse("198.51.100.7");
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->is_v4());
    EXPECT_EQ(a->v4_host_order(), 0xC6336407u);
    EXPECT_EQ(a->to_string(), "198.51.100.7");
    auto b = IpAddress::parse("2001:db8:0::7");
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->is_v6());
    EXPECT_EQ(b->to_string(), "2001:db8::7");
    EXPECT_EQ(b->bytes().size(), 16u);
}

TEST(IpAddress, RejectsNonsense) {
    EXPECT_FALSE(IpAddress::parse("198.51.100"));
    EXPECT_FALSE(IpAddress::parse("198.51.100.256"));
    EXPECT_FALSE(IpAddress::parse("host.example"));
    EXPECT_FALSE(IpAddress::parse(std::string(100, '1')));
}

TEST(IpAddress, LoopbackAndOrdering) {
    EXPECT_TRUE(IpAddress::parse("127.0.0.1")->is_loopback());
    EXPECT_TRUE(IpAddress::parse("::1")->is_loopback());
    EXPECT_FALSE(IpAddress::parse("198.51.100.1")->is_loopback());
    EXPECT_LT(*IpAddress::parse("198.51.100.2"), *IpAddress::parse("198.51.100.10"));
}

}  // namespace
}  // namespace whorl
