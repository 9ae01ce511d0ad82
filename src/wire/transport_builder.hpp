// Transport header fields and writers (TCP, UDP, ICMPv4, ICMPv6). They write the header
// and payload with the checksum field as given (or 0); packet_builder.hpp puts them under
// an IP header and fills in the checksums.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace whorl::wire {

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

}  // namespace whorl::wire
