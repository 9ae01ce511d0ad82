// TCP header view. The fixed 20 bytes must be there; a data offset below 5 or beyond the
// segment is a quirk, not a failure (the ports, sequence numbers and flags are still
// good). Options are walked by TcpOptions (tcp_options.hpp).
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/flag_set.hpp"

namespace whorl::wire {

// The 12 bits after the data offset as one value: byte 13 is the classic flags,
// bit 8 is NS (RFC 3540; AE in AccECN), bits 9-11 the reserved bits.
namespace tcp_flag {
inline constexpr std::uint16_t kFin = 0x001;
inline constexpr std::uint16_t kSyn = 0x002;
inline constexpr std::uint16_t kRst = 0x004;
inline constexpr std::uint16_t kPsh = 0x008;
inline constexpr std::uint16_t kAck = 0x010;
inline constexpr std::uint16_t kUrg = 0x020;
inline constexpr std::uint16_t kEce = 0x040;
inline constexpr std::uint16_t kCwr = 0x080;
inline constexpr std::uint16_t kNs = 0x100;
inline constexpr std::uint16_t kReservedMask = 0xE00;
}  // namespace tcp_flag

enum class TcpQuirk : std::uint8_t {
    data_offset_short,     // data offset < 5: header taken as 20 bytes, no options
    data_offset_past_end,  // data offset beyond the segment: options clamped, no payload
};

class TcpView {
public:
    static constexpr std::size_t kMinHeaderLength = 20;

    // segment: the IP payload (bounded by the IP length). nullopt below 20 bytes.
    static std::optional<TcpView> parse(Bytes segment);

    std::uint16_t src_port() const { return load_be16(bytes_, 0); }
    std::uint16_t dst_port() const { return load_be16(bytes_, 2); }
    std::uint32_t seq() const { return load_be32(bytes_, 4); }
    std::uint32_t ack() const { return load_be32(bytes_, 8); }
    std::uint8_t data_offset() const { return load_u8(bytes_, 12) >> 4; }  // as on the wire
    // Header length in use: data_offset*4, or 20 if that is below 20, clamped to the segment.
    std::size_t header_length() const { return header_length_; }
    std::uint16_t flags() const { return load_be16(bytes_, 12) & 0x0FFF; }  // see tcp_flag
    std::uint8_t flags_byte() const { return load_u8(bytes_, 13); }
    std::uint8_t reserved_bits() const { return static_cast<std::uint8_t>((load_u8(bytes_, 12) >> 1) & 7); }
    bool has(std::uint16_t flag) const { return (flags() & flag) == flag; }
    bool fin() const { return has(tcp_flag::kFin); }
    bool syn() const { return has(tcp_flag::kSyn); }
    bool rst() const { return has(tcp_flag::kRst); }
    bool psh() const { return has(tcp_flag::kPsh); }
    bool ack_flag() const { return has(tcp_flag::kAck); }
    bool urg() const { return has(tcp_flag::kUrg); }
    bool ece() const { return has(tcp_flag::kEce); }
    bool cwr() const { return has(tcp_flag::kCwr); }
    bool ns() const { return has(tcp_flag::kNs); }
    std::uint16_t window() const { return load_be16(bytes_, 14); }
    std::uint16_t checksum() const { return load_be16(bytes_, 16); }
    std::uint16_t urgent_pointer() const { return load_be16(bytes_, 18); }

    Bytes header() const { return bytes_.first(header_length_); }
    Bytes options() const { return bytes_.subspan(kMinHeaderLength, header_length_ - kMinHeaderLength); }
    Bytes payload() const { return bytes_.subspan(header_length_); }
    Bytes segment() const { return bytes_; }

    FlagSet<TcpQuirk> quirks() const { return quirks_; }

private:
    explicit TcpView(Bytes b) : bytes_(b) {}
    Bytes bytes_;
    std::uint16_t header_length_ = kMinHeaderLength;
    FlagSet<TcpQuirk> quirks_;
};

inline std::optional<TcpView> TcpView::parse(Bytes segment) {
    if (segment.size() < kMinHeaderLength) return std::nullopt;
    TcpView v(segment);
    const std::size_t doff = std::size_t(load_u8(segment, 12) >> 4) * 4;
    if (doff < kMinHeaderLength) {
        v.quirks_.set(TcpQuirk::data_offset_short);
    } else if (doff > segment.size()) {
        v.quirks_.set(TcpQuirk::data_offset_past_end);
        v.header_length_ = static_cast<std::uint16_t>(segment.size());
    } else {
        v.header_length_ = static_cast<std::uint16_t>(doff);
    }
    return v;
}

}  // namespace whorl::wire
