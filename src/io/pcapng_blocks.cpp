// pcapng block bodies parsed to values; see pcapng_blocks.hpp.
#include "io/pcapng_blocks.hpp"

#include <bit>
#include <cstring>
#include <optional>

#include <fmt/format.h>

namespace whorl::io::pcapng {

namespace {

constexpr std::uint16_t kEndOfOptions = 0, kTimestampResolution = 9, kTimestampOffset = 14;
constexpr std::uint32_t kEnhancedFixedFields = 20, kObsoleteFixedFields = 20, kSimpleFixedFields = 4;
constexpr std::uint64_t kMicrosPerSecond = 1000000;
// 2^62 us (some 146,000 years): later times saturate there, so that the passive pipeline's
// sums and differences of capture times cannot overflow whatever a crafted file says.
constexpr std::int64_t kLatestMicros = std::int64_t{1} << 62;

template <class T>
T load_in_order(Bytes b, std::size_t at, bool swapped) {
    T v;
    std::memcpy(&v, b.data() + at, sizeof v);
    return swapped ? std::byteswap(v) : v;
}

// if_tsresol's one byte: 10^-n seconds, or 2^-n when the top bit is set.
Result<std::uint64_t> units_per_second_of(std::uint8_t resolution) {
    const unsigned exponent = resolution & 0x7F;
    if (resolution & 0x80) {
        if (exponent > 63) return fail(Errc::parse, fmt::format("if_tsresol 2^-{} does not fit 64 bits", exponent));
        return std::uint64_t{1} << exponent;
    }
    if (exponent > 19) return fail(Errc::parse, fmt::format("if_tsresol 10^-{} does not fit 64 bits", exponent));
    std::uint64_t units = 1;
    for (unsigned i = 0; i < exponent; ++i) units *= 10;
    return units;
}

std::uint32_t padded_to_4(std::uint32_t n) { return (n + 3u) & ~3u; }

}  // namespace

std::uint16_t SectionOrder::u16(Bytes b, std::size_t at) const { return load_in_order<std::uint16_t>(b, at, swapped_); }
std::uint32_t SectionOrder::u32(Bytes b, std::size_t at) const { return load_in_order<std::uint32_t>(b, at, swapped_); }
std::uint64_t SectionOrder::u64(Bytes b, std::size_t at) const { return load_in_order<std::uint64_t>(b, at, swapped_); }

std::uint32_t min_block_length(std::uint32_t type) {
    switch (type) {
        case kSectionHeaderType: return kBlockFraming + 16;  // magic, version, section length
        case kInterfaceDescriptionType: return kBlockFraming + 8;
        case kEnhancedPacketType: return kBlockFraming + kEnhancedFixedFields;
        case kObsoletePacketType: return kBlockFraming + kObsoleteFixedFields;
        case kSimplePacketType: return kBlockFraming + kSimpleFixedFields;
        default: return kBlockFraming;
    }
}

std::optional<SectionOrder> section_order(Bytes magic) {
    const std::uint32_t native = load_in_order<std::uint32_t>(magic, 0, false);
    if (native == kByteOrderMagic) return SectionOrder(false);
    if (std::byteswap(native) == kByteOrderMagic) return SectionOrder(true);
    return std::nullopt;
}

SectionVersion section_version(Bytes body, SectionOrder order) { return {order.u16(body, 4), order.u16(body, 6)}; }

Result<InterfaceDescription> parse_interface_description(Bytes body, SectionOrder order) {
    InterfaceDescription d;
    d.linktype = order.u16(body, 0);
    d.snaplen = order.u32(body, 4);
    // Options: code (2), length (2), value padded to 4 bytes; until opt_endofopt or the end.
    for (std::size_t at = 8; at + 4 <= body.size();) {
        const std::uint16_t code = order.u16(body, at), length = order.u16(body, at + 2);
        if (code == kEndOfOptions) break;
        const std::size_t value = at + 4;
        if (padded_to_4(length) > body.size() - value)
            return fail(Errc::parse, fmt::format("interface option {} of {} bytes runs past the block", code, length));
        if (code == kTimestampResolution) {
            if (length != 1) return fail(Errc::parse, fmt::format("if_tsresol of {} bytes, not 1", length));
            auto units = units_per_second_of(load_u8(body, value));
            if (!units) return unexpected(units.error());
            d.units_per_second = *units;
        } else if (code == kTimestampOffset) {
            if (length != 8) return fail(Errc::parse, fmt::format("if_tsoffset of {} bytes, not 8", length));
            d.offset_seconds = static_cast<std::int64_t>(order.u64(body, value));
        }
        at = value + padded_to_4(length);
    }
    return d;
}

Result<PacketRecord> parse_packet_block(std::uint32_t type, Bytes body, SectionOrder order) {
    PacketRecord r;
    if (type == kSimplePacketType) {
        // No interface id (interface 0), no timestamp, no captured length: the data is the
        // original length's worth of the body, or the whole body when the packet was cut.
        r.wire_length = order.u32(body, 0);
        const std::size_t room = body.size() - kSimpleFixedFields;
        r.data = body.subspan(kSimpleFixedFields, r.wire_length < room ? r.wire_length : room);
        return r;
    }
    // Enhanced: interface (4); obsolete: interface (2) and drops (2); then both have the
    // timestamp (high, low), the captured and the original length, and the data.
    r.interface = type == kEnhancedPacketType ? order.u32(body, 0) : order.u16(body, 0);
    r.timestamp = std::uint64_t{order.u32(body, 4)} << 32 | order.u32(body, 8);
    r.has_timestamp = true;
    const std::uint32_t captured = order.u32(body, 12);
    r.wire_length = order.u32(body, 16);
    const std::size_t room = body.size() - kEnhancedFixedFields;
    if (captured > room)
        return fail(Errc::parse,
                    fmt::format("captured length {} runs past the block ({} bytes of packet data)", captured, room));
    r.data = body.subspan(kEnhancedFixedFields, captured);
    return r;
}

std::chrono::microseconds to_microseconds(std::uint64_t timestamp, const InterfaceDescription& interface) {
    const std::uint64_t units = interface.units_per_second;
    const std::uint64_t fraction = timestamp % units;
    // fraction < units <= 2^63: its product with 10^6 needs more than 64 bits, and so may
    // the seconds with a crafted if_tsoffset; 128 bits hold both.
    const auto micros = static_cast<std::int64_t>(static_cast<unsigned __int128>(fraction) * kMicrosPerSecond / units);
    const __int128 seconds = static_cast<__int128>(timestamp / units) + interface.offset_seconds;
    const __int128 total = seconds * static_cast<__int128>(kMicrosPerSecond) + micros;
    if (total < 0) return std::chrono::microseconds(0);
    if (total > kLatestMicros) return std::chrono::microseconds(kLatestMicros);
    return std::chrono::microseconds(static_cast<std::int64_t>(total));
}

}  // namespace whorl::io::pcapng
