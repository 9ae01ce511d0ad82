// UDP: fields, payload bounded by the length, checksum (including the 0 -> 0xFFFF rule),
// and a malformed case for the length field (below 8, past the segment, shorter).
#include <gtest/gtest.h>

#include "wire/packet_builder.hpp"
#include "wire/udp.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::load_fixture;
using test::rebuild_frame;

TEST(Udp, Fields) {
    auto fx = load_fixture("eth_vlan_ipv4_udp");
    auto f = fx.decode();
    ASSERT_TRUE(f.udp);
    EXPECT_EQ(f.udp->src_port(), 5353);
    EXPECT_EQ(f.udp->dst_port(), 53);
    EXPECT_EQ(f.udp->length(), 14);
    EXPECT_EQ(as_text(f.udp->payload()), "query!");
    EXPECT_TRUE(f.udp->quirks().none());
    EXPECT_EQ(transport_checksum_ok(f), true);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Udp, OverIpv6) {
    auto fx = load_fixture("sll2_ipv6_udp");
    auto f = fx.decode();
    ASSERT_TRUE(f.udp);
    EXPECT_EQ(f.udp->dst_port(), 547);
    EXPECT_EQ(as_text(f.udp->payload()), "dhcp6");
    EXPECT_EQ(transport_checksum_ok(f), true);
}

TEST(Udp, LengthBelowHeader) {
    auto fx = load_fixture("bad_udp_length_short");
    auto f = fx.decode();
    ASSERT_TRUE(f.udp);
    EXPECT_TRUE(f.udp->quirks().has(UdpQuirk::length_short));
    EXPECT_EQ(f.udp->length(), 4);
    EXPECT_EQ(f.udp->payload().size(), 4u);  // the rest of the segment
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
}

TEST(Udp, LengthPastTheSegment) {
    auto fx = load_fixture("bad_udp_length_past_end");
    auto f = fx.decode();
    ASSERT_TRUE(f.udp);
    EXPECT_TRUE(f.udp->quirks().has(UdpQuirk::length_past_end));
    EXPECT_EQ(f.udp->payload().size(), 4u);
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
}

TEST(Udp, LengthShorterThanTheSegment) {
    auto fx = load_fixture("bad_udp_length_trailing");
    auto f = fx.decode();
    ASSERT_TRUE(f.udp);
    EXPECT_TRUE(f.udp->quirks().has(UdpQuirk::length_trailing));
    EXPECT_EQ(as_text(f.udp->payload()), "ab");
    EXPECT_EQ(f.udp->datagram().size(), 10u);
}

TEST(Udp, TooShortForAHeader) {
    std::array<std::byte, 7> b{};
    EXPECT_FALSE(UdpView::parse(b));
}

TEST(UdpBuilder, ZeroChecksumIsSentAsAllOnes) {
    // Find a payload whose checksum comes out as 0, and check that 0xFFFF is written.
    std::array<std::byte, 64> buf{};
    Ipv4Fields ip;
    ip.src = Ipv4Address{0xC6336401};
    ip.dst = Ipv4Address{0xC6336402};
    std::array<std::byte, 2> payload{};
    bool found = false;
    for (std::uint32_t v = 0; v <= 0xFFFF && !found; ++v) {
        store_be16(payload, 0, static_cast<std::uint16_t>(v));
        auto n = build_udp(buf, ip, UdpFields{1, 2}, payload);
        ASSERT_TRUE(n);
        if (load_be16(buf, 26) == 0xFFFF) {
            found = true;
            auto f = decode_frame(LinkType::raw, Bytes(buf).first(*n));
            EXPECT_EQ(transport_checksum_ok(f), true);
        }
        ASSERT_NE(load_be16(buf, 26), 0);
    }
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace whorl::wire
