// Link layers: Ethernet II, stacked VLAN tags, SLL, SLL2, DLT_NULL / DLT_LOOP, the DLT map;
// fixtures -> fields -> rebuilt bytes, and every short or cut-off header.
#include <gtest/gtest.h>

#include "wire/ethernet.hpp"
#include "wire/loopback.hpp"
#include "wire/sll.hpp"
#include "wire/vlan.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::issue_of;
using test::load_fixture;
using test::rebuild_frame;

TEST(LinkType, MapsPcapNumbers) {
    EXPECT_EQ(link_type_from_dlt(1), LinkType::ethernet);
    EXPECT_EQ(link_type_from_dlt(113), LinkType::linux_sll);
    EXPECT_EQ(link_type_from_dlt(276), LinkType::linux_sll2);
    EXPECT_EQ(link_type_from_dlt(12), LinkType::raw);
    EXPECT_EQ(link_type_from_dlt(14), LinkType::raw);
    EXPECT_EQ(link_type_from_dlt(101), LinkType::raw);
    EXPECT_EQ(link_type_from_dlt(228), LinkType::ipv4);
    EXPECT_EQ(link_type_from_dlt(229), LinkType::ipv6);
    EXPECT_EQ(link_type_from_dlt(0), LinkType::null);
    EXPECT_EQ(link_type_from_dlt(108), LinkType::loop);
    EXPECT_EQ(link_type_from_dlt(105), std::nullopt);  // 802.11: not decoded
    for (LinkType t : kAllLinkTypes) EXPECT_EQ(link_type_from_dlt(linktype_number(t)), t);
}

TEST(Ethernet, PlainFrame) {
    auto fx = load_fixture("eth_ipv4_tcp_syn");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete()) << frame_issue_name(f.issue);
    EXPECT_EQ(f.link.dst_mac->to_string(), "02:00:00:00:00:02");
    EXPECT_EQ(f.link.src_mac->to_string(), "02:00:00:00:00:01");
    EXPECT_EQ(f.link.ethertype, ethertype::kIpv4);
    EXPECT_EQ(f.link.network_offset, 14);
    EXPECT_EQ(f.link.vlans.depth(), 0u);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Vlan, SingleTag) {
    auto fx = load_fixture("eth_vlan_ipv4_udp");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    ASSERT_EQ(f.link.vlans.depth(), 1u);
    const VlanTag& t = f.link.vlans.tags()[0];
    EXPECT_EQ(t.tpid, ethertype::kVlan);
    EXPECT_EQ(t.vid(), 100);
    EXPECT_EQ(t.priority(), 5);
    EXPECT_FALSE(t.drop_eligible());
    EXPECT_EQ(f.link.ethertype, ethertype::kIpv4);
    EXPECT_EQ(f.link.network_offset, 18);
    EXPECT_TRUE(f.udp.has_value());
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Vlan, QinQAndTripleStack) {
    auto fx = load_fixture("eth_qinq_ipv6_tcp");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    ASSERT_EQ(f.link.vlans.depth(), 2u);
    EXPECT_EQ(f.link.vlans.tags()[0].tpid, ethertype::kQinQ);
    EXPECT_EQ(f.link.vlans.tags()[0].vid(), 200);
    EXPECT_EQ(f.link.vlans.tags()[1].tpid, ethertype::kVlan);
    EXPECT_EQ(f.link.vlans.tags()[1].vid(), 300);
    EXPECT_EQ(f.link.ethertype, ethertype::kIpv6);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);

    auto fx3 = load_fixture("eth_vlan3_icmp_echo");
    auto f3 = fx3.decode();
    ASSERT_TRUE(f3.complete());
    ASSERT_EQ(f3.link.vlans.depth(), 3u);
    EXPECT_EQ(f3.link.vlans.tags()[0].tpid, ethertype::kQinQOld);
    EXPECT_EQ(f3.link.vlans.tags()[1].tpid, ethertype::kQinQ);
    EXPECT_EQ(f3.link.vlans.tags()[2].vid(), 3);
    EXPECT_EQ(f3.link.network_offset, 26);
    EXPECT_EQ(rebuild_frame(f3), fx3.bytes);
}

TEST(Vlan, DeeperThanCapacityIsCounted) {
    // 10 tags, then IPv4: the walk goes through all of them, keeps the first 8.
    std::vector<std::byte> b(14 + 10 * 4 + 2);
    store_be16(b, 12, ethertype::kVlan);
    for (int i = 0; i < 10; ++i) {
        store_be16(b, 14 + 4 * i, static_cast<std::uint16_t>(i + 1));
        store_be16(b, 16 + 4 * i, i == 9 ? ethertype::kArp : ethertype::kVlan);
    }
    auto s = VlanStack::walk(ethertype::kVlan, Bytes(b).subspan(14));
    EXPECT_EQ(s.depth(), 10u);
    EXPECT_EQ(s.tags().size(), VlanStack::kMaxTags);
    EXPECT_TRUE(s.overflow());
    EXPECT_EQ(s.inner_type(), ethertype::kArp);
    EXPECT_EQ(s.length(), 40u);
}

TEST(Vlan, TruncatedTag) {
    auto fx_f = load_fixture("bad_vlan_truncated");
    auto f = fx_f.decode();
    EXPECT_EQ(f.issue, FrameIssue::vlan_truncated);
    EXPECT_EQ(f.issue_offset, 14u);
    EXPECT_TRUE(f.link.vlans.truncated());
    EXPECT_FALSE(f.ipv4.has_value());
}

TEST(Ethernet, ShortAndNotIp) {
    auto fx_f = load_fixture("bad_eth_short");
    auto f = fx_f.decode();
    EXPECT_EQ(f.issue, FrameIssue::link_truncated);
    EXPECT_FALSE(f.link.src_mac.has_value());
    auto fx_arp = load_fixture("eth_arp");
    auto arp = fx_arp.decode();
    EXPECT_EQ(arp.issue, FrameIssue::not_ip);
    EXPECT_EQ(arp.link.ethertype, ethertype::kArp);
    EXPECT_EQ(arp.issue_offset, 14u);
}

TEST(Sll, Version1) {
    auto fx = load_fixture("sll_ipv4_tcp_rst");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.link.sll_packet_type, sll_packet_type::kOutgoing);
    EXPECT_EQ(f.link.arphrd_type, 1);
    EXPECT_EQ(f.link.src_mac->to_string(), "02:00:00:00:00:01");
    EXPECT_FALSE(f.link.dst_mac.has_value());
    EXPECT_EQ(f.link.network_offset, 16);
    EXPECT_TRUE(f.tcp->rst());
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Sll, Version2) {
    auto fx = load_fixture("sll2_ipv6_udp");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.link.sll_packet_type, sll_packet_type::kBroadcast);
    EXPECT_EQ(f.link.interface_index, 3u);
    EXPECT_EQ(f.link.src_mac->to_string(), "02:00:00:00:00:02");
    EXPECT_EQ(f.link.network_offset, 20);
    EXPECT_EQ(f.link.ethertype, ethertype::kIpv6);
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Sll, ShortHeaders) {
    EXPECT_EQ(issue_of("bad_sll_short"), FrameIssue::link_truncated);
    EXPECT_EQ(issue_of("bad_sll2_short"), FrameIssue::link_truncated);
    SllFields s;
    std::array<std::byte, 9> long_address{};
    s.address = long_address;
    std::array<std::byte, 32> out{};
    EXPECT_FALSE(write_sll(out, s).has_value());
    EXPECT_FALSE(write_sll2(out, s).has_value());
}

TEST(Loopback, NullHostOrderAndLoopNetworkOrder) {
    auto fx = load_fixture("null_ipv4_icmp_echo");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.link.loopback_family, 2u);
    EXPECT_TRUE(f.icmp4.has_value());
    EXPECT_EQ(rebuild_frame(f), fx.bytes);

    auto fx6 = load_fixture("null_ipv6_darwin");
    auto f6 = fx6.decode();
    ASSERT_TRUE(f6.complete());
    EXPECT_EQ(f6.link.loopback_family, 30u);
    EXPECT_EQ(rebuild_frame(f6), fx6.bytes);

    auto fxl = load_fixture("loop_ipv6_openbsd");
    auto fl = fxl.decode();
    ASSERT_TRUE(fl.complete());
    EXPECT_EQ(fl.link.loopback_family, 24u);
    EXPECT_EQ(rebuild_frame(fl), fxl.bytes);
    // The same bytes read as DLT_NULL are still family 24: the order is guessed.
    EXPECT_EQ(decode_frame(LinkType::null, fxl.bytes).link.loopback_family, 24u);
}

TEST(Loopback, EveryInet6Value) {
    for (std::uint32_t fam : {10u, 24u, 28u, 30u}) {
        std::array<std::byte, 4> le{}, be{};
        write_loopback(le, fam, false);
        write_loopback(be, fam, true);
        EXPECT_EQ(LoopbackView::parse(le, false)->family(), LoopbackFamily::ipv6) << fam;
        EXPECT_EQ(LoopbackView::parse(be, false)->family(), LoopbackFamily::ipv6) << fam;
        EXPECT_EQ(LoopbackView::parse(be, true)->family(), LoopbackFamily::ipv6) << fam;
    }
}

TEST(Loopback, ShortAndUnknownFamily) {
    EXPECT_EQ(issue_of("bad_null_short"), FrameIssue::link_truncated);
    auto fx_f = load_fixture("bad_null_family");
    auto f = fx_f.decode();
    EXPECT_EQ(f.issue, FrameIssue::loopback_family_unknown);
    EXPECT_EQ(f.link.loopback_family, 7u);
}

TEST(RawLink, PicksVersionAndForcedTypes) {
    auto v6 = load_fixture("sll2_ipv6_udp");
    Bytes ip = Bytes(v6.bytes).subspan(20);
    EXPECT_TRUE(decode_frame(LinkType::raw, ip).ipv6.has_value());
    EXPECT_TRUE(decode_frame(LinkType::ipv6, ip).ipv6.has_value());
    auto as_v4 = decode_frame(LinkType::ipv4, ip);
    EXPECT_EQ(as_v4.issue, FrameIssue::ipv4_invalid);
    EXPECT_EQ(decode_frame(LinkType::raw, Bytes{}).issue, FrameIssue::ipv4_invalid);
}

}  // namespace
}  // namespace whorl::wire
