// TCP header: fields, the 12 flag bits (NS and reserved included), urgent pointer, payload
// span, checksum verification, and a malformed case for the data offset (below 5, past
// the segment) and a segment shorter than the fixed header.
#include <gtest/gtest.h>

#include "wire/packet_builder.hpp"
#include "wire/tcp.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::issue_of;
using test::load_fixture;
using test::rebuild_frame;

TEST(Tcp, SynFields) {
    auto fx = load_fixture("eth_ipv4_tcp_syn");
    auto f = fx.decode();
    ASSERT_TRUE(f.tcp);
    const TcpView& t = *f.tcp;
    EXPECT_EQ(t.src_port(), 40000);
    EXPECT_EQ(t.dst_port(), 80);
    EXPECT_EQ(t.seq(), 1000u);
    EXPECT_EQ(t.ack(), 0u);
    EXPECT_EQ(t.data_offset(), 10);
    EXPECT_EQ(t.header_length(), 40u);
    EXPECT_EQ(t.flags(), tcp_flag::kSyn);
    EXPECT_TRUE(t.syn());
    EXPECT_FALSE(t.ack_flag() || t.rst() || t.fin() || t.psh() || t.urg() || t.ece() || t.cwr() || t.ns());
    EXPECT_EQ(t.window(), 64240);
    EXPECT_EQ(t.urgent_pointer(), 0);
    EXPECT_EQ(t.options().size(), 20u);
    EXPECT_TRUE(t.payload().empty());
    EXPECT_TRUE(t.quirks().none());
    EXPECT_EQ(transport_checksum_ok(f), true);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Tcp, PayloadAndPushAck) {
    auto fx = load_fixture("eth_ipv4_options_tcp");
    auto f = fx.decode();
    ASSERT_TRUE(f.tcp);
    EXPECT_EQ(f.tcp->flags(), tcp_flag::kPsh | tcp_flag::kAck);
    EXPECT_EQ(f.tcp->ack(), 99u);
    EXPECT_EQ(as_text(f.tcp->payload()), "hello");
    EXPECT_EQ(transport_checksum_ok(f), true);
}

TEST(Tcp, EcnProbeFlagsAndReservedBits) {
    // nmap's ECN probe: byte 12 = 0x88 (data offset 8, reserved bit), byte 13 = 0xC2.
    auto fx = load_fixture("nmap_ecn");
    auto f = fx.decode();
    ASSERT_TRUE(f.tcp);
    const TcpView& t = *f.tcp;
    EXPECT_EQ(t.data_offset(), 8);
    EXPECT_EQ(t.flags(), 0x8C2);
    EXPECT_EQ(t.flags_byte(), 0xC2);
    EXPECT_EQ(t.reserved_bits(), 4);
    EXPECT_FALSE(t.ns());
    EXPECT_TRUE(t.cwr() && t.ece() && t.syn());
    EXPECT_FALSE(t.urg());
    EXPECT_EQ(t.urgent_pointer(), 0xF7F5);  // non-zero without URG (p0f uptr+)
    EXPECT_EQ(t.ack(), 0u);
    EXPECT_EQ(transport_checksum_ok(f), true);
}

TEST(Tcp, NsBit) {
    std::array<std::byte, 64> buf{};
    Ipv4Fields ip;
    TcpFields tcp;
    tcp.flags = tcp_flag::kNs | tcp_flag::kSyn;
    auto n = build_tcp(buf, ip, tcp);
    ASSERT_EQ(n, 40u);
    auto f = decode_frame(LinkType::ipv4, Bytes(buf).first(*n));
    ASSERT_TRUE(f.tcp);
    EXPECT_TRUE(f.tcp->ns());
    EXPECT_EQ(f.tcp->reserved_bits(), 0);
    EXPECT_EQ(load_u8(buf, 32), 0x51);
}

TEST(Tcp, DataOffsetBelowFive) {
    auto fx = load_fixture("bad_tcp_doff_short");
    auto f = fx.decode();
    ASSERT_TRUE(f.tcp);
    EXPECT_TRUE(f.tcp->quirks().has(TcpQuirk::data_offset_short));
    EXPECT_EQ(f.tcp->data_offset(), 4);
    EXPECT_EQ(f.tcp->header_length(), 20u);
    EXPECT_TRUE(f.tcp->options().empty());
    EXPECT_EQ(f.tcp->src_port(), 40000);  // the fixed header is still read
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
}

TEST(Tcp, DataOffsetPastTheSegment) {
    auto fx = load_fixture("bad_tcp_doff_past_end");
    auto f = fx.decode();
    ASSERT_TRUE(f.tcp);
    EXPECT_TRUE(f.tcp->quirks().has(TcpQuirk::data_offset_past_end));
    EXPECT_EQ(f.tcp->data_offset(), 15);
    EXPECT_EQ(f.tcp->header_length(), 20u);  // clamped to the 20-byte segment
    EXPECT_TRUE(f.tcp->options().empty());
    EXPECT_TRUE(f.tcp->payload().empty());
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
}

TEST(Tcp, ShorterThanTheFixedHeader) {
    EXPECT_EQ(issue_of("bad_tcp_truncated"), FrameIssue::tcp_truncated);
    std::array<std::byte, 19> b{};
    EXPECT_FALSE(TcpView::parse(b));
}

TEST(Tcp, WrongChecksumIsSeen) {
    auto fx = load_fixture("eth_ipv4_tcp_syn");
    auto bytes = fx.bytes;
    bytes.back() ^= std::byte{1};
    auto f = decode_frame(fx.link, bytes);
    EXPECT_EQ(transport_checksum_ok(f), false);
    auto trunc = load_fixture("bad_ipv4_total_length_past_end");
    EXPECT_EQ(transport_checksum_ok(trunc.decode()), std::nullopt);
}

TEST(TcpBuilder, RefusesWhatDoesNotFit) {
    std::array<std::byte, 60> buf{};
    Ipv4Fields ip;
    TcpFields tcp;
    std::array<std::byte, 41> opts{};
    tcp.options = opts;
    EXPECT_FALSE(build_tcp(buf, ip, tcp));
    tcp.options = Bytes(opts).first(40);
    EXPECT_FALSE(build_tcp(buf, ip, tcp));  // 80 bytes into 60
    std::array<std::byte, 80> big{};
    EXPECT_EQ(build_tcp(big, ip, tcp), 80u);
    EXPECT_FALSE(build_tcp(MutableBytes(buf).first(39), ip, TcpFields{}));
    TcpFields bad_flags;
    bad_flags.flags = 0x1000;
    EXPECT_FALSE(build_tcp(buf, ip, bad_flags));
    // Options are padded with zeros to a multiple of 4.
    std::array<std::byte, 3> ws{std::byte{3}, std::byte{3}, std::byte{7}};
    TcpFields padded;
    padded.options = ws;
    ASSERT_EQ(build_tcp(buf, ip, padded), 44u);
    EXPECT_EQ(load_u8(buf, 32) >> 4, 6);
    EXPECT_EQ(load_u8(buf, 43), 0);
}

}  // namespace
}  // namespace whorl::wire
