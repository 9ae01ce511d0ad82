// IpAddress parsing, printing (against inet_ntop itself) and ordering.
#include "base/ip_address.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

namespace whorl {
namespace {

// write_text() and to_string() against inet_ntop: every IPv6 address whose groups are each
// 0, 1, 0xabc or 0xffff (every place and length of zero runs, equally long runs, the
// ::a.b.c.d and ::ffff:a.b.c.d forms), random ones, and IPv4.
TEST(IpAddress, TextIsInetNtops) {
    auto same = [](const IpAddress& a) {
        char want[INET6_ADDRSTRLEN];
        inet_ntop(a.is_v4() ? AF_INET : AF_INET6, a.bytes().data(), want, sizeof want);
        char buf[IpAddress::kMaxText];
        const std::string got(buf, a.write_text(buf));
        EXPECT_EQ(got, want);
        EXPECT_EQ(a.to_string(), want);
        return got == want;
    };
    auto v6 = [](const std::array<unsigned, 8>& groups) {
        std::array<std::byte, 16> b;
        for (std::size_t i = 0; i < 8; ++i) {
            b[2 * i] = static_cast<std::byte>(groups[i] >> 8);
            b[2 * i + 1] = static_cast<std::byte>(groups[i] & 0xff);
        }
        return IpAddress::v6(b);
    };
    constexpr unsigned kGroups[] = {0, 1, 0xabc, 0xffff};
    for (unsigned n = 0; n < 1u << 16; ++n) {
        std::array<unsigned, 8> g;
        for (std::size_t i = 0; i < 8; ++i) g[i] = kGroups[(n >> (2 * i)) & 3];
        if (!same(v6(g))) return;
    }
    std::mt19937 rng(20240102);
    for (int n = 0; n < 100000; ++n) {
        std::array<unsigned, 8> g;
        for (auto& x : g) x = rng() % 2 ? 0 : (rng() & 0xffff) >> (rng() % 16);  // half zero, 1-4 digits
        if (!same(v6(g))) return;
        if (!same(IpAddress::v4(static_cast<std::uint32_t>(rng())))) return;
    }
    for (const char* a : {"0.0.0.0", "255.255.255.255", "198.51.100.1", "::", "::1", "1::", "::ffff:198.51.100.4",
                          "::198.51.100.4", "1:0:0:2:0:0:0:3", "1:0:0:2:0:0:3:4", "0:0:1:0:0:1:0:0",
                          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
        EXPECT_TRUE(same(*IpAddress::parse(a))) << a;
}

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
