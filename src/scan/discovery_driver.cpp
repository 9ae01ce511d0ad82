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
    if (s.probe == DiscoveryProbe::arp && dst.is_v6()) {
        send_neighbor_solicitation(dst);
        return;
    }
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
    auto src6 = wire::to_ipv6(source_), dst6 = wire::to_ipv6(dst);
    if (!(src4 && dst4) && !(src6 && dst6)) return;
    wire::Ipv4Fields ip{.id = static_cast<std::uint16_t>(icmp_id_ ^ s.host), .ttl = 64};
    wire::Ipv6Fields ip6{.hop_limit = 64};
    if (src4) {
        ip.src = *src4;
        ip.dst = *dst4;
    } else {
        ip6.src = *src6;
        ip6.dst = *dst6;
    }
    const bool v6 = !src4;
    switch (s.probe) {
        case DiscoveryProbe::icmp_echo:
            n = v6 ? wire::build_icmp6_echo(buf, ip6, {128, 0, icmp_id_, static_cast<std::uint16_t>(s.host)})
                   : wire::build_icmp4_echo(buf, ip, {8, 0, icmp_id_, static_cast<std::uint16_t>(s.host)});
            break;
        case DiscoveryProbe::icmp_timestamp:  // ICMPv6 has none: Nmap sends it over IPv4 only
            if (!v6) n = wire::build_icmp4_timestamp(buf, ip, {13, 0, icmp_id_, static_cast<std::uint16_t>(s.host)});
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
            n = v6 ? wire::build_tcp(buf, ip6, tcp) : wire::build_tcp(buf, ip, tcp);
            break;
        }
        case DiscoveryProbe::arp: break;
    }
    if (n)
        if (auto r = ip_sink_.send(std::span(buf).first(*n), dst); !r) log_.warn("discovery probe failed: {}", r.error().describe());
}

// A neighbor solicitation for `dst` from our address, to its solicited-node group
// (ff02::1:ffXX:XXXX, MAC 33:33:ff:XX:XX:XX), hop limit 255, with our link-layer address.
void DiscoveryDriver::send_neighbor_solicitation(const IpAddress& dst) {
    auto src6 = wire::to_ipv6(source_), dst6 = wire::to_ipv6(dst);
    if (!ethernet_ || !src6 || !dst6) return;
    wire::MacAddress ours{ethernet_->mac()};
    wire::Ipv6Address group = *wire::Ipv6Address::parse("ff02::1:ff00:0");
    for (int i = 13; i < 16; ++i) group.octets[static_cast<std::size_t>(i)] = dst6->octets[static_cast<std::size_t>(i)];
    wire::MacAddress group_mac{{0x33, 0x33, 0xff, dst6->octets[13], dst6->octets[14], dst6->octets[15]}};
    std::array<std::byte, 24> body{};  // target, then option 1 (source link-layer address)
    dst6->write(body, 0);
    body[16] = std::byte{1};
    body[17] = std::byte{1};
    ours.write(body, 18);
    std::array<std::byte, 128> frame{};
    auto eth = wire::write_ethernet(frame, group_mac, ours, wire::ethertype::kIpv6);
    wire::Ipv6Fields ip{.src = *src6, .dst = group, .hop_limit = 255};
    auto n = wire::build_icmp6(std::span(frame).subspan(*eth), ip, {135, 0, 0, std::nullopt}, body);
    if (!n) return;
    if (auto r = ethernet_->send(std::span(frame).first(*eth + *n)); !r)
        log_.warn("neighbor solicitation failed: {}", r.error().describe());
    else
        ++arp_sent_;
    log_.debug("SENT (ND) who-has {} tell {}", dst.to_string(), source_.to_string());
}

void DiscoveryDriver::on_ipv6(const wire::DecodedFrame& f, io::MonoTime now) {
    auto h = host_of(wire::to_ip_address(f.ipv6->src()));
    if (!h) return;
    std::uint8_t hops = f.ipv6->hop_limit();
    if (f.icmp6) {
        auto m = f.icmp6->message();
        // An advertisement counts only when we solicited it (the kernel's own neighbor
        // discovery for our raw probes draws them too, e.g. under --disable-arp-ping).
        if (f.icmp6->type() == 136 && ethernet_ && m.size() >= 24 && f.link.src_mac &&
            wire::to_ip_address(wire::Ipv6Address::read(m, 8)) == targets_[*h]) {
            discovery_.on_arp_reply(*h, f.link.src_mac->octets, now, Reason::nd_response);
        } else if (f.icmp6->type() == 129 && f.icmp6->id() == icmp_id_) {
            discovery_.on_answer(*h, Reason::echo_reply, hops, now);
        }
        return;
    }
    if (f.tcp && f.tcp->dst_port() == source_port_ && (f.tcp->src_port() == 443 || f.tcp->src_port() == 80)) {
        if (f.tcp->rst()) discovery_.on_answer(*h, Reason::reset, hops, now);
        else if (f.tcp->syn() && f.tcp->ack_flag()) discovery_.on_answer(*h, Reason::syn_ack, hops, now);
    }
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
    if (f.ipv6) {
        on_ipv6(f, now);
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
