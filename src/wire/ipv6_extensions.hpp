// The IPv6 extension-header chain: hop-by-hop (0), routing (43), fragment (44) and
// destination options (60) are walked; the walk stops at the upper layer, at AH, ESP,
// no-next-header or any unknown value, after a non-first fragment, or where a header's
// length runs past the payload (never reading past it). Fixed capacity, no allocation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.hpp"
#include "wire/address.hpp"
#include "wire/flag_set.hpp"

namespace whorl::wire {

// No default member initialisers, so that Ipv6Extensions' unused slots cost nothing.
struct Ipv6ExtHeader {
    std::uint8_t type;     // the next-header value that announced it
    std::uint16_t offset;  // from the start of the IPv6 payload
    std::uint16_t length;  // bytes, including its own next-header/length octets
    bool operator==(const Ipv6ExtHeader&) const = default;
};

struct Ipv6Fragment {
    std::uint16_t offset = 0;  // in 8-byte units
    bool more = false;         // M flag
    std::uint8_t reserved = 0;   // the 8-bit reserved field
    std::uint8_t reserved2 = 0;  // the 2 reserved bits next to M
    std::uint32_t identification = 0;
};

// Why the walk stopped.
enum class Ipv6ChainEnd : std::uint8_t {
    upper_layer,         // a value that is not a walked extension header (TCP, UDP, ...)
    no_next_header,      // 59
    ah,                  // 51: not walked
    esp,                 // 50: encrypted, nothing more to see
    non_first_fragment,  // fragment offset != 0: what follows is not a header
    truncated,           // a header (or its length octet) runs past the payload
    too_many,            // more than kMaxHeaders extension headers
};

enum class Ipv6ExtQuirk : std::uint8_t {
    hop_by_hop_not_first,  // RFC 8200: hop-by-hop only directly after the fixed header
    repeated_header,       // the same extension type twice (destination options may be
                           // there twice legitimately; hop-by-hop/routing/fragment not)
    fragment_twice,        // a second fragment header
};

class Ipv6Extensions {
public:
    static constexpr std::size_t kMaxHeaders = 8;

    // first: the fixed header's next-header value; payload: Ipv6View::payload().
    static Ipv6Extensions walk(std::uint8_t first, Bytes payload);

    std::span<const Ipv6ExtHeader> headers() const { return {headers_.data(), count_}; }
    // The protocol value where the walk stopped and where that protocol's bytes start.
    std::uint8_t upper_protocol() const { return upper_protocol_; }
    std::size_t upper_offset() const { return upper_offset_; }
    Ipv6ChainEnd end() const { return end_; }
    const std::optional<Ipv6Fragment>& fragment() const { return fragment_; }
    FlagSet<Ipv6ExtQuirk> quirks() const { return quirks_; }

    // The destination the upper-layer checksum covers (RFC 8200 §8.1): the final one
    // named by a routing header with segments left (type 0 and 2: its last address;
    // type 4, segment routing: Segment List[0]), otherwise `dst`.
    Ipv6Address checksum_destination(const Ipv6Address& dst, Bytes payload) const;

private:
    bool add(std::uint8_t type, std::size_t offset, std::size_t length);

    std::array<Ipv6ExtHeader, kMaxHeaders> headers_;  // only [0, count_) is initialised
    std::uint8_t count_ = 0;
    std::uint8_t upper_protocol_ = 0;
    Ipv6ChainEnd end_ = Ipv6ChainEnd::upper_layer;
    std::uint16_t upper_offset_ = 0;
    FlagSet<Ipv6ExtQuirk> quirks_;
    std::optional<Ipv6Fragment> fragment_;
};

}  // namespace whorl::wire
