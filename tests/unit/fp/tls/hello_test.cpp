// ClientHello/ServerHello parsing and the record scan that finds them in a TCP stream:
// fields read back as written, hellos split over records and segments, and every bad or
// oversized stream rejected with its reason (never read past its bytes).
#include "fp/tls/hello.hpp"

#include <gtest/gtest.h>

#include "fp/tls/handshake_scan.hpp"
#include "hello_builder.hpp"

namespace whorl::fp::tls {
namespace {

TEST(ClientHello, FieldsOfTheExample) {
    auto body = test::ja4_example_body();
    auto h = parse_client_hello(body);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->legacy_version, 0x0303);
    EXPECT_EQ(h->cipher_suites.size(), 16u);
    EXPECT_EQ(h->cipher_suites.front(), 0x0a0a);
    EXPECT_EQ(h->extensions.size(), 18u);
    EXPECT_TRUE(h->has_server_name);
    EXPECT_EQ(h->server_name, "www.example.com");
    EXPECT_EQ(h->alpn, (std::vector<std::string>{"h2", "http/1.1"}));
    EXPECT_EQ(h->supported_versions, (std::vector<std::uint16_t>{0x3a3a, 0x0304, 0x0303}));
    EXPECT_EQ(h->supported_groups, (std::vector<std::uint16_t>{0x4a4a, 0x001d, 0x0017, 0x0018}));
    EXPECT_EQ(h->signature_algorithms.size(), 8u);
    EXPECT_EQ(h->ec_point_formats, (std::vector<std::uint8_t>{0}));
    ASSERT_NE(h->find(0x4469), nullptr);
    EXPECT_EQ(h->find(0x4469)->data.size(), 5u);
    EXPECT_EQ(h->find(0x9999), nullptr);
}

TEST(ClientHello, GreaseValues) {
    for (unsigned v : {0x0a0au, 0x1a1au, 0xfafau}) EXPECT_TRUE(is_grease(static_cast<std::uint16_t>(v)));
    for (unsigned v : {0x0a1au, 0x0303u, 0x1301u, 0x0b0bu}) EXPECT_FALSE(is_grease(static_cast<std::uint16_t>(v)));
}

TEST(ClientHello, EveryTruncationIsRejected) {
    auto body = test::ja4_example_body();
    for (std::size_t n = 0; n < body.size(); ++n) {
        // A cut at the end of the cipher suites or the compression methods is a hello
        // without extensions (SSL 3.0 style) only when it lands exactly there.
        auto h = parse_client_hello(std::span(body).first(n));
        if (h) {
            EXPECT_TRUE(h->extensions.empty()) << n;
        }
    }
    EXPECT_TRUE(parse_client_hello(body));
}

TEST(ClientHello, TrailingBytesAfterTheExtensionsAreRejected) {
    auto body = test::ja4_example_body();
    body.push_back(std::byte{0});
    EXPECT_FALSE(parse_client_hello(body));
}

TEST(ServerHello, VersionCipherAndAlpn) {
    test::ByteWriter w;
    w.u16(0x0303);
    for (int i = 0; i < 32; ++i) w.u8(7);
    w.u8(0);
    w.u16(0x1302);
    w.u8(0);
    test::ByteWriter exts;
    exts.u16(0x002b);
    exts.u16(2);
    exts.u16(0x0304);
    exts.u16(0x0010);
    auto alpn = test::alpn({"h2"});
    exts.u16(static_cast<unsigned>(alpn.size()));
    exts.raw(alpn);
    w.u16(static_cast<unsigned>(exts.out.size()));
    w.raw(exts.out);
    auto h = parse_server_hello(w.out);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->legacy_version, 0x0303);
    EXPECT_EQ(h->version(), 0x0304);
    EXPECT_EQ(h->cipher_suite, 0x1302);
    EXPECT_EQ(h->alpn, "h2");
    EXPECT_FALSE(h->hello_retry_request);
    EXPECT_EQ(h->extensions.size(), 2u);
}

TEST(HandshakeScan, OneRecordInSegments) {
    auto body = test::ja4_example_body();
    auto stream = test::in_records(body);
    for (std::size_t n = 0; n < stream.size(); n += 97) {
        auto r = scan_first_handshake(std::span(stream).first(n));
        EXPECT_EQ(r.status, ScanStatus::need_more) << n;
    }
    auto r = scan_first_handshake(stream);
    ASSERT_EQ(r.status, ScanStatus::found);
    EXPECT_EQ(r.message.type, handshake::kClientHello);
    EXPECT_EQ(r.message.record_version, 0x0301);
    EXPECT_EQ(r.message.body, body);
}

TEST(HandshakeScan, AHelloSplitOverRecords) {
    auto body = test::ja4_example_body();
    auto stream = test::in_records(body, 100);
    auto r = scan_first_handshake(stream);
    ASSERT_EQ(r.status, ScanStatus::found);
    EXPECT_EQ(r.message.body, body);
    // Application data after the hello is not looked at.
    stream.push_back(std::byte{23});
    EXPECT_EQ(scan_first_handshake(stream).status, ScanStatus::found);
}

TEST(HandshakeScan, NotTlsTooLargeAndMalformed) {
    std::string get = "GET / HTTP/1.1\r\n";
    std::vector<std::byte> http(reinterpret_cast<const std::byte*>(get.data()),
                                reinterpret_cast<const std::byte*>(get.data() + get.size()));
    EXPECT_EQ(scan_first_handshake(http).status, ScanStatus::not_tls);
    EXPECT_EQ(scan_first_handshake(std::span(http).first(1)).status, ScanStatus::not_tls);
    EXPECT_EQ(scan_first_handshake({}).status, ScanStatus::need_more);
    // A 20,000-byte ClientHello (a post-quantum key share, say) is given up once its
    // length is known, before it is buffered.
    std::vector<std::byte> big_body(20000, std::byte{0});
    auto big = test::in_records(big_body, 16384);
    EXPECT_EQ(scan_first_handshake(std::span(big).first(9)).status, ScanStatus::too_large);
    // A handshake record, then an alert record before the message is whole.
    auto split = test::in_records(test::ja4_example_body(), 100);
    split.resize(105);
    split.insert(split.end(), {std::byte{21}, std::byte{3}, std::byte{3}, std::byte{0}, std::byte{2}});
    EXPECT_EQ(scan_first_handshake(split).status, ScanStatus::malformed);
    // An empty record.
    std::vector<std::byte> empty = {std::byte{22}, std::byte{3}, std::byte{1}, std::byte{0}, std::byte{0}};
    EXPECT_EQ(scan_first_handshake(empty).status, ScanStatus::malformed);
}

}  // namespace
}  // namespace whorl::fp::tls
