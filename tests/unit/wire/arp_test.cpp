// ARP request building and parsing round trip; malformed ARP is refused.
#include "wire/arp.hpp"

#include <array>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "wire/ethernet.hpp"

namespace whorl::wire {
namespace {

TEST(Arp, RequestFrameRoundTrips) {
    std::array<std::byte, 64> buf{};
    auto mac = *MacAddress::parse("02:57:4c:00:00:01");
    auto n = build_arp_request(buf, mac, *Ipv4Address::parse("198.51.100.1"), *Ipv4Address::parse("198.51.100.2"));
    ASSERT_EQ(n, 60u);
    EXPECT_EQ(to_hex(std::span(buf).first(42)),
              "ffffffffffff02574c0000010806"   // broadcast from us, ARP
              "000108000604"                   // Ethernet/IPv4, 6/4
              "0001" "02574c000001" "c6336401"  // request, sender
              "000000000000" "c6336402");       // target
    auto eth = EthernetView::parse(std::span(buf).first(*n));
    auto arp = ArpView::parse(eth->payload());
    ASSERT_TRUE(arp);
    EXPECT_EQ(arp->operation(), ArpView::kRequest);
    EXPECT_EQ(arp->sender_mac(), mac);
    EXPECT_EQ(arp->target_ip().to_string(), "198.51.100.2");
}

TEST(Arp, RefusesOtherHardwareAndShortPayloads) {
    auto good = *parse_hex("0001 0800 0604 0002 02574c000002 c6336402 02574c000001 c6336401");
    EXPECT_TRUE(ArpView::parse(good));
    auto wrong_type = good;
    wrong_type[1] = std::byte{6};  // IEEE 802 hardware
    EXPECT_FALSE(ArpView::parse(wrong_type));
    EXPECT_FALSE(ArpView::parse(std::span(good).first(27)));
}

}  // namespace
}  // namespace whorl::wire
