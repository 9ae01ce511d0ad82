// p0f's packet acceptance and field extraction over wire's decoded views; see tcp_packet.hpp.
#include "fp/tcp/tcp_packet.hpp"

#include "wire/ethernet.hpp"
#include "wire/ip_protocol.hpp"

namespace whorl::fp::passive {

namespace {

constexpr std::size_t kMinTcpPacket4 = 40, kMinTcpPacket6 = 60;  // bare IPv4/IPv6 + TCP headers
constexpr std::uint8_t kFlowMask = kTcpSyn | kTcpAck | kTcpFin | kTcpRst;

// IPv4: the packet must be whole, at least 40 bytes, with room for TCP after the header,
// and not a fragment (p0f checks MF and the offset, ignoring DF and the reserved bit).
TcpPacketSkip read_ipv4(const wire::Ipv4View& ip, TcpPacket& out, Bytes& segment) {
    if (ip.protocol() != wire::ip_protocol::kTcp) return TcpPacketSkip::not_tcp;
    const std::size_t total = ip.total_length();
    if (ip.truncated()) return TcpPacketSkip::truncated;
    if (total < kMinTcpPacket4 || ip.header_length() + 20 > total) return TcpPacketSkip::malformed;
    if (ip.is_fragment()) return TcpPacketSkip::fragment;
    out.src = ip_address(ip.src());
    out.dst = ip_address(ip.dst());
    out.ttl = ip.ttl();
    out.ip_opt_len = static_cast<std::uint8_t>(ip.header_length() - 20);
    out.total_header = static_cast<std::uint16_t>(ip.header_length());
    TcpHeaderFields& h = out.header;
    h.ip_version = 4;
    h.traffic_class = ip.tos();
    h.df = ip.dont_fragment();
    h.mbz = ip.reserved_flag();
    h.ip_id = ip.id();
    segment = ip.payload();
    return TcpPacketSkip::none;
}

// IPv6: whole and at least 60 bytes.
TcpPacketSkip check_ipv6(const wire::Ipv6View& ip) {
    if (ip.truncated()) return TcpPacketSkip::truncated;
    if (ip.payload_length() + wire::Ipv6View::kHeaderLength < kMinTcpPacket6)
        return TcpPacketSkip::malformed;  // also a jumbogram's payload length of 0
    return TcpPacketSkip::none;
}

// The fields of an IPv6 packet whose TCP header starts `upper` bytes into the payload.
void read_ipv6(const wire::Ipv6View& ip, std::size_t upper, TcpPacket& out, Bytes& segment) {
    out.src = ip_address(ip.src());
    out.dst = ip_address(ip.dst());
    out.ttl = ip.hop_limit();
    out.ip_opt_len = 0;
    out.total_header = static_cast<std::uint16_t>(wire::Ipv6View::kHeaderLength + upper);
    TcpHeaderFields& h = out.header;
    h.ip_version = 6;
    h.traffic_class = ip.traffic_class();
    h.flow_label = ip.flow_label();
    segment = ip.payload().subspan(upper);
}

// IPv6: TCP right after the fixed header (p0f) or after the extension headers. A fragment
// header is accepted only as an atomic fragment.
TcpPacketSkip read_ipv6(const wire::DecodedFrame& f, const TcpPacketRules& rules, TcpPacket& out,
                        Bytes& segment) {
    const wire::Ipv6View& ip = *f.ipv6;
    const auto& ext = f.ipv6_extensions;
    if (const TcpPacketSkip skip = check_ipv6(ip); skip != TcpPacketSkip::none) return skip;
    if (ip.next_header() != wire::ip_protocol::kTcp) {
        if (ext.upper_protocol() != wire::ip_protocol::kTcp ||
            ext.end() != wire::Ipv6ChainEnd::upper_layer)
            return ext.end() == wire::Ipv6ChainEnd::non_first_fragment ? TcpPacketSkip::fragment
                   : ext.end() == wire::Ipv6ChainEnd::truncated       ? TcpPacketSkip::truncated
                                                                       : TcpPacketSkip::not_tcp;
        if (!rules.walk_ipv6_extensions) return TcpPacketSkip::ipv6_extensions;
        if (const auto& frag = ext.fragment(); frag && (frag->more || frag->offset != 0))
            return TcpPacketSkip::fragment;
    }
    read_ipv6(ip, ext.upper_offset(), out, segment);
    return TcpPacketSkip::none;
}

TcpPacketSkip read_tcp(Bytes segment, TcpPacket& out) {
    auto tcp = wire::TcpView::parse(segment);
    if (!tcp) return TcpPacketSkip::truncated;
    const std::size_t doff = std::size_t(tcp->data_offset()) * 4;
    if (doff < wire::TcpView::kMinHeaderLength || doff > segment.size())
        return TcpPacketSkip::malformed;
    const std::uint8_t flags = tcp->flags_byte();
    const bool syn = flags & kTcpSyn, fin = flags & kTcpFin, rst = flags & kTcpRst;
    out.tcp_type = flags & kFlowMask;
    if ((syn && (fin || rst)) || (fin && rst) || out.tcp_type == 0) return TcpPacketSkip::bad_flags;
    out.sport = tcp->src_port();
    out.dport = tcp->dst_port();
    out.seq = tcp->seq();
    out.window = tcp->window();
    out.total_header = static_cast<std::uint16_t>(out.total_header + doff);
    TcpHeaderFields& h = out.header;
    h.tcp_flags = flags;
    h.tcp_ns = tcp->ns();
    h.seq = out.seq;
    h.ack = tcp->ack();
    h.urg_ptr = tcp->urgent_pointer();
    out.options = parse_tcp_options(tcp->options());
    out.payload = tcp->payload();
    return TcpPacketSkip::none;
}

}  // namespace

IpAddress ip_address(const wire::Ipv4Address& a) { return IpAddress::v4(a.value); }

IpAddress ip_address(const wire::Ipv6Address& a) {
    return IpAddress::v6(std::as_bytes(std::span<const std::uint8_t, 16>(a.octets)));
}

std::string_view tcp_packet_skip_name(TcpPacketSkip s) {
    switch (s) {
        case TcpPacketSkip::none: return "none";
        case TcpPacketSkip::not_tcp: return "not_tcp";
        case TcpPacketSkip::fragment: return "fragment";
        case TcpPacketSkip::truncated: return "truncated";
        case TcpPacketSkip::malformed: return "malformed";
        case TcpPacketSkip::bad_flags: return "bad_flags";
        case TcpPacketSkip::vlan: return "vlan";
        case TcpPacketSkip::ipv6_extensions: return "ipv6_extensions";
    }
    return "?";
}

TcpPacketSkip read_tcp_packet(const wire::DecodedFrame& f, const TcpPacketRules& rules,
                              TcpPacket& out) {
    out.header = TcpHeaderFields{};
    Bytes segment;
    TcpPacketSkip skip;
    if (f.ipv4) {
        if (f.ipv4->protocol() != wire::ip_protocol::kTcp) return TcpPacketSkip::not_tcp;
        if (!rules.accept_vlan && f.link.vlans.depth() != 0) return TcpPacketSkip::vlan;
        skip = read_ipv4(*f.ipv4, out, segment);
    } else if (f.ipv6) {
        if (!rules.accept_vlan && f.link.vlans.depth() != 0) return TcpPacketSkip::vlan;
        skip = read_ipv6(f, rules, out, segment);
    } else {
        return f.issue == wire::FrameIssue::ipv4_invalid || f.issue == wire::FrameIssue::ipv6_invalid
                   ? TcpPacketSkip::malformed
                   : TcpPacketSkip::not_tcp;
    }
    if (skip != TcpPacketSkip::none) return skip;
    return read_tcp(segment, out);
}

std::optional<TcpPacketSkip> read_plain_tcp_frame(wire::LinkType link, Bytes frame, TcpPacket& out) {
    // What decode_frame would find, checked in the same order, for the frames taken here.
    if (frame.size() > 0xFFFF) return std::nullopt;  // decode_frame cuts these
    std::uint16_t type = 0;
    std::size_t offset = 0;
    switch (link) {
        case wire::LinkType::ethernet:
            if (frame.size() < wire::EthernetView::kHeaderLength) return std::nullopt;
            type = load_be16(frame, 12);
            offset = wire::EthernetView::kHeaderLength;
            break;
        case wire::LinkType::ipv4: type = wire::ethertype::kIpv4; break;
        case wire::LinkType::ipv6: type = wire::ethertype::kIpv6; break;
        default: return std::nullopt;
    }
    const Bytes packet = frame.subspan(offset);
    out.header = TcpHeaderFields{};
    Bytes segment;
    if (type == wire::ethertype::kIpv4) {
        const auto ip = wire::Ipv4View::parse(packet);
        if (!ip || ip->protocol() != wire::ip_protocol::kTcp) return std::nullopt;
        if (const TcpPacketSkip skip = read_ipv4(*ip, out, segment); skip != TcpPacketSkip::none) return skip;
    } else if (type == wire::ethertype::kIpv6) {
        const auto ip = wire::Ipv6View::parse(packet);
        if (!ip || ip->next_header() != wire::ip_protocol::kTcp) return std::nullopt;
        if (const TcpPacketSkip skip = check_ipv6(*ip); skip != TcpPacketSkip::none) return skip;
        read_ipv6(*ip, 0, out, segment);
    } else {
        return std::nullopt;
    }
    return read_tcp(segment, out);
}

bool p0f_filter_passes(const wire::DecodedFrame& f) {
    const std::size_t tags = f.link.vlans.depth();
    if (tags > 1 || (tags == 1 && f.link.type != wire::LinkType::ethernet)) return false;
    if (f.ipv4) return f.ipv4->protocol() == wire::ip_protocol::kTcp;
    if (!f.ipv6) return false;
    if (f.ipv6->next_header() == wire::ip_protocol::kTcp) return true;
    const Bytes payload = f.ipv6->payload();
    return f.ipv6->next_header() == 44 && !payload.empty() &&
           load_u8(payload, 0) == wire::ip_protocol::kTcp;
}

}  // namespace whorl::fp::passive
