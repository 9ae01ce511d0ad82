// ICMPv4: echo, timestamp, port unreachable and time exceeded with the quoted datagram as
// a nested IPv4 view and its first 8 transport bytes; a quote too short for an IP header.
#include <gtest/gtest.h>

#include "wire/icmp4.hpp"
#include "wire/packet_builder.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::issue_of;
using test::load_fixture;
using test::rebuild_frame;

TEST(Icmp4, EchoRequestAndReply) {
    auto fx = load_fixture("eth_vlan3_icmp_echo");
    auto f = fx.decode();
    ASSERT_TRUE(f.icmp4);
    EXPECT_EQ(f.icmp4->type(), icmp4_type::kEchoRequest);
    EXPECT_EQ(f.icmp4->code(), 0);
    EXPECT_EQ(f.icmp4->id(), 0x4242);
    EXPECT_EQ(f.icmp4->sequence(), 7);
    EXPECT_EQ(f.icmp4->payload().size(), 16u);
    EXPECT_TRUE(f.icmp4->is_echo());
    EXPECT_FALSE(f.icmp4->quote());
    EXPECT_TRUE(f.icmp4->checksum_ok());
    EXPECT_EQ(rebuild_frame(f), fx.bytes);

    auto rx = load_fixture("null_ipv4_icmp_echo");
    auto r = rx.decode();
    EXPECT_EQ(r.icmp4->type(), icmp4_type::kEchoReply);
    EXPECT_EQ(r.icmp4->id(), 1);
    EXPECT_EQ(r.icmp4->sequence(), 2);
    EXPECT_EQ(as_text(r.icmp4->payload()), "ping");
}

TEST(Icmp4, Timestamp) {
    auto fx = load_fixture("raw_ipv4_icmp_timestamp");
    auto f = fx.decode();
    ASSERT_TRUE(f.icmp4);
    ASSERT_TRUE(f.icmp4->timestamps());
    EXPECT_EQ(f.icmp4->timestamps()->originate, 1000u);
    EXPECT_EQ(f.icmp4->timestamps()->receive, 2000u);
    EXPECT_EQ(f.icmp4->timestamps()->transmit, 3000u);
    EXPECT_EQ(f.icmp4->id(), 0x0102);
    EXPECT_EQ(f.icmp4->sequence(), 0x0304);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
    // The timestamp builder gives the same bytes from the fields.
    std::array<std::byte, 64> buf{};
    const Ipv4View& ip = *f.ipv4;
    Ipv4Fields ipf{ip.src(), ip.dst(), ip.tos(), ip.id(), false, false, false, 0, ip.ttl()};
    auto n = build_icmp4_timestamp(buf, ipf, {13, 0, 0x0102, 0x0304, 1000, 2000, 3000});
    ASSERT_TRUE(n);
    EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n), fx.bytes.begin(), fx.bytes.end()));
}

TEST(Icmp4, PortUnreachableQuotesUdp) {
    auto fx = load_fixture("raw_ipv4_icmp_port_unreach");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.ipv4->tos(), 0xC0);
    EXPECT_EQ(f.icmp4->type(), icmp4_type::kDestUnreachable);
    EXPECT_EQ(f.icmp4->code(), 3);
    auto q = f.icmp4->quote();
    ASSERT_TRUE(q);
    EXPECT_EQ(q->ip.id(), 0x1042);
    EXPECT_EQ(q->ip.ttl(), 51);
    EXPECT_EQ(q->ip.total_length(), 328);
    EXPECT_TRUE(q->ip.truncated());  // only 28 bytes were quoted
    EXPECT_FALSE(q->ip.quirks().has(Ipv4Quirk::checksum_bad));
    EXPECT_EQ(q->ip.src().to_string(), "198.51.100.2");
    EXPECT_EQ(q->transport.bytes().size(), 8u);
    EXPECT_EQ(q->transport.src_port(), 51746);
    EXPECT_EQ(q->transport.dst_port(), 44535);
    EXPECT_EQ(q->transport.udp_length(), 308);
    EXPECT_TRUE(f.icmp4->checksum_ok());
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Icmp4, TimeExceededQuotesTcp) {
    auto fx = load_fixture("raw_ipv4_icmp_time_exceeded");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.icmp4->type(), icmp4_type::kTimeExceeded);
    auto q = f.icmp4->quote();
    ASSERT_TRUE(q);
    EXPECT_EQ(q->ip.protocol(), 6);
    EXPECT_TRUE(q->ip.dont_fragment());
    EXPECT_EQ(q->transport.src_port(), 40000);
    EXPECT_EQ(q->transport.dst_port(), 80);
    EXPECT_EQ(q->transport.tcp_seq(), 1000u);
}

TEST(Icmp4, QuoteTooShortForAnIpHeader) {
    auto fx = load_fixture("bad_icmp4_quote_truncated");
    auto f = fx.decode();
    ASSERT_TRUE(f.icmp4);
    EXPECT_FALSE(f.icmp4->quote());
    EXPECT_EQ(f.issue, FrameIssue::icmp4_quote_invalid);
    EXPECT_EQ(f.issue_offset, 28u);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Icmp4, QuotedTransportShorterThanEightBytes) {
    std::array<std::byte, 3> three{};
    QuotedTransport q(three);
    EXPECT_EQ(q.src_port(), 0);
    EXPECT_FALSE(q.dst_port());
    EXPECT_FALSE(QuotedTransport(Bytes(three).first(1)).src_port());
    std::array<std::byte, 6> six{};
    store_be16(six, 0, 7);
    store_be16(six, 4, 9);
    QuotedTransport r(six);
    EXPECT_EQ(r.src_port(), 7);
    EXPECT_EQ(r.udp_length(), 9);
    EXPECT_FALSE(r.udp_checksum());
    EXPECT_FALSE(r.tcp_seq());
}

TEST(Icmp4, Truncated) {
    EXPECT_EQ(issue_of("bad_icmp4_truncated"), FrameIssue::icmp4_truncated);
}

}  // namespace
}  // namespace whorl::wire
