// Whole-frame decoding into views, done once per frame (masscan's proto-preprocess idea):
// link (MACs, VLAN tags, SLL packet type, loopback family), network (IPv4, or IPv6 with
// its extension chain) and transport (TCP, UDP, ICMPv4, ICMPv6). Every layer is optional;
// decode_frame never throws and never allocates, and where it stops early it says why.
// A DecodedFrame refers into the frame's bytes: it lives no longer than they do.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "wire/address.hpp"
#include "wire/icmp4.hpp"
#include "wire/icmp6.hpp"
#include "wire/ipv4.hpp"
#include "wire/ipv6.hpp"
#include "wire/ipv6_extensions.hpp"
#include "wire/link_type.hpp"
#include "wire/tcp.hpp"
#include "wire/udp.hpp"
#include "wire/vlan.hpp"

namespace whorl::wire {

// Why decoding stopped before a transport view, or what was wrong inside one.
enum class FrameIssue : std::uint8_t {
    none,
    link_truncated,            // shorter than the link header
    vlan_truncated,            // a VLAN tag cut off
    loopback_family_unknown,   // NULL/LOOP family that is not IPv4 or IPv6
    not_ip,                    // EtherType that is not IPv4/IPv6 (ARP, LLC, ...)
    ipv4_invalid,              // short, wrong version, IHL < 5 or IHL past the capture
    ipv6_invalid,              // short or wrong version
    ipv6_extension_truncated,  // an extension header runs past the payload
    ipv6_extensions_too_many,  // more than Ipv6Extensions::kMaxHeaders
    fragment,                  // a non-first fragment: no transport header in it
    no_transport,              // IPv6 no-next-header, ESP or AH
    transport_unsupported,     // a protocol whorl does not decode (GRE, SCTP, ...)
    tcp_truncated,             // fewer than 20 bytes of TCP
    udp_truncated,             // fewer than 8 bytes of UDP
    icmp4_truncated,           // fewer than 8 bytes of ICMP
    icmp6_truncated,           // fewer than 8 bytes of ICMPv6
    icmp4_quote_invalid,       // an ICMP error whose quoted IPv4 header is not whole
    icmp6_quote_invalid,       // an ICMPv6 error whose quoted IPv6 header is not whole
};

std::string_view frame_issue_name(FrameIssue issue);

struct LinkInfo {
    LinkType type = LinkType::ethernet;
    std::uint16_t network_offset = 0;  // where the IP header starts in the frame
    std::uint16_t ethertype = 0;       // protocol of what follows (synthesised for raw/NULL)
    std::optional<MacAddress> src_mac;  // Ethernet; SLL/SLL2 when the address is 6 bytes
    std::optional<MacAddress> dst_mac;  // Ethernet only
    VlanStack vlans;
    std::optional<std::uint16_t> sll_packet_type;  // SLL/SLL2: host, broadcast, outgoing ...
    std::optional<std::uint16_t> arphrd_type;      // SLL/SLL2
    std::optional<std::uint32_t> interface_index;  // SLL2
    std::optional<std::uint32_t> loopback_family;  // NULL/LOOP, byte order resolved
};

struct DecodedFrame {
    Bytes frame;
    LinkInfo link;
    std::optional<Ipv4View> ipv4;
    std::optional<Ipv6View> ipv6;
    Ipv6Extensions ipv6_extensions;      // walked when ipv6 is set
    std::uint8_t transport_protocol = 0;  // IPv4 protocol or IPv6 upper-layer value
    std::uint16_t transport_offset = 0;   // in the frame
    std::optional<TcpView> tcp;
    std::optional<UdpView> udp;
    std::optional<Icmp4View> icmp4;
    std::optional<Icmp6View> icmp6;
    FrameIssue issue = FrameIssue::none;
    std::uint32_t issue_offset = 0;  // frame offset of the header that caused `issue`

    bool complete() const { return issue == FrameIssue::none; }
    // The IP packet says it is longer than what was captured.
    bool truncated() const {
        return (ipv4 && ipv4->truncated()) || (ipv6 && ipv6->truncated());
    }
    std::uint8_t ip_version() const { return ipv4 ? 4 : ipv6 ? 6 : 0; }
};

DecodedFrame decode_frame(LinkType link, Bytes frame) noexcept;

// Whether the TCP, UDP, ICMPv4 or ICMPv6 checksum verifies (IPv6: against the final
// destination of a routing header). nullopt when it cannot be checked: no transport view,
// a truncated packet, a fragment, or UDP over IPv4 with the checksum 0 ("none").
std::optional<bool> transport_checksum_ok(const DecodedFrame& f);

// From the network header on, for an IP packet whose link layer was already handled
// (raw sockets, ICMP quotes). ethertype: ethertype::kIpv4 or kIpv6, or 0 to pick by the
// version nibble.
void decode_network(std::uint16_t ethertype, Bytes frame, std::size_t offset,
                    DecodedFrame& out) noexcept;

}  // namespace whorl::wire
