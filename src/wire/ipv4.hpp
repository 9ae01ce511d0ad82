// IPv4 header view. parse() checks once that the header (with its options) is present;
// the accessors are then infallible. A wrong checksum, a total length beyond the captured
// bytes or below the header length are recorded as quirks: the header is still usable.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"
#include "wire/flag_set.hpp"

namespace whorl::wire {

enum class Ipv4Quirk : std::uint8_t {
    truncated,             // total length exceeds the captured bytes
    total_length_invalid,  // total length smaller than the header length
    checksum_bad,          // header checksum does not verify
};

class Ipv4View {
public:
    static constexpr std::size_t kMinHeaderLength = 20;

    // nullopt if fewer than 20 bytes, version != 4, IHL < 5 or IHL*4 > captured.
    static std::optional<Ipv4View> parse(Bytes packet);

    std::uint8_t version() const { return load_u8(bytes_, 0) >> 4; }
    std::uint8_t ihl() const { return load_u8(bytes_, 0) & 0x0F; }
    std::size_t header_length() const { return header_length_; }
    std::uint8_t tos() const { return load_u8(bytes_, 1); }
    std::uint8_t dscp() const { return tos() >> 2; }
    std::uint8_t ecn() const { return tos() & 0x03; }
    std::uint16_t total_length() const { return load_be16(bytes_, 2); }
    std::uint16_t id() const { return load_be16(bytes_, 4); }
    std::uint16_t flags_fragment() const { return load_be16(bytes_, 6); }
    bool reserved_flag() const { return (flags_fragment() & 0x8000) != 0; }
    bool dont_fragment() const { return (flags_fragment() & 0x4000) != 0; }
    bool more_fragments() const { return (flags_fragment() & 0x2000) != 0; }
    std::uint16_t fragment_offset() const { return flags_fragment() & 0x1FFF; }  // 8-byte units
    bool is_fragment() const { return more_fragments() || fragment_offset() != 0; }
    std::uint8_t ttl() const { return load_u8(bytes_, 8); }
    std::uint8_t protocol() const { return load_u8(bytes_, 9); }
    std::uint16_t checksum() const { return load_be16(bytes_, 10); }
    Ipv4Address src() const { return Ipv4Address::read(bytes_, 12); }
    Ipv4Address dst() const { return Ipv4Address::read(bytes_, 16); }

    Bytes header() const { return bytes_.first(header_length_); }
    Bytes options() const { return bytes_.subspan(kMinHeaderLength, header_length_ - kMinHeaderLength); }
    // Bytes after the header up to the total length, or to the end of capture if shorter.
    Bytes payload() const { return bytes_.subspan(header_length_, payload_end_ - header_length_); }
    // Captured bytes past the total length (Ethernet padding, Etherleak).
    Bytes trailer() const { return bytes_.subspan(payload_end_); }
    // The packet as far as captured and within the total length.
    Bytes packet() const { return bytes_.first(payload_end_); }

    FlagSet<Ipv4Quirk> quirks() const { return quirks_; }
    bool truncated() const { return quirks_.has(Ipv4Quirk::truncated); }

private:
    explicit Ipv4View(Bytes b) : bytes_(b) {}
    Bytes bytes_;
    std::uint16_t header_length_ = 0;
    std::uint16_t payload_end_ = 0;  // offset of the first byte after the payload
    FlagSet<Ipv4Quirk> quirks_;
};

}  // namespace whorl::wire
