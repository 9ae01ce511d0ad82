// IPv6: fixed header fields, the extension chain (hop-by-hop, destination options,
// routing, fragment), where the walk stops (no next header, later fragment), and a
// malformed case for the payload length and every extension length.
#include <gtest/gtest.h>

#include "wire/ip_protocol.hpp"
#include "wire/ipv6_extensions.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::load_fixture;
using test::rebuild_frame;

TEST(Ipv6, FixedHeaderFields) {
    auto fx = load_fixture("eth_qinq_ipv6_tcp");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv6);
    const Ipv6View& ip = *f.ipv6;
    EXPECT_EQ(ip.version(), 6);
    EXPECT_EQ(ip.traffic_class(), 0x20);
    EXPECT_EQ(ip.dscp(), 8);
    EXPECT_EQ(ip.ecn(), 0);
    EXPECT_EQ(ip.flow_label(), 0x12345u);
    EXPECT_EQ(ip.payload_length(), 40);
    EXPECT_EQ(ip.next_header(), ip_protocol::kTcp);
    EXPECT_EQ(ip.hop_limit(), 64);
    EXPECT_EQ(ip.src().to_string(), "2001:db8::1");
    EXPECT_EQ(ip.dst().to_string(), "2001:db8::2");
    EXPECT_TRUE(ip.quirks().none());
    EXPECT_TRUE(f.ipv6_extensions.headers().empty());
    EXPECT_EQ(f.ipv6_extensions.end(), Ipv6ChainEnd::upper_layer);
    EXPECT_EQ(f.transport_offset, 22 + 40);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Ipv6, ExtensionChainIsWalked) {
    auto fx = load_fixture("raw_ipv6_ext_chain_tcp");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete()) << frame_issue_name(f.issue);
    const auto& x = f.ipv6_extensions;
    ASSERT_EQ(x.headers().size(), 4u);
    EXPECT_EQ(x.headers()[0], (Ipv6ExtHeader{ip_protocol::kHopByHop, 0, 8}));
    EXPECT_EQ(x.headers()[1], (Ipv6ExtHeader{ip_protocol::kDestinationOptions, 8, 8}));
    EXPECT_EQ(x.headers()[2], (Ipv6ExtHeader{ip_protocol::kRouting, 16, 24}));
    EXPECT_EQ(x.headers()[3], (Ipv6ExtHeader{ip_protocol::kFragment, 40, 8}));
    ASSERT_TRUE(x.fragment());
    EXPECT_EQ(x.fragment()->offset, 0);
    EXPECT_TRUE(x.fragment()->more);
    EXPECT_EQ(x.fragment()->identification, 0xABCDEFu);
    EXPECT_EQ(x.upper_protocol(), ip_protocol::kTcp);
    EXPECT_EQ(x.upper_offset(), 48u);
    EXPECT_EQ(x.end(), Ipv6ChainEnd::upper_layer);
    EXPECT_TRUE(x.quirks().none());
    EXPECT_EQ(f.transport_offset, 88);
    ASSERT_TRUE(f.tcp);
    EXPECT_EQ(f.tcp->dst_port(), 80);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Ipv6, LaterFragmentStopsTheWalk) {
    auto fx = load_fixture("raw_ipv6_fragment_later");
    auto f = fx.decode();
    const auto& x = f.ipv6_extensions;
    EXPECT_EQ(x.end(), Ipv6ChainEnd::non_first_fragment);
    ASSERT_TRUE(x.fragment());
    EXPECT_EQ(x.fragment()->offset, 100);
    EXPECT_FALSE(x.fragment()->more);
    EXPECT_EQ(x.upper_protocol(), ip_protocol::kTcp);  // what the fragment header names
    EXPECT_EQ(f.issue, FrameIssue::fragment);
    EXPECT_FALSE(f.tcp);
}

TEST(Ipv6, NoNextHeader) {
    auto fx = load_fixture("raw_ipv6_no_next_header");
    auto f = fx.decode();
    EXPECT_EQ(f.ipv6_extensions.end(), Ipv6ChainEnd::no_next_header);
    EXPECT_EQ(f.ipv6_extensions.headers().size(), 1u);
    EXPECT_EQ(f.issue, FrameIssue::no_transport);
}

TEST(Ipv6, PayloadLengthPastTheCapture) {
    auto fx = load_fixture("bad_ipv6_payload_length_past_end");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv6);
    EXPECT_TRUE(f.ipv6->quirks().has(Ipv6Quirk::truncated));
    EXPECT_EQ(f.ipv6->payload_length(), 1000);
    EXPECT_EQ(f.ipv6->payload().size(), 20u);
    EXPECT_TRUE(f.tcp);
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
}

TEST(Ipv6, PayloadLengthShorterThanTheChain) {
    auto fx = load_fixture("bad_ipv6_payload_length_short");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv6);
    EXPECT_EQ(f.ipv6->payload().size(), 8u);
    EXPECT_EQ(f.ipv6->trailer().size(), 20u);  // the TCP header is outside the payload
    EXPECT_EQ(f.ipv6_extensions.headers().size(), 1u);
    EXPECT_EQ(f.issue, FrameIssue::tcp_truncated);
}

TEST(Ipv6, ExtensionLengthPastThePayload) {
    for (const char* name : {"bad_ipv6_hbh_length_past_end", "bad_ipv6_dstopt_length_past_end",
                             "bad_ipv6_routing_length_past_end"}) {
        auto fx = load_fixture(name);
        auto f = fx.decode();
        EXPECT_EQ(f.ipv6_extensions.end(), Ipv6ChainEnd::truncated) << name;
        EXPECT_TRUE(f.ipv6_extensions.headers().empty()) << name;
        EXPECT_EQ(f.issue, FrameIssue::ipv6_extension_truncated) << name;
        EXPECT_EQ(f.issue_offset, 40u) << name;
    }
}

TEST(Ipv6, FragmentHeaderCutOff) {
    auto fx = load_fixture("bad_ipv6_fragment_truncated");
    auto f = fx.decode();
    EXPECT_EQ(f.ipv6_extensions.end(), Ipv6ChainEnd::truncated);
    EXPECT_EQ(f.ipv6_extensions.upper_protocol(), ip_protocol::kFragment);
    EXPECT_FALSE(f.ipv6_extensions.fragment());
    EXPECT_EQ(f.issue, FrameIssue::ipv6_extension_truncated);
}

TEST(Ipv6Extensions, TooManyAndOrderQuirks) {
    // Nine destination-options headers then hop-by-hop: capacity is 8.
    std::vector<std::byte> p(10 * 8);
    for (int i = 0; i < 10; ++i) store_u8(p, i * 8, i == 8 ? ip_protocol::kHopByHop : ip_protocol::kDestinationOptions);
    auto x = Ipv6Extensions::walk(ip_protocol::kDestinationOptions, p);
    EXPECT_EQ(x.end(), Ipv6ChainEnd::too_many);
    EXPECT_EQ(x.headers().size(), Ipv6Extensions::kMaxHeaders);
    EXPECT_TRUE(x.quirks().has(Ipv6ExtQuirk::repeated_header));

    std::vector<std::byte> q(16);
    store_u8(q, 0, ip_protocol::kHopByHop);
    store_u8(q, 8, ip_protocol::kNoNextHeader);
    auto y = Ipv6Extensions::walk(ip_protocol::kDestinationOptions, q);
    EXPECT_TRUE(y.quirks().has(Ipv6ExtQuirk::hop_by_hop_not_first));
    EXPECT_EQ(y.end(), Ipv6ChainEnd::no_next_header);
    EXPECT_EQ(y.upper_offset(), 16u);
}

TEST(Ipv6Extensions, StopsAtAhAndEsp) {
    std::vector<std::byte> p(8);
    store_u8(p, 0, ip_protocol::kAh);
    EXPECT_EQ(Ipv6Extensions::walk(ip_protocol::kHopByHop, p).end(), Ipv6ChainEnd::ah);
    store_u8(p, 0, ip_protocol::kEsp);
    auto x = Ipv6Extensions::walk(ip_protocol::kHopByHop, p);
    EXPECT_EQ(x.end(), Ipv6ChainEnd::esp);
    EXPECT_EQ(x.upper_offset(), 8u);
    EXPECT_EQ(Ipv6Extensions::walk(ip_protocol::kHopByHop, Bytes{}).end(), Ipv6ChainEnd::truncated);
}

TEST(Ipv6, JumboPayloadLength) {
    std::vector<std::byte> p(48);
    store_u8(p, 0, 0x60);
    store_u8(p, 6, ip_protocol::kHopByHop);
    auto v = Ipv6View::parse(p);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->quirks().has(Ipv6Quirk::jumbo));
    EXPECT_EQ(v->payload().size(), 8u);
    store_u8(p, 0, 0x40);
    EXPECT_FALSE(Ipv6View::parse(p));
    EXPECT_FALSE(Ipv6View::parse(Bytes(p).first(39)));
}

}  // namespace
}  // namespace whorl::wire
