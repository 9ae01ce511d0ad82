// The foundation end to end: a SYN built by wire/, sent by io/'s raw socket from the lab's
// scanner namespace to an open and a closed port of a lab host, answered by the host's
// real Linux stack with SYN+ACK and RST, captured by io/'s pcap source and parsed by
// wire/'s frame decoder. Over IPv4 and IPv6.
#include <array>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "io/pcap_source.hpp"
#include "io/raw_socket.hpp"
#include "io/route.hpp"
#include "lab/lab.hpp"
#include "support/root.hpp"
#include "wire/frame.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"

namespace whorl {
namespace {

constexpr std::uint16_t kSourcePort = 40123;
constexpr std::uint32_t kSeq = 0x5eed1234;
// MSS 1460, SACK-permitted, timestamps, NOP, window scale 7: a Linux-like SYN.
constexpr std::uint8_t kOptions[] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};

std::size_t build_syn(std::array<std::byte, 128>& buf, const IpAddress& src, const IpAddress& dst, std::uint16_t dport) {
    wire::TcpFields tcp;
    tcp.src_port = kSourcePort;
    tcp.dst_port = dport;
    tcp.seq = kSeq;
    tcp.flags = wire::tcp_flag::kSyn;
    tcp.window = 64240;
    tcp.options = std::as_bytes(std::span(kOptions));
    std::optional<std::size_t> n;
    if (src.is_v4()) {
        wire::Ipv4Fields ip{.src = *wire::to_ipv4(src), .dst = *wire::to_ipv4(dst), .id = 4242, .ttl = 64};
        n = wire::build_tcp(buf, ip, tcp);
    } else {
        wire::Ipv6Fields ip{.src = *wire::to_ipv6(src), .dst = *wire::to_ipv6(dst), .hop_limit = 64};
        n = wire::build_tcp(buf, ip, tcp);
    }
    EXPECT_TRUE(n);
    return n.value_or(0);
}

struct Reply {
    std::uint16_t flags = 0;
    std::uint32_t ack = 0;
    std::uint8_t ttl = 0;
    bool has_mss = false;
};

// Waits up to a second for the TCP reply from dst:dport to our source port.
std::optional<Reply> await_reply(io::PcapSource& cap, const IpAddress& dst, std::uint16_t dport) {
    auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>(cap.datalink()));
    EXPECT_TRUE(link);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (std::chrono::steady_clock::now() < deadline) {
        auto pkt = cap.next();
        if (!pkt) {
            ADD_FAILURE() << pkt.error().describe();
            return std::nullopt;
        }
        if (!*pkt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        auto f = wire::decode_frame(*link, (*pkt)->data);
        if (!f.tcp || f.tcp->dst_port() != kSourcePort || f.tcp->src_port() != dport) continue;
        IpAddress from = f.ipv4 ? wire::to_ip_address(f.ipv4->src()) : wire::to_ip_address(f.ipv6->src());
        if (from != dst) continue;
        EXPECT_EQ(wire::transport_checksum_ok(f), true);
        Reply r{f.tcp->flags(), f.tcp->ack(), f.ipv4 ? f.ipv4->ttl() : f.ipv6->hop_limit(), false};
        for (std::size_t i = 0; i + 1 < f.tcp->options().size(); ++i)
            if (f.tcp->options()[i] == std::byte{2}) r.has_mss = true;
        return r;
    }
    return std::nullopt;
}

void probe_open_and_closed(IpAddress::Family family) {
    lab::HostSpec host;
    host.open_tcp = {8080};
    auto l = lab::Lab::create({{host}});
    ASSERT_TRUE(l) << l.error().describe();
    auto guard = (*l)->enter_scanner();
    ASSERT_TRUE(guard);
    IpAddress dst = family == IpAddress::Family::v4 ? lab::Lab::host_v4(0) : lab::Lab::host_v6(0);
    auto route = io::route_to(dst);
    ASSERT_TRUE(route) << route.error().describe();
    auto cap = io::PcapSource::open_live(route->interface, "tcp port " + std::to_string(kSourcePort));
    ASSERT_TRUE(cap) << cap.error().describe();
    auto sink = io::RawIpSink::open(family);
    ASSERT_TRUE(sink) << sink.error().describe();
    std::array<std::byte, 128> buf{};

    auto n = build_syn(buf, route->source, dst, 8080);
    ASSERT_TRUE(sink->send(std::span(buf).first(n), dst));
    auto open = await_reply(**cap, dst, 8080);
    ASSERT_TRUE(open) << "no answer from the open port";
    EXPECT_EQ(open->flags, wire::tcp_flag::kSyn | wire::tcp_flag::kAck);
    EXPECT_EQ(open->ack, kSeq + 1);
    EXPECT_EQ(open->ttl, 64);
    EXPECT_TRUE(open->has_mss);

    n = build_syn(buf, route->source, dst, 8081);
    ASSERT_TRUE(sink->send(std::span(buf).first(n), dst));
    auto closed = await_reply(**cap, dst, 8081);
    ASSERT_TRUE(closed) << "no answer from the closed port";
    EXPECT_EQ(closed->flags, wire::tcp_flag::kRst | wire::tcp_flag::kAck);
    EXPECT_EQ(closed->ack, kSeq + 1);
}

TEST(SynProbe, OpenAndClosedPortOverIpv4) {
    WHORL_REQUIRE_ROOT();
    probe_open_and_closed(IpAddress::Family::v4);
}

TEST(SynProbe, OpenAndClosedPortOverIpv6) {
    WHORL_REQUIRE_ROOT();
    probe_open_and_closed(IpAddress::Family::v6);
}

}  // namespace
}  // namespace whorl
