// The IPv6 OS probes byte for byte: each probe Nmap 7.93 sent in the lab
// (tests/fixtures/nmap-os6/linux-nmap793.pcap) is built again from the values Nmap drew
// for it (ports, sequence base, ack, hop limit) and must come out identical, extension
// headers, payloads, flow label and checksums included.
#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <map>

#include "base/ip_address.hpp"
#include "scan/os_probe6_packet.hpp"
#include "support/fixtures.hpp"
#include "wire/frame.hpp"

namespace whorl::scan {
namespace {

using fp::active6::Probe6Id;

// The pcap's records (little-endian, microseconds), as written by tcpdump.
std::vector<std::vector<std::byte>> frames(const std::string& relative) {
    std::ifstream in(::whorl::test::fixture_path(relative), std::ios::binary);
    std::vector<char> all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::vector<std::byte>> out;
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(all[at + static_cast<std::size_t>(i)]);
        return v;
    };
    for (std::size_t at = 24; at + 16 <= all.size();) {
        std::size_t len = u32(at + 8);
        if (at + 16 + len > all.size()) break;
        out.emplace_back(reinterpret_cast<const std::byte*>(all.data() + at + 16),
                         reinterpret_cast<const std::byte*>(all.data() + at + 16 + len));
        at += 16 + len;
    }
    return out;
}

TEST(OsProbe6Packet, EveryProbeAsNmapSentIt) {
    const auto scanner = *IpAddress::parse("2001:db8::1"), target = *IpAddress::parse("2001:db8::2");
    std::map<Probe6Id, std::vector<std::byte>> sent;  // the first of each, by what it is
    std::uint16_t tcp_base = 0;
    for (const auto& frame : frames("nmap-os6/linux-nmap793.pcap")) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame);
        if (!f.ipv6 || f.ipv6->src() != *wire::Ipv6Address::parse("2001:db8::1")) continue;
        std::vector<std::byte> packet(f.ipv6->packet().begin(), f.ipv6->packet().end());
        std::optional<Probe6Id> id;
        if (f.tcp) {
            if (tcp_base == 0) tcp_base = f.tcp->src_port();  // S1 goes first
            int index = f.tcp->src_port() - tcp_base;
            static constexpr Probe6Id kByIndex[] = {Probe6Id::s1, Probe6Id::s2, Probe6Id::s3, Probe6Id::s4, Probe6Id::s5,
                                                    Probe6Id::s6, Probe6Id::tecn, Probe6Id::t2, Probe6Id::t3,
                                                    Probe6Id::t4, Probe6Id::t5, Probe6Id::t6, Probe6Id::t7};
            if (index >= 0 && index < 13) id = kByIndex[index];
        } else if (f.udp) {
            id = Probe6Id::u1;
        } else if (f.icmp6 && f.icmp6->type() == 128) {
            id = f.icmp6->code() == 9 ? Probe6Id::ie1 : Probe6Id::ie2;
        } else if (f.icmp6 && f.icmp6->type() == 135 && f.ipv6->dst() == *wire::Ipv6Address::parse("2001:db8::2")) {
            id = Probe6Id::ns;  // to the target itself, not the solicited-node group
        }
        if (id && !sent.contains(*id)) sent[*id] = packet;
    }
    ASSERT_EQ(sent.size(), fp::active6::kProbe6Count);
    const auto& s1 = sent[Probe6Id::s1];
    auto be32 = [](const std::vector<std::byte>& p, std::size_t at) {
        return std::to_integer<std::uint32_t>(p[at]) << 24 | std::to_integer<std::uint32_t>(p[at + 1]) << 16 |
               std::to_integer<std::uint32_t>(p[at + 2]) << 8 | std::to_integer<std::uint32_t>(p[at + 3]);
    };
    for (const auto& [id, packet] : sent) {
        OsProbe6Values v;
        v.source = scanner;
        v.target = target;
        v.tcp_port_base = tcp_base;
        v.open_port = 22;
        v.closed_port = 1;
        v.seq_base = be32(s1, 44);
        v.hop_limit = std::to_integer<std::uint8_t>(packet[7]);
        if (id == Probe6Id::u1) {
            v.udp_port_base = static_cast<std::uint16_t>(be32(packet, 40) >> 16);
            v.closed_udp_port = static_cast<std::uint16_t>(be32(packet, 40));
        }
        if (fp::active6::probe6_kind(id) == fp::active6::Probe6Kind::tcp) v.ack = be32(packet, 48);
        v.echo_sequence = id == Probe6Id::ie2 ? 1 : 0;
        std::array<std::byte, 400> buf{};
        auto n = build_os_probe6(buf, id, v);
        ASSERT_TRUE(n) << fp::active6::probe6_name(id);
        EXPECT_EQ(std::vector<std::byte>(buf.begin(), buf.begin() + *n), packet) << fp::active6::probe6_name(id);
    }
}

TEST(OsProbe6Packet, PlanFollowsThePortsAndTheLink) {
    using fp::active6::probe6_plan;
    EXPECT_EQ(probe6_plan(true, true, true).size(), 17u);
    EXPECT_EQ(probe6_plan(true, true, false).size(), 16u);  // no NS off the link
    EXPECT_EQ(probe6_plan(false, true, true).size(), 7u);   // IE1, IE2, NS, U1, T5-T7
    EXPECT_EQ(probe6_plan(true, false, true).size(), 14u);  // no T5-T7
    EXPECT_EQ(probe6_plan(false, false, false).size(), 3u);
}

}  // namespace
}  // namespace whorl::scan
