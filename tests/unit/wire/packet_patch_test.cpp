// Template-then-patch: a built probe with IP ID, TTL, TOS, ports, seq, ack or echo id/seq
// changed in place has the same bytes (checksums included) as one built from scratch
// with the new values; refusals for fields a protocol does not have.
#include "wire/packet_patch.hpp"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "wire/packet_builder.hpp"

namespace whorl::wire {
namespace {

Ipv4Fields v4() {
    Ipv4Fields ip;
    ip.src = *Ipv4Address::parse("198.51.100.1");
    ip.dst = *Ipv4Address::parse("198.51.100.2");
    return ip;
}

Ipv6Fields v6() {
    Ipv6Fields ip;
    ip.src = *Ipv6Address::parse("2001:db8::1");
    ip.dst = *Ipv6Address::parse("2001:db8::2");
    return ip;
}

const std::vector<std::byte> kOpts = {std::byte{2}, std::byte{4}, std::byte{5}, std::byte{0xb4}};

template <class Ip>
std::vector<std::byte> tcp_packet(Ip ip, TcpFields tcp) {
    std::vector<std::byte> out(128);
    tcp.options = kOpts;
    out.resize(build_tcp(out, ip, tcp).value());
    return out;
}

TEST(PacketPatch, TcpOverIpv4MatchesAFreshBuild) {
    std::mt19937 rng(3);
    TcpFields base{1000, 80, 1, 2, 0x002, 1024};
    auto pkt = tcp_packet(v4(), base);
    auto patcher = PacketPatcher::attach(pkt);
    ASSERT_TRUE(patcher);
    EXPECT_EQ(patcher->layout().ip_version, 4);
    EXPECT_EQ(patcher->layout().l4_offset, 20);
    for (int i = 0; i < 500; ++i) {
        Ipv4Fields ip = v4();
        ip.id = static_cast<std::uint16_t>(rng());
        ip.ttl = static_cast<std::uint8_t>(rng());
        ip.tos = static_cast<std::uint8_t>(rng());
        TcpFields tcp = base;
        tcp.src_port = static_cast<std::uint16_t>(rng());
        tcp.dst_port = static_cast<std::uint16_t>(rng());
        tcp.seq = static_cast<std::uint32_t>(rng());
        tcp.ack = static_cast<std::uint32_t>(rng());
        patcher->set_ip_id(ip.id);
        patcher->set_ttl(ip.ttl);
        patcher->set_tos(ip.tos);
        ASSERT_TRUE(patcher->set_ports(tcp.src_port, tcp.dst_port));
        ASSERT_TRUE(patcher->set_tcp_seq(tcp.seq));
        ASSERT_TRUE(patcher->set_tcp_ack(tcp.ack));
        ASSERT_EQ(pkt, tcp_packet(ip, tcp)) << i;
        ASSERT_FALSE(patcher->set_echo(1, 2));
    }
}

TEST(PacketPatch, TcpOverIpv6) {
    TcpFields base{1000, 80, 1, 2, 0x012, 1024};
    auto pkt = tcp_packet(v6(), base);
    auto patcher = PacketPatcher::attach(pkt);
    ASSERT_TRUE(patcher);
    patcher->set_ttl(33);
    patcher->set_ip_id(5);  // no IPv4 ID: ignored
    patcher->set_ports(5, 6);
    patcher->set_tcp_seq(0xDEADBEEF);
    Ipv6Fields ip = v6();
    ip.hop_limit = 33;
    TcpFields want = base;
    want.src_port = 5;
    want.dst_port = 6;
    want.seq = 0xDEADBEEF;
    EXPECT_EQ(pkt, tcp_packet(ip, want));
}

TEST(PacketPatch, UdpAndEcho) {
    std::vector<std::byte> udp(64), want(64);
    const std::vector<std::byte> payload(5, std::byte{0x43});
    udp.resize(build_udp(udp, v6(), {1, 2}, payload).value());
    auto p = PacketPatcher::attach(udp);
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->set_ports(3000, 4000));
    EXPECT_FALSE(p->set_tcp_seq(1));
    want.resize(build_udp(want, v6(), {3000, 4000}, payload).value());
    EXPECT_EQ(udp, want);

    std::vector<std::byte> echo(64), echo_want(64);
    echo.resize(build_icmp4_echo(echo, v4(), {8, 9, 1, 2}, payload).value());
    auto e = PacketPatcher::attach(echo);
    ASSERT_TRUE(e);
    EXPECT_TRUE(e->set_echo(0x998F, 295));
    EXPECT_FALSE(e->set_ports(1, 2));
    echo_want.resize(build_icmp4_echo(echo_want, v4(), {8, 9, 0x998F, 295}, payload).value());
    EXPECT_EQ(echo, echo_want);

    std::vector<std::byte> echo6(64), echo6_want(64);
    echo6.resize(build_icmp6_echo(echo6, v6(), {128, 0, 1, 2}, payload).value());
    auto e6 = PacketPatcher::attach(echo6);
    ASSERT_TRUE(e6 && e6->set_echo(7, 8));
    echo6_want.resize(build_icmp6_echo(echo6_want, v6(), {128, 0, 7, 8}, payload).value());
    EXPECT_EQ(echo6, echo6_want);
}

TEST(PacketPatch, UdpIpv4WithoutChecksumStaysWithout) {
    std::vector<std::byte> udp(64);
    UdpFields f{1, 2};
    f.checksum = 0;
    udp.resize(build_udp(udp, v4(), f).value());
    auto p = PacketPatcher::attach(udp);
    ASSERT_TRUE(p);
    p->set_ports(9, 10);
    EXPECT_EQ(load_be16(udp, 26), 0);
}

TEST(PacketPatch, RecomputeFixesHandEdits) {
    TcpFields base{1000, 80, 1, 2, 0x002, 1024};
    auto pkt = tcp_packet(v4(), base);
    const auto good = pkt;
    store_be16(pkt, 10, 0xDEAD);  // IP checksum
    store_be16(pkt, 36, 0xBEEF);  // TCP checksum
    auto p = PacketPatcher::attach(pkt);
    ASSERT_TRUE(p);
    p->recompute_checksums();
    EXPECT_EQ(pkt, good);
}

TEST(PacketPatch, RefusesWhatIsNotAWholePacket) {
    TcpFields base{1000, 80, 1, 2, 0x002, 1024};
    auto pkt = tcp_packet(v4(), base);
    EXPECT_FALSE(PacketLayout::of(Bytes(pkt).first(30)));  // truncated
    std::vector<std::byte> gre(28);
    Ipv4Fields ip = v4();
    ip.protocol = 47;
    ASSERT_TRUE(write_ipv4_header(gre, ip, 47, 8));
    EXPECT_FALSE(PacketLayout::of(gre));
    EXPECT_FALSE(PacketLayout::of(Bytes{}));
}

}  // namespace
}  // namespace whorl::wire
