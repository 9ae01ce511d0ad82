// The facts a reply to an OS probe carries, copied out of the packet by the scanner (the
// only place that sees wire views): plain values the round logic turns into tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace whorl::fp::active {

struct IpMeta {
    std::uint8_t ttl = 0;
    bool df = false;
    std::uint16_t id = 0;
    std::uint16_t total_length = 0;  // as the header says
};

struct TcpReply {
    IpMeta ip;
    std::uint32_t seq = 0, ack = 0;
    std::uint8_t flags = 0;          // byte 13: CWR ECE URG ACK PSH RST SYN FIN
    std::uint8_t reserved_bits = 0;  // low nibble of byte 12 (Nmap's th_x2, NS included)
    std::uint16_t window = 0, urgent_pointer = 0;
    std::size_t option_length = 0;   // data offset * 4 - 20
    // From the first option byte to the end of the captured packet: Nmap's option string
    // may read past the options into the payload.
    std::vector<std::byte> options_onward;
    std::optional<std::uint32_t> tsval;  // the Timestamp option's TSval, when present
    // The payload as far as the IP total length says and the capture holds (RD).
    std::vector<std::byte> payload;
};

struct EchoReply {
    IpMeta ip;
    std::uint8_t code = 0;
};

struct PortUnreachableReply {
    IpMeta outer;
    std::uint32_t unused = 0;  // the ICMP header's 32-bit "unused" word, host order
    IpMeta quoted;             // the quoted IP header's fields (total length, id, ttl)
    std::uint16_t quoted_ip_checksum = 0;
    std::array<std::byte, 20> quoted_ip_header{};  // the first 20 bytes as quoted
    std::uint16_t quoted_udp_checksum = 0;
    // From the quoted UDP payload to the end of the outer packet (per its total length).
    std::vector<std::byte> quoted_payload;
};

}  // namespace whorl::fp::active
