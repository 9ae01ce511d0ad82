// UDP header view. The payload is bounded by the UDP length when that is sane; a length
// below 8, beyond the segment, or shorter than the segment is a quirk.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/flag_set.hpp"

namespace whorl::wire {

enum class UdpQuirk : std::uint8_t {
    length_short,     // length field < 8: payload taken as the rest of the segment
    length_past_end,  // length field beyond the segment (truncated or lying)
    length_trailing,  // length field shorter than the segment: bytes left over
};

class UdpView {
public:
    static constexpr std::size_t kHeaderLength = 8;

    static std::optional<UdpView> parse(Bytes segment) {
        if (segment.size() < kHeaderLength) return std::nullopt;
        UdpView v(segment);
        const std::size_t len = load_be16(segment, 4);
        if (len < kHeaderLength) {
            v.quirks_.set(UdpQuirk::length_short);
        } else if (len > segment.size()) {
            v.quirks_.set(UdpQuirk::length_past_end);
        } else {
            v.quirks_.set_if(UdpQuirk::length_trailing, len < segment.size());
            v.end_ = static_cast<std::uint16_t>(len);
        }
        return v;
    }

    std::uint16_t src_port() const { return load_be16(bytes_, 0); }
    std::uint16_t dst_port() const { return load_be16(bytes_, 2); }
    std::uint16_t length() const { return load_be16(bytes_, 4); }
    std::uint16_t checksum() const { return load_be16(bytes_, 6); }
    Bytes header() const { return bytes_.first(kHeaderLength); }
    // Up to the UDP length if it is sane, else to the end of the segment.
    Bytes payload() const { return datagram().subspan(kHeaderLength); }
    Bytes datagram() const { return end_ ? bytes_.first(end_) : bytes_; }
    // Everything after the IP header, past the UDP length included.
    Bytes segment() const { return bytes_; }
    FlagSet<UdpQuirk> quirks() const { return quirks_; }

private:
    explicit UdpView(Bytes b) : bytes_(b) {}
    Bytes bytes_;
    std::uint16_t end_ = 0;  // 0: use the whole segment
    FlagSet<UdpQuirk> quirks_;
};

}  // namespace whorl::wire
