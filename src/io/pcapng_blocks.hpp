// pcapng block bodies, after the pcapng specification (IETF draft-ietf-opsawg-pcapng): the
// block types whorl reads, the smallest valid total length of each, the Section Header's
// byte order, an Interface Description Block's fields and its if_tsresol / if_tsoffset
// options, the three packet blocks (Enhanced, Simple, and the obsolete Packet Block), and
// timestamps in an interface's units turned into microseconds. Pure: bytes in, values or
// a parse error out; the errors carry no location (PcapngFileReader adds the file and the
// block's offset).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace whorl::io::pcapng {

inline constexpr std::uint32_t kSectionHeaderType = 0x0A0D0D0A;  // the same in either byte order
inline constexpr std::uint32_t kInterfaceDescriptionType = 1;
inline constexpr std::uint32_t kObsoletePacketType = 2;
inline constexpr std::uint32_t kSimplePacketType = 3;
inline constexpr std::uint32_t kEnhancedPacketType = 6;
inline constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;

// Every block: type (4), total length (4), body, total length again (4).
inline constexpr std::uint32_t kBlockFraming = 12;

// Loads in the byte order of the section being read.
class SectionOrder {
public:
    explicit SectionOrder(bool swapped = false) : swapped_(swapped) {}
    bool swapped() const { return swapped_; }
    std::uint16_t u16(Bytes b, std::size_t at) const;
    std::uint32_t u32(Bytes b, std::size_t at) const;
    std::uint64_t u64(Bytes b, std::size_t at) const;

private:
    bool swapped_;
};

// The smallest total length of a block of `type` (its framing and fixed fields);
// kBlockFraming for the types whorl skips.
std::uint32_t min_block_length(std::uint32_t type);

// The byte order of a section from the byte-order magic of its header (the 4 bytes after
// the block's length); nullopt when they are not the magic in either order.
std::optional<SectionOrder> section_order(Bytes magic);

// A Section Header Block's version, from its body: (major, minor).
struct SectionVersion {
    std::uint16_t major = 0, minor = 0;
};
SectionVersion section_version(Bytes body, SectionOrder order);

struct InterfaceDescription {
    std::uint16_t linktype = 0;  // a LINKTYPE_ number
    std::uint32_t snaplen = 0;   // 0: no limit
    // if_tsresol: timestamps count 1/units_per_second seconds (microseconds without it).
    std::uint64_t units_per_second = 1000000;
    std::int64_t offset_seconds = 0;  // if_tsoffset: added to every timestamp
};

// An Interface Description Block's body. Errors: an option running past the block, an
// if_tsresol whose unit does not fit 64 bits, an if_tsresol or if_tsoffset of a wrong size.
Result<InterfaceDescription> parse_interface_description(Bytes body, SectionOrder order);

struct PacketRecord {
    std::uint32_t interface = 0;  // the index of its Interface Description Block
    std::uint64_t timestamp = 0;  // in the interface's units; 0 for a Simple Packet Block
    bool has_timestamp = false;
    std::uint32_t wire_length = 0;
    Bytes data;  // the captured bytes, in the body
};

// The body of an Enhanced, Simple or obsolete Packet Block. Errors: a captured length
// that runs past the block.
Result<PacketRecord> parse_packet_block(std::uint32_t type, Bytes body, SectionOrder order);

// A timestamp in an interface's units as microseconds since the Unix epoch (if_tsoffset
// added), cut to the microsecond as libpcap does for its microsecond precision. Times
// before the epoch are 0 and times past 2^62 us saturate there (crafted files only).
std::chrono::microseconds to_microseconds(std::uint64_t timestamp, const InterfaceDescription& interface);

}  // namespace whorl::io::pcapng
