// decode_frame: link header -> IP header (+ IPv6 extension chain) -> transport header.
// Each step either fills its views or records the issue and its offset and stops.
#include "wire/frame.hpp"

#include <cstring>

#include "wire/checksum.hpp"
#include "wire/ethernet.hpp"
#include "wire/ip_protocol.hpp"
#include "wire/loopback.hpp"
#include "wire/sll.hpp"

namespace whorl::wire {
namespace {

void stop(DecodedFrame& f, FrameIssue issue, std::size_t offset) {
    f.issue = issue;
    f.issue_offset = static_cast<std::uint32_t>(offset);
}

// VLAN tags after an EtherType at `offset`; on success the frame's network offset and
// EtherType are those after the tags.
bool walk_vlans(DecodedFrame& f, std::uint16_t type, std::size_t offset) {
    if (!is_vlan_tpid(type)) {  // the common case: leave the empty stack alone
        f.link.ethertype = type;
        f.link.network_offset = static_cast<std::uint16_t>(offset);
        return true;
    }
    f.link.vlans = VlanStack::walk(type, f.frame.subspan(offset));
    if (f.link.vlans.truncated()) {
        stop(f, FrameIssue::vlan_truncated, offset + f.link.vlans.length());
        return false;
    }
    f.link.ethertype = f.link.vlans.inner_type();
    f.link.network_offset = static_cast<std::uint16_t>(offset + f.link.vlans.length());
    return true;
}

// Copies the 6 bytes straight into the optional: building a MacAddress value and then
// assigning it goes through a byte-wise spill that stalls store forwarding.
void set_mac(std::optional<MacAddress>& mac, Bytes address) {
    if (address.size() != 6) return;
    std::memcpy(mac.emplace().octets.data(), address.data(), 6);
}

bool decode_link(LinkType type, DecodedFrame& f) {
    const Bytes b = f.frame;
    switch (type) {
        case LinkType::ethernet: {
            auto eth = EthernetView::parse(b);
            if (!eth) break;
            set_mac(f.link.dst_mac, b.first(6));
            set_mac(f.link.src_mac, b.subspan(6, 6));
            return walk_vlans(f, eth->ethertype(), EthernetView::kHeaderLength);
        }
        case LinkType::linux_sll: {
            auto sll = SllView::parse(b);
            if (!sll) break;
            f.link.sll_packet_type = sll->packet_type();
            f.link.arphrd_type = sll->arphrd_type();
            set_mac(f.link.src_mac, sll->address());
            return walk_vlans(f, sll->protocol(), SllView::kHeaderLength);
        }
        case LinkType::linux_sll2: {
            auto sll = Sll2View::parse(b);
            if (!sll) break;
            f.link.sll_packet_type = sll->packet_type();
            f.link.arphrd_type = sll->arphrd_type();
            f.link.interface_index = sll->interface_index();
            set_mac(f.link.src_mac, sll->address());
            return walk_vlans(f, sll->protocol(), Sll2View::kHeaderLength);
        }
        case LinkType::null:
        case LinkType::loop: {
            auto lo = LoopbackView::parse(b, type == LinkType::loop);
            if (!lo) break;
            f.link.loopback_family = lo->raw_family();
            f.link.network_offset = LoopbackView::kHeaderLength;
            switch (lo->family()) {
                case LoopbackFamily::ipv4: f.link.ethertype = ethertype::kIpv4; return true;
                case LoopbackFamily::ipv6: f.link.ethertype = ethertype::kIpv6; return true;
                case LoopbackFamily::unknown:
                    stop(f, FrameIssue::loopback_family_unknown, 0);
                    return false;
            }
            return false;
        }
        case LinkType::raw: f.link.ethertype = 0; return true;
        case LinkType::ipv4: f.link.ethertype = ethertype::kIpv4; return true;
        case LinkType::ipv6: f.link.ethertype = ethertype::kIpv6; return true;
    }
    stop(f, FrameIssue::link_truncated, 0);
    return false;
}

void decode_transport(DecodedFrame& f, Bytes segment) {
    const std::size_t off = f.transport_offset;
    switch (f.transport_protocol) {
        case ip_protocol::kTcp:
            f.tcp = TcpView::parse(segment);
            if (!f.tcp) stop(f, FrameIssue::tcp_truncated, off);
            return;
        case ip_protocol::kUdp:
            f.udp = UdpView::parse(segment);
            if (!f.udp) stop(f, FrameIssue::udp_truncated, off);
            return;
        case ip_protocol::kIcmp:
            if (!f.ipv4) break;  // ICMPv4 inside IPv6 is not a thing
            f.icmp4 = Icmp4View::parse(segment);
            if (!f.icmp4) {
                stop(f, FrameIssue::icmp4_truncated, off);
            } else if (f.icmp4->is_error() && !f.icmp4->quote()) {
                stop(f, FrameIssue::icmp4_quote_invalid, off + Icmp4View::kHeaderLength);
            }
            return;
        case ip_protocol::kIcmpv6:
            if (!f.ipv6) break;
            f.icmp6 = Icmp6View::parse(segment);
            if (!f.icmp6) {
                stop(f, FrameIssue::icmp6_truncated, off);
            } else if (f.icmp6->is_error() && !f.icmp6->quote()) {
                stop(f, FrameIssue::icmp6_quote_invalid, off + Icmp6View::kHeaderLength);
            }
            return;
        default: break;
    }
    stop(f, FrameIssue::transport_unsupported, off);
}

void decode_ipv4(DecodedFrame& f, Bytes packet, std::size_t offset) {
    f.ipv4 = Ipv4View::parse(packet);
    if (!f.ipv4) return stop(f, FrameIssue::ipv4_invalid, offset);
    f.transport_protocol = f.ipv4->protocol();
    f.transport_offset = static_cast<std::uint16_t>(offset + f.ipv4->header_length());
    if (f.ipv4->fragment_offset() != 0) return stop(f, FrameIssue::fragment, f.transport_offset);
    decode_transport(f, f.ipv4->payload());
}

void decode_ipv6(DecodedFrame& f, Bytes packet, std::size_t offset) {
    f.ipv6 = Ipv6View::parse(packet);
    if (!f.ipv6) return stop(f, FrameIssue::ipv6_invalid, offset);
    const Bytes payload = f.ipv6->payload();
    f.ipv6_extensions = Ipv6Extensions::walk(f.ipv6->next_header(), payload);
    const auto& x = f.ipv6_extensions;
    const std::size_t upper = x.upper_offset();
    f.transport_protocol = x.upper_protocol();
    f.transport_offset = static_cast<std::uint16_t>(offset + Ipv6View::kHeaderLength + upper);
    switch (x.end()) {
        case Ipv6ChainEnd::upper_layer: return decode_transport(f, payload.subspan(upper));
        case Ipv6ChainEnd::non_first_fragment:
            return stop(f, FrameIssue::fragment, f.transport_offset);
        case Ipv6ChainEnd::truncated:
            return stop(f, FrameIssue::ipv6_extension_truncated, f.transport_offset);
        case Ipv6ChainEnd::too_many:
            return stop(f, FrameIssue::ipv6_extensions_too_many, f.transport_offset);
        case Ipv6ChainEnd::no_next_header:
        case Ipv6ChainEnd::ah:
        case Ipv6ChainEnd::esp: return stop(f, FrameIssue::no_transport, f.transport_offset);
    }
}

}  // namespace

void decode_network(std::uint16_t type, Bytes frame, std::size_t offset,
                    DecodedFrame& out) noexcept {
    out.frame = frame;
    if (offset > frame.size()) return stop(out, FrameIssue::link_truncated, frame.size());
    const Bytes packet = frame.subspan(offset);
    if (type == 0) {  // raw: pick by the version nibble
        const std::uint8_t version = packet.empty() ? 0 : load_u8(packet, 0) >> 4;
        type = version == 6 ? ethertype::kIpv6 : ethertype::kIpv4;
        out.link.ethertype = type;
    }
    if (type == ethertype::kIpv4) return decode_ipv4(out, packet, offset);
    if (type == ethertype::kIpv6) return decode_ipv6(out, packet, offset);
    stop(out, FrameIssue::not_ip, offset);
}

DecodedFrame decode_frame(LinkType link, Bytes frame) noexcept {
    DecodedFrame f;
    // Offsets are kept in 16 bits; a frame beyond 64 KiB is cut to its first 64 KiB.
    f.frame = frame.size() > 0xFFFF ? frame.first(0xFFFF) : frame;
    f.link.type = link;
    if (!decode_link(link, f)) return f;
    decode_network(f.link.ethertype, f.frame, f.link.network_offset, f);
    return f;
}

std::optional<bool> transport_checksum_ok(const DecodedFrame& f) {
    if (f.truncated() || (f.ipv4 && f.ipv4->is_fragment()) || f.ipv6_extensions.fragment())
        return std::nullopt;
    Bytes segment;
    if (f.tcp) segment = f.tcp->segment();
    else if (f.udp) segment = f.udp->datagram();
    else if (f.icmp4) return f.icmp4->checksum_ok();
    else if (f.icmp6) segment = f.icmp6->message();
    else return std::nullopt;
    const std::uint8_t proto = f.transport_protocol;
    if (f.ipv4) {
        if (f.udp && f.udp->checksum() == 0) return std::nullopt;
        return transport_checksum(f.ipv4->src(), f.ipv4->dst(), proto, segment) == 0;
    }
    const Ipv6Address dst = f.ipv6_extensions.checksum_destination(f.ipv6->dst(), f.ipv6->payload());
    return transport_checksum(f.ipv6->src(), dst, proto, segment) == 0;
}

std::string_view frame_issue_name(FrameIssue issue) {
    switch (issue) {
        case FrameIssue::none: return "none";
        case FrameIssue::link_truncated: return "link_truncated";
        case FrameIssue::vlan_truncated: return "vlan_truncated";
        case FrameIssue::loopback_family_unknown: return "loopback_family_unknown";
        case FrameIssue::not_ip: return "not_ip";
        case FrameIssue::ipv4_invalid: return "ipv4_invalid";
        case FrameIssue::ipv6_invalid: return "ipv6_invalid";
        case FrameIssue::ipv6_extension_truncated: return "ipv6_extension_truncated";
        case FrameIssue::ipv6_extensions_too_many: return "ipv6_extensions_too_many";
        case FrameIssue::fragment: return "fragment";
        case FrameIssue::no_transport: return "no_transport";
        case FrameIssue::transport_unsupported: return "transport_unsupported";
        case FrameIssue::tcp_truncated: return "tcp_truncated";
        case FrameIssue::udp_truncated: return "udp_truncated";
        case FrameIssue::icmp4_truncated: return "icmp4_truncated";
        case FrameIssue::icmp6_truncated: return "icmp6_truncated";
        case FrameIssue::icmp4_quote_invalid: return "icmp4_quote_invalid";
        case FrameIssue::icmp6_quote_invalid: return "icmp6_quote_invalid";
    }
    return "?";
}

}  // namespace whorl::wire
