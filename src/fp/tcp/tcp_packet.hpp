// TcpPacket: a decoded frame reduced to what p0f's flow logic and TCP fingerprinting read
// (p0f 3.09b parse_packet's packet_data), with p0f's acceptance rules: the whole IP packet
// captured (truncated ones are skipped), room for the TCP header, no fragments, no silly
// flag combinations (SYN+FIN, SYN+RST, FIN+RST, none of SYN/ACK/FIN/RST). Where p0f is
// documented wrong whorl differs unless asked not to: 802.1Q/802.1ad-tagged frames are
// read, and TCP behind IPv6 extension headers is found (atomic fragments included).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/ip_address.hpp"
#include "fp/tcp/tcp_quirks.hpp"
#include "wire/frame.hpp"

namespace whorl::fp::passive {

struct TcpPacket {
    IpAddress src, dst;
    std::uint16_t sport = 0, dport = 0;
    std::uint8_t tcp_type = 0;      // flags & (SYN | ACK | FIN | RST)
    std::uint32_t seq = 0;
    std::uint16_t window = 0;
    std::uint8_t ttl = 0;
    std::uint8_t ip_opt_len = 0;    // IPv4 header length - 20; 0 for IPv6
    std::uint16_t total_header = 0; // IP header (+ IPv6 extension headers) + TCP header
    TcpHeaderFields header;         // what the quirks are computed from
    TcpOptions options;             // p0f's option walk
    Bytes payload;                  // TCP payload within the IP length
};

// Why a frame was not handed to the TCP logic.
enum class TcpPacketSkip : std::uint8_t {
    none,
    not_tcp,          // not IP, or IP carrying something else
    fragment,         // an IPv4 fragment, or an IPv6 one other than an atomic fragment
    truncated,        // the capture holds less than the IP packet, or headers do not fit
    malformed,        // IP or TCP header lengths that make no sense
    bad_flags,        // SYN+FIN, SYN+RST, FIN+RST or no SYN/ACK/FIN/RST
    vlan,             // a tagged frame, skipped only to reproduce p0f
    ipv6_extensions,  // TCP behind IPv6 extension headers, skipped only to reproduce p0f
};
inline constexpr int kTcpPacketSkipCount = 8;

std::string_view tcp_packet_skip_name(TcpPacketSkip s);

// An address of a decoded IP header as the passive tables key hosts.
IpAddress ip_address(const wire::Ipv4Address& a);
IpAddress ip_address(const wire::Ipv6Address& a);

struct TcpPacketRules {
    bool accept_vlan = true;
    bool walk_ipv6_extensions = true;
};

// Fills `out` from a frame decoded by wire::decode_frame. The frame must already be cut
// to the smaller of the captured and the on-the-wire length.
TcpPacketSkip read_tcp_packet(const wire::DecodedFrame& f, const TcpPacketRules& rules,
                              TcpPacket& out);

// The common case without decode_frame: an Ethernet frame without VLAN tags, or a frame of
// an IPv4 or IPv6 link, carrying a well-formed IPv4 header with protocol TCP or a
// well-formed IPv6 header whose next header is TCP. Returns what
// read_tcp_packet(decode_frame(link, frame), rules, out) returns for such a frame (whatever
// the rules, which only concern tags and extension headers), and p0f's capture filter
// passes it; nullopt for every other frame, which the caller then decodes in full.
std::optional<TcpPacketSkip> read_plain_tcp_frame(wire::LinkType link, Bytes frame, TcpPacket& out);

// Whether p0f's default capture filter ("tcp or (vlan and tcp)") would have passed the
// frame. p0f runs its cache expiry every 50 such packets, so whorl counts them alike.
bool p0f_filter_passes(const wire::DecodedFrame& f);

}  // namespace whorl::fp::passive
