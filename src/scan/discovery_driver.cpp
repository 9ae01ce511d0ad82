// Host discovery on the wire.
#include "scan/discovery_driver.hpp"

#include <array>
#include <random>

#include "wire/arp.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"
#include "wire/tcp.hpp"

namespace whorl::scan {

DiscoveryDriver::DiscoveryDriver(std::vector<IpAddress> targets, std::vector<HostDiscovery::Target> kinds,
                                 IpAddress source, io::PacketSink& ip_sink, io::EthernetSink* ethernet,
                                 const io::Clock& clock, const Logger& log, std::uint64_t seed)
    : targets_(std::move(targets)),
      discovery_(std::move(kinds), clock.now()),
      source_(source),
      ip_sink_(ip_sink),
      ethernet_(ethernet),
      clock_(clock),
      log_(log) {
    std::mt19937_64 rng(seed);
    icmp_id_ = static_cast<std::uint16_t>(rng());
    source_port_ = static_cast<std::uint16_t>(33000 + rng() % 31000);
}

std::optional<std::size_t> DiscoveryDriver::host_of(const IpAddress& a) const {
    for (std::size_t i = 0; i < targets_.size(); ++i)
        if (targets_[i] == a) return i;
    return std::nullopt;
}

void DiscoveryDriver::send(const HostDiscovery::Send& s) {
    const IpAddress& dst = targets_[s.host];
    std::array<std::byte, 128> buf{};
    std::optional<std::size_t> n;
    auto src4 = wire::to_ipv4(source_), dst4 = wire::to_ipv4(dst);
    if (s.probe == DiscoveryProbe::arp) {
        if (!ethernet_ || !src4 || !dst4) return;
        wire::MacAddress mac{ethernet_->mac()};
        n = wire::build_arp_request(buf, mac, *src4, *dst4);
        if (n) {
            if (auto r = ethernet_->send(std::span(buf).first(*n)); !r)
                log_.warn("ARP request failed: {}", r.error().describe());
            else
                ++arp_sent_;
            log_.debug("SENT (ARP) who-has {} tell {}", dst.to_string(), source_.to_string());
        }
        return;
    }
    if (!src4 || !dst4) return;  // IPv6 discovery is neighbour discovery by the kernel
    wire::Ipv4Fields ip{.src = *src4, .dst = *dst4, .id = static_cast<std::uint16_t>(icmp_id_ ^ s.host), .ttl = 64};
    switch (s.probe) {
        case DiscoveryProbe::icmp_echo:
            n = wire::build_icmp4_echo(buf, ip, {8, 0, icmp_id_, static_cast<std::uint16_t>(s.host)});
            break;
        case DiscoveryProbe::icmp_timestamp:
            n = wire::build_icmp4_timestamp(buf, ip, {13, 0, icmp_id_, static_cast<std::uint16_t>(s.host)});
            break;
        case DiscoveryProbe::tcp_syn_443:
        case DiscoveryProbe::tcp_ack_80: {
            wire::TcpFields tcp;
            tcp.src_port = source_port_;
            bool syn = s.probe == DiscoveryProbe::tcp_syn_443;
            tcp.dst_port = syn ? 443 : 80;
            tcp.seq = icmp_id_ * 65537u;
            tcp.ack = syn ? 0 : tcp.seq;
            tcp.flags = syn ? wire::tcp_flag::kSyn : wire::tcp_flag::kAck;
            tcp.window = 1024;
            n = wire::build_tcp(buf, ip, tcp);
            break;
        }
        case DiscoveryProbe::arp: break;
    }
    if (n)
        if (auto r = ip_sink_.send(std::span(buf).first(*n), dst); !r) log_.warn("discovery probe failed: {}", r.error().describe());
}

void DiscoveryDriver::poll() {
    for (const auto& s : discovery_.next(clock_.now())) send(s);
}

void DiscoveryDriver::on_frame(const wire::DecodedFrame& f) {
    auto now = clock_.now();
    if (f.link.ethertype == wire::ethertype::kArp) {
        auto arp = wire::ArpView::parse(f.frame.subspan(f.link.network_offset));
        if (!arp || arp->operation() != wire::ArpView::kReply) return;
        if (auto h = host_of(wire::to_ip_address(arp->sender_ip()))) discovery_.on_arp_reply(*h, arp->sender_mac().octets, now);
        return;
    }
    if (!f.ipv4) return;
    auto h = host_of(wire::to_ip_address(f.ipv4->src()));
    if (!h) return;
    std::uint8_t ttl = f.ipv4->ttl();
    if (f.icmp4) {
        auto t = f.icmp4->type();
        if ((t == 0 || t == 14) && f.icmp4->id() == icmp_id_)
            discovery_.on_answer(*h, t == 0 ? Reason::echo_reply : Reason::timestamp_reply, ttl, now);
        return;
    }
    if (f.tcp && f.tcp->dst_port() == source_port_ && (f.tcp->src_port() == 443 || f.tcp->src_port() == 80)) {
        if (f.tcp->rst()) discovery_.on_answer(*h, Reason::reset, ttl, now);
        else if (f.tcp->syn() && f.tcp->ack_flag()) discovery_.on_answer(*h, Reason::syn_ack, ttl, now);
    }
}

}  // namespace whorl::scan
