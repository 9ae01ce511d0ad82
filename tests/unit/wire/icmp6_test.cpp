// ICMPv6: echo request/reply, destination unreachable quoting a whole IPv6 datagram, the
// pseudo-header checksum, and a quote too short for the IPv6 header.
#include <gtest/gtest.h>

#include "wire/icmp6.hpp"
#include "wire/ip_protocol.hpp"
#include "wire/packet_builder.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::load_fixture;
using test::rebuild_frame;

TEST(Icmp6, EchoRequestAndReply) {
    auto fx = load_fixture("null_ipv6_darwin");
    auto f = fx.decode();
    ASSERT_TRUE(f.icmp6);
    EXPECT_EQ(f.icmp6->type(), icmp6_type::kEchoRequest);
    EXPECT_EQ(f.icmp6->id(), 0x1111);
    EXPECT_EQ(f.icmp6->sequence(), 3);
    EXPECT_EQ(as_text(f.icmp6->payload()), "abcd");
    EXPECT_TRUE(f.icmp6->is_echo());
    EXPECT_TRUE(f.icmp6->checksum_ok(f.ipv6->src(), f.ipv6->dst()));
    EXPECT_FALSE(f.icmp6->checksum_ok(f.ipv6->dst(), f.ipv6->dst()));
    // The echo builder gives the same bytes.
    std::array<std::byte, 64> buf{};
    Ipv6Fields ip{f.ipv6->src(), f.ipv6->dst()};
    auto n = build_icmp6_echo(buf, ip, {icmp6_type::kEchoRequest, 0, 0x1111, 3}, f.icmp6->payload());
    ASSERT_TRUE(n);
    EXPECT_TRUE(std::equal(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n), fx.bytes.begin() + 4,
                           fx.bytes.end()));

    auto rx = load_fixture("loop_ipv6_openbsd");
    auto r = rx.decode();
    EXPECT_EQ(r.icmp6->type(), icmp6_type::kEchoReply);
    EXPECT_EQ(transport_checksum_ok(r), true);
}

TEST(Icmp6, UnreachableQuotesTheDatagram) {
    auto fx = load_fixture("raw_ipv6_icmp6_unreach");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.icmp6->type(), icmp6_type::kDestUnreachable);
    EXPECT_EQ(f.icmp6->code(), 4);
    auto q = f.icmp6->quote();
    ASSERT_TRUE(q);
    EXPECT_EQ(q->ip.src().to_string(), "2001:db8::1");
    EXPECT_EQ(q->ip.next_header(), ip_protocol::kUdp);
    EXPECT_FALSE(q->ip.truncated());
    EXPECT_EQ(q->extensions.upper_protocol(), ip_protocol::kUdp);
    EXPECT_EQ(q->transport.src_port(), 40000);
    EXPECT_EQ(q->transport.dst_port(), 33434);
    EXPECT_EQ(q->transport.udp_length(), 20);
    EXPECT_EQ(q->transport.bytes().size(), 20u);
    EXPECT_EQ(transport_checksum_ok(f), true);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Icmp6, QuoteTooShort) {
    auto fx = load_fixture("bad_icmp6_quote_truncated");
    auto f = fx.decode();
    ASSERT_TRUE(f.icmp6);
    EXPECT_FALSE(f.icmp6->quote());
    EXPECT_EQ(f.issue, FrameIssue::icmp6_quote_invalid);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Icmp6, ShortMessage) {
    std::array<std::byte, 7> b{};
    EXPECT_FALSE(Icmp6View::parse(b));
}

}  // namespace
}  // namespace whorl::wire
