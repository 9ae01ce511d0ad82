// Packet-trace summaries.
#include "wire/packet_summary.hpp"

#include <fmt/format.h>

#include "wire/arp.hpp"
#include "wire/ethernet.hpp"
#include "wire/tcp_options.hpp"

namespace whorl::wire {
namespace {

std::string tcp_flags(std::uint16_t f) {
    std::string s;
    // Nmap's order: "SA" for a SYN/ACK, "RA" for a reset with ACK.
    for (auto [bit, c] : {std::pair{tcp_flag::kSyn, 'S'}, {tcp_flag::kFin, 'F'}, {tcp_flag::kRst, 'R'},
                          {tcp_flag::kPsh, 'P'}, {tcp_flag::kAck, 'A'}, {tcp_flag::kUrg, 'U'}, {tcp_flag::kEce, 'E'},
                          {tcp_flag::kCwr, 'C'}})
        if (f & bit) s += c;
    return s;
}

std::string tcp_options_text(Bytes area) {
    auto opts = TcpOptions::parse(area);
    std::string s;
    for (const auto& o : opts.list()) {
        if (!s.empty()) s += ',';
        switch (o.kind) {
            case 0: s += "eol"; break;
            case 1: s += "nop"; break;
            case 2: s += opts.mss() ? fmt::format("mss {}", *opts.mss()) : "mss"; break;
            case 3: s += opts.window_scale() ? fmt::format("wscale {}", *opts.window_scale()) : "wscale"; break;
            case 4: s += "sackOK"; break;
            case 8:
                s += opts.timestamps() ? fmt::format("TS val {} ecr {}", opts.timestamps()->tsval, opts.timestamps()->tsecr) : "TS";
                break;
            default: s += fmt::format("opt-{}", o.kind);
        }
    }
    return s.empty() ? s : "<" + s + ">";
}

std::string ip_text(const DecodedFrame& f) {
    if (f.ipv4) return fmt::format("ttl={} id={} iplen={}", f.ipv4->ttl(), f.ipv4->id(), f.ipv4->total_length());
    if (f.ipv6) return fmt::format("hlim={} tclass={} flowlabel={:x} payloadlen={}", f.ipv6->hop_limit(),
                                   f.ipv6->traffic_class(), f.ipv6->flow_label(), f.ipv6->payload_length());
    return {};
}

std::string endpoints(const DecodedFrame& f, std::optional<std::uint16_t> sport, std::optional<std::uint16_t> dport) {
    std::string src = f.ipv4 ? f.ipv4->src().to_string() : f.ipv6->src().to_string();
    std::string dst = f.ipv4 ? f.ipv4->dst().to_string() : f.ipv6->dst().to_string();
    if (f.ipv6 && sport) return fmt::format("[{}]:{} > [{}]:{}", src, *sport, dst, *dport);
    if (sport) return fmt::format("{}:{} > {}:{}", src, *sport, dst, *dport);
    return fmt::format("{} > {}", src, dst);
}

std::string icmp_type_text(std::uint8_t type, bool v6) {
    if (v6) {
        switch (type) {
            case 1: return "Destination unreachable";
            case 3: return "Time exceeded";
            case 4: return "Parameter problem";
            case 128: return "Echo request";
            case 129: return "Echo reply";
            case 135: return "Neighbor solicitation";
            case 136: return "Neighbor advertisement";
            default: return "ICMPv6";
        }
    }
    switch (type) {
        case 0: return "Echo reply";
        case 3: return "Destination unreachable";
        case 8: return "Echo request";
        case 11: return "Time to live exceeded";
        case 13: return "Timestamp request";
        case 14: return "Timestamp reply";
        default: return "ICMP";
    }
}

}  // namespace

std::string packet_summary(const DecodedFrame& f) {
    if (f.link.ethertype == ethertype::kArp) {
        auto arp = ArpView::parse(f.frame.subspan(f.link.network_offset));
        if (!arp) return "ARP (malformed)";
        if (arp->operation() == ArpView::kRequest)
            return fmt::format("ARP who-has {} tell {}", arp->target_ip().to_string(), arp->sender_ip().to_string());
        return fmt::format("ARP reply {} is-at {}", arp->sender_ip().to_string(), arp->sender_mac().to_string());
    }
    if (!f.ipv4 && !f.ipv6) return fmt::format("(not IP: {})", frame_issue_name(f.issue));
    if (f.tcp)
        return fmt::format("TCP {} {} {}  seq={} win={} {}", endpoints(f, f.tcp->src_port(), f.tcp->dst_port()),
                           tcp_flags(f.tcp->flags()), ip_text(f), f.tcp->seq(), f.tcp->window(),
                           tcp_options_text(f.tcp->options()));
    if (f.udp) return fmt::format("UDP {} {}", endpoints(f, f.udp->src_port(), f.udp->dst_port()), ip_text(f));
    if (f.icmp4) {
        std::string extra = f.icmp4->is_echo() || f.icmp4->is_timestamp()
                                ? fmt::format(" id={} seq={}", f.icmp4->id(), f.icmp4->sequence())
                                : std::string();
        return fmt::format("ICMP [{} {} (type={}/code={}){}] IP [{} ]", endpoints(f, std::nullopt, std::nullopt),
                           icmp_type_text(f.icmp4->type(), false), f.icmp4->type(), f.icmp4->code(), extra, ip_text(f));
    }
    if (f.icmp6)
        return fmt::format("ICMPv6 [{} {} (type={}/code={})] IP [{} ]", endpoints(f, std::nullopt, std::nullopt),
                           icmp_type_text(f.icmp6->type(), true), f.icmp6->type(), f.icmp6->code(), ip_text(f));
    return fmt::format("IP {} proto={} {}", endpoints(f, std::nullopt, std::nullopt), f.transport_protocol, ip_text(f));
}

}  // namespace whorl::wire
