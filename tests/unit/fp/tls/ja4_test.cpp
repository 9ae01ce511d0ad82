// JA4 against the worked example of its specification (FoxIO technical_details/JA4.md),
// JA3's text against salesforce/ja3's definition, and mercury's string by hand.
#include "fp/tls/ja4.hpp"

#include <gtest/gtest.h>

#include "base/sha256.hpp"
#include "fp/tls/hello.hpp"
#include "fp/tls/mercury_string.hpp"
#include "hello_builder.hpp"

namespace whorl::fp::tls {
namespace {

ClientHello ja4_example_hello() {
    auto body = test::ja4_example_body();
    auto h = parse_client_hello(body);
    EXPECT_TRUE(h.has_value());
    return h ? *h : ClientHello{};
}

TEST(Ja4, TheSpecificationsHashesOfItsLists) {
    EXPECT_EQ(sha256_hex("002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9").substr(0, 12),
              "8daaf6152771");
    EXPECT_EQ(sha256_hex("0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,"
                         "0501,0806,0601"),
              "e5627efa2ab19723084c1033a96c694a45826ab5a460d2d3fd5ffcfe97161c95");
}

TEST(Ja4, TheSpecificationsExampleHello) {
    ClientHello h = ja4_example_hello();
    EXPECT_EQ(ja4(h), "t13d1516h2_8daaf6152771_e5627efa2ab1");
    EXPECT_EQ(ja4_r(h),
              "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,"
              "000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601");
    EXPECT_EQ(ja4(h, Carrier::quic).substr(0, 10), "q13d1516h2");
}

TEST(Ja4, WithoutSniAlpnVersionsOrSignatureAlgorithms) {
    // A TLS 1.2 client to an address: "i", its legacy version, "00" for no ALPN, and the
    // extension hash over the sorted types alone (no trailing underscore).
    auto body = test::client_hello_body(0x0303, {0xc02f, 0x009c}, {{0x000b, {std::byte{1}, std::byte{0}}}, {0xff01, {std::byte{0}}}});
    auto h = parse_client_hello(body);
    ASSERT_TRUE(h);
    EXPECT_EQ(ja4_r(*h), "t12i020200_009c,c02f_000b,ff01");
    EXPECT_EQ(ja4(*h), "t12i020200_" + sha256_hex("009c,c02f").substr(0, 12) + "_" + sha256_hex("000b,ff01").substr(0, 12));
    // No extensions at all, no ciphers: the hashes are twelve zeros.
    auto bare = parse_client_hello(test::client_hello_body(0x0301, {}, {}));
    ASSERT_TRUE(bare);
    EXPECT_EQ(ja4(*bare), "t10i000000_000000000000_000000000000");
}

TEST(Ja4, AlpnThatIsNotAlphanumericIsWrittenFromItsHex) {
    auto body = test::client_hello_body(0x0303, {0x1301}, {{0x0010, test::alpn({std::string("\xab\x01", 2)})}});
    auto h = parse_client_hello(body);
    ASSERT_TRUE(h);
    EXPECT_EQ(ja4(*h).substr(0, 10), "t12i0101a1");
}

TEST(Ja3, TextInOrderWithoutGrease) {
    EXPECT_EQ(ja3_text(ja4_example_hello()),
              "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
              "27-0-51-16-17513-23-45-13-5-35-18-43-65281-11-10-21,29-23-24,0");
}

TEST(MercuryString, ExampleHelloByHand) {
    std::string s = mercury_tls_string(ja4_example_hello());
    EXPECT_EQ(s,
              "(0303)(0a0a130113021303c02bc02fc02cc030cca9cca8c013c014009c009d002f0035)("
              "(0a0a0000)(001b0003020002)(0000)(0033)(0010000e000c02683208687474702f312e31)(4469)(0017)"
              "(002d00020101)(000d0012001004030804040105030805050108060601)"
              "(000500050100000000)(0023)(0012)(002b0007060a0a03040303)(ff01)(000b00020100)"
              "(000a000a00080a0a001d00170018)(0015)(0a0a000100))");
}

TEST(MercuryString, SortedKeyOrdersTheExtensions) {
    EXPECT_EQ(mercury_sorted_key("(0303)(1301)((ff01)(0000)(000a00020017))"), "(0303)(1301)((0000)(000a00020017)(ff01))");
    EXPECT_EQ(mercury_sorted_key("(0303)(1301)()"), "(0303)(1301)()");
}

}  // namespace
}  // namespace whorl::fp::tls
