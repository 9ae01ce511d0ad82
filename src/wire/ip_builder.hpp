// IPv4 and IPv6 header builders with full control of every field (nmap's OS probes set
// IP ID, TTL, TOS, DF and the reserved flag explicitly). They write into the caller's
// buffer and return the header length, or nullopt if it does not fit. Overrides exist
// for the length and checksum fields so tests can build malformed packets on purpose.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

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

}  // namespace whorl::wire
