// The internet checksum (RFC 1071): one's complement sum of 16-bit words, the IPv4 and
// IPv6 pseudo-headers that TCP, UDP and ICMPv6 cover, and incremental update (RFC 1624)
// for template-then-patch probe building.
#pragma once

#include <cstdint>

#include "base/bytes.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

// Accumulates data in pieces of any length (odd-length pieces are handled: the next piece
// continues at the odd byte), then folds to the 16-bit checksum.
class ChecksumAccumulator {
public:
    void add(Bytes data);
    void add16(std::uint16_t v) { add_aligned(v); }
    void add32(std::uint32_t v) { add_aligned(std::uint64_t(v >> 16) + (v & 0xFFFF)); }
    // The folded one's complement sum (not inverted).
    std::uint16_t sum() const;
    // The value to put in a checksum field: ~sum.
    std::uint16_t checksum() const { return static_cast<std::uint16_t>(~sum()); }

private:
    void add_aligned(std::uint64_t v);  // v is a sum of 16-bit words at an even offset
    std::uint64_t sum_ = 0;
    bool odd_ = false;  // total length so far is odd
};

// ~(one's complement sum of data). A buffer that includes a correct checksum gives 0.
std::uint16_t internet_checksum(Bytes data);

// Adds the IPv4 pseudo-header (src, dst, zero, protocol, upper-layer length).
void add_pseudo_header(ChecksumAccumulator& acc, Ipv4Address src, Ipv4Address dst,
                       std::uint8_t protocol, std::uint16_t length);

// Adds the IPv6 pseudo-header (RFC 8200 §8.1: src, dst, 32-bit length, next header).
void add_pseudo_header(ChecksumAccumulator& acc, const Ipv6Address& src,
                       const Ipv6Address& dst, std::uint8_t next_header, std::uint32_t length);

// Checksum of a transport segment (header with checksum field as it is, plus payload)
// under a pseudo-header. Returns 0 for a segment whose checksum field is correct.
std::uint16_t transport_checksum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                 Bytes segment);
std::uint16_t transport_checksum(const Ipv6Address& src, const Ipv6Address& dst,
                                 std::uint8_t next_header, Bytes segment);

// RFC 1624 eqn. 3: the checksum after one 16-bit word covered by it changed from
// old_word to new_word. Agrees with a full recomputation.
std::uint16_t checksum_update16(std::uint16_t checksum, std::uint16_t old_word,
                                std::uint16_t new_word);
std::uint16_t checksum_update32(std::uint16_t checksum, std::uint32_t old_value,
                                std::uint32_t new_value);

}  // namespace whorl::wire
