// IPv6 fixed-header view. The payload is bounded by the payload length (trailing link
// padding is trimmed); a payload length beyond the captured bytes is the `truncated`
// quirk. Extension headers are walked by Ipv6Extensions (ipv6_extensions.hpp).
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"
#include "wire/flag_set.hpp"

namespace whorl::wire {

enum class Ipv6Quirk : std::uint8_t {
    truncated,       // payload length exceeds the captured bytes
    jumbo,           // payload length 0 with a hop-by-hop header: a jumbogram (RFC 2675);
                     // the payload then runs to the end of the capture
};

class Ipv6View {
public:
    static constexpr std::size_t kHeaderLength = 40;

    // nullopt if fewer than 40 bytes or version != 6.
    static std::optional<Ipv6View> parse(Bytes packet);

    std::uint8_t version() const { return load_u8(bytes_, 0) >> 4; }
    std::uint8_t traffic_class() const {
        return static_cast<std::uint8_t>((load_be16(bytes_, 0) >> 4) & 0xFF);
    }
    std::uint8_t dscp() const { return traffic_class() >> 2; }
    std::uint8_t ecn() const { return traffic_class() & 0x03; }
    std::uint32_t flow_label() const { return load_be32(bytes_, 0) & 0x000FFFFF; }
    std::uint16_t payload_length() const { return load_be16(bytes_, 4); }
    std::uint8_t next_header() const { return load_u8(bytes_, 6); }
    std::uint8_t hop_limit() const { return load_u8(bytes_, 7); }
    Ipv6Address src() const { return Ipv6Address::read(bytes_, 8); }
    Ipv6Address dst() const { return Ipv6Address::read(bytes_, 24); }

    Bytes header() const { return bytes_.first(kHeaderLength); }
    // Extension headers and upper layer, up to the payload length or the end of capture.
    Bytes payload() const { return bytes_.subspan(kHeaderLength, payload_end_ - kHeaderLength); }
    Bytes trailer() const { return bytes_.subspan(payload_end_); }
    Bytes packet() const { return bytes_.first(payload_end_); }

    FlagSet<Ipv6Quirk> quirks() const { return quirks_; }
    bool truncated() const { return quirks_.has(Ipv6Quirk::truncated); }

private:
    explicit Ipv6View(Bytes b) : bytes_(b) {}
    Bytes bytes_;
    std::size_t payload_end_ = 0;
    FlagSet<Ipv6Quirk> quirks_;
};

inline std::optional<Ipv6View> Ipv6View::parse(Bytes packet) {
    if (packet.size() < kHeaderLength || (load_u8(packet, 0) >> 4) != 6) return std::nullopt;
    Ipv6View v(packet);
    const std::size_t declared = kHeaderLength + load_be16(packet, 4);
    if (declared == kHeaderLength && load_u8(packet, 6) == 0 && packet.size() > kHeaderLength) {
        v.quirks_.set(Ipv6Quirk::jumbo);
        v.payload_end_ = packet.size();
    } else if (declared > packet.size()) {
        v.quirks_.set(Ipv6Quirk::truncated);
        v.payload_end_ = packet.size();
    } else {
        v.payload_end_ = declared;
    }
    return v;
}

}  // namespace whorl::wire
