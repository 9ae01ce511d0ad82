// Packet builders: IPv4 and IPv6 headers with full control of every field (nmap's OS
// probes set IP ID, TTL, TOS, DF, the reserved flag, TCP reserved bits, the ack field with
// ACK clear, ICMP code 9 ...), TCP, UDP, ICMPv4 and ICMPv6, all written into the caller's
// buffer. Each returns the bytes written, or nullopt if they do not fit (or a field is out
// of range). The build_* functions compute every checksum: the IPv4 header checksum,
// TCP/UDP/ICMPv6 over their pseudo-header, ICMPv4 over the message. An override in the
// field structs is written as given instead, so tests can make malformed packets.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

// ---- IP headers ---------------------------------------------------------------------

struct Ipv4Fields {
    Ipv4Address src;
    Ipv4Address dst;
    std::uint8_t tos = 0;
    std::uint16_t id = 0;
    bool reserved_flag = false;
    bool dont_fragment = false;
    bool more_fragments = false;
    std::uint16_t fragment_offset = 0;  // 8-byte units
    std::uint8_t ttl = 64;
    Bytes options;  // padded with zeros (EOL) to a multiple of 4; at most 40 bytes
    std::optional<std::uint8_t> protocol;       // default: the transport being built
    std::optional<std::uint16_t> total_length;  // default: header + payload
    std::optional<std::uint16_t> checksum;      // default: computed
};

struct Ipv6Fields {
    Ipv6Address src;
    Ipv6Address dst;
    std::uint8_t traffic_class = 0;
    std::uint32_t flow_label = 0;  // 20 bits
    std::uint8_t hop_limit = 64;
    // Extension headers, written as given right after the fixed header. The fixed
    // header's next header is then first_extension, and the last extension's next-header
    // octet must name the transport: the caller owns their content.
    Bytes extension_headers;
    std::uint8_t first_extension = 0;
    std::optional<std::uint8_t> next_header;      // default: as above
    std::optional<std::uint16_t> payload_length;  // default: extensions + upper layer
    // The final destination when a routing header is present: the transport checksum's
    // pseudo-header uses it instead of dst (RFC 8200 §8.1).
    std::optional<Ipv6Address> final_destination;
};

// IPv4 header of 20 + padded options bytes, with the header checksum.
std::optional<std::size_t> write_ipv4_header(MutableBytes out, const Ipv4Fields& f,
                                             std::uint8_t protocol, std::size_t payload_length);

// IPv6 fixed header and the extension headers.
std::optional<std::size_t> write_ipv6_header(MutableBytes out, const Ipv6Fields& f,
                                             std::uint8_t upper_protocol,
                                             std::size_t upper_length);

// ---- Transport headers (checksum field as given, or 0) ------------------------------

struct TcpFields {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;  // written as given, whether or not the ACK flag is set
    // The 12 bits after the data offset: tcp_flag::k* including NS and the reserved
    // bits (nmap's ECN probe uses 0x8C2: reserved bit 0x800 + CWR + ECE + SYN).
    std::uint16_t flags = 0;
    std::uint16_t window = 0;
    std::uint16_t urgent_pointer = 0;
    Bytes options;  // padded with zeros (EOL) to a multiple of 4; at most 40 bytes
    std::optional<std::uint8_t> data_offset;  // default: (20 + padded options) / 4
    std::optional<std::uint16_t> checksum;    // default: computed
};

struct UdpFields {
    std::uint16_t src_port = 0;
    std::uint16_t dst_port = 0;
    std::optional<std::uint16_t> length;    // default: 8 + payload
    std::optional<std::uint16_t> checksum;  // default: computed (0 becomes 0xFFFF)
};

// ICMPv4 or ICMPv6 header: type, code and the 4-byte rest of header (echo: id << 16 | seq).
struct IcmpFields {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t rest_of_header = 0;
    std::optional<std::uint16_t> checksum;  // default: computed

    static constexpr std::uint32_t echo_rest(std::uint16_t id, std::uint16_t seq) {
        return std::uint32_t(id) << 16 | seq;
    }
};

// Each returns the bytes written (header + payload), or nullopt if it does not fit.
std::optional<std::size_t> write_tcp(MutableBytes out, const TcpFields& f, Bytes payload);
std::optional<std::size_t> write_udp(MutableBytes out, const UdpFields& f, Bytes payload);
std::optional<std::size_t> write_icmp(MutableBytes out, const IcmpFields& f, Bytes payload);

// Bytes write_tcp would need for these options and payload.
constexpr std::size_t tcp_length(std::size_t options, std::size_t payload) {
    return 20 + (options + 3) / 4 * 4 + payload;
}

// ---- Whole packets with checksums ---------------------------------------------------

struct EchoFields {
    std::uint8_t type = 8;  // ICMPv4 8/0, ICMPv6 128/129
    std::uint8_t code = 0;  // nmap's IE1 uses code 9
    std::uint16_t id = 0;
    std::uint16_t seq = 0;
};

struct Icmp4TimestampFields {
    std::uint8_t type = 13;  // 13 request, 14 reply
    std::uint8_t code = 0;
    std::uint16_t id = 0;
    std::uint16_t seq = 0;
    std::uint32_t originate = 0;
    std::uint32_t receive = 0;
    std::uint32_t transmit = 0;
};

std::optional<std::size_t> build_tcp(MutableBytes out, const Ipv4Fields& ip,
                                     const TcpFields& tcp, Bytes payload = {});
std::optional<std::size_t> build_tcp(MutableBytes out, const Ipv6Fields& ip,
                                     const TcpFields& tcp, Bytes payload = {});
std::optional<std::size_t> build_udp(MutableBytes out, const Ipv4Fields& ip,
                                     const UdpFields& udp, Bytes payload = {});
std::optional<std::size_t> build_udp(MutableBytes out, const Ipv6Fields& ip,
                                     const UdpFields& udp, Bytes payload = {});
std::optional<std::size_t> build_icmp4(MutableBytes out, const Ipv4Fields& ip,
                                       const IcmpFields& icmp, Bytes payload = {});
std::optional<std::size_t> build_icmp6(MutableBytes out, const Ipv6Fields& ip,
                                       const IcmpFields& icmp, Bytes payload = {});

std::optional<std::size_t> build_icmp4_echo(MutableBytes out, const Ipv4Fields& ip,
                                            const EchoFields& echo, Bytes payload = {});
std::optional<std::size_t> build_icmp4_timestamp(MutableBytes out, const Ipv4Fields& ip,
                                                 const Icmp4TimestampFields& ts);
std::optional<std::size_t> build_icmp6_echo(MutableBytes out, const Ipv6Fields& ip,
                                            const EchoFields& echo, Bytes payload = {});

}  // namespace whorl::wire
