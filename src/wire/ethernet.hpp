// Ethernet II header view (14 bytes: destination, source, EtherType) and the EtherType
// numbers the decoder dispatches on.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

namespace ethertype {
inline constexpr std::uint16_t kIpv4 = 0x0800;
inline constexpr std::uint16_t kArp = 0x0806;
inline constexpr std::uint16_t kVlan = 0x8100;    // 802.1Q C-tag
inline constexpr std::uint16_t kQinQ = 0x88A8;    // 802.1ad S-tag
inline constexpr std::uint16_t kQinQOld = 0x9100; // pre-standard S-tag
inline constexpr std::uint16_t kIpv6 = 0x86DD;
// Values up to 1500 are an 802.3 length, not a type.
inline constexpr std::uint16_t kMaxLength = 1500;
}  // namespace ethertype

class EthernetView {
public:
    static constexpr std::size_t kHeaderLength = 14;

    static std::optional<EthernetView> parse(Bytes frame) {
        if (frame.size() < kHeaderLength) return std::nullopt;
        return EthernetView(frame);
    }

    MacAddress dst() const { return MacAddress::read(bytes_, 0); }
    MacAddress src() const { return MacAddress::read(bytes_, 6); }
    std::uint16_t ethertype() const { return load_be16(bytes_, 12); }
    Bytes payload() const { return bytes_.subspan(kHeaderLength); }

private:
    explicit EthernetView(Bytes b) : bytes_(b) {}
    Bytes bytes_;
};

// Writes an Ethernet II header; nullopt if out is shorter than 14 bytes.
inline std::optional<std::size_t> write_ethernet(MutableBytes out, const MacAddress& dst,
                                                 const MacAddress& src, std::uint16_t type) {
    if (out.size() < EthernetView::kHeaderLength) return std::nullopt;
    dst.write(out, 0);
    src.write(out, 6);
    store_be16(out, 12, type);
    return EthernetView::kHeaderLength;
}

}  // namespace whorl::wire
