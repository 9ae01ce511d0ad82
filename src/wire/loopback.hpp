// BSD loopback encapsulation: DLT_NULL (0) and DLT_LOOP (108) put a 4-byte address family
// before the IP packet. DLT_NULL stores it in the byte order of the capturing host, which a
// reader cannot know, so the family is taken from whichever order gives a small value.
// AF_INET is 2 everywhere; AF_INET6 is 10 (Linux), 24 (NetBSD, OpenBSD, Npcap), 28
// (FreeBSD, DragonFly) or 30 (macOS, iOS).
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace whorl::wire {

enum class LoopbackFamily : std::uint8_t { ipv4, ipv6, unknown };

class LoopbackView {
public:
    static constexpr std::size_t kHeaderLength = 4;

    // network_order: true for DLT_LOOP, false for DLT_NULL.
    static std::optional<LoopbackView> parse(Bytes frame, bool network_order) {
        if (frame.size() < kHeaderLength) return std::nullopt;
        return LoopbackView(frame, network_order);
    }

    // The family value as decoded (byte order resolved).
    std::uint32_t raw_family() const {
        const std::uint32_t be = load_be32(bytes_, 0);
        if (network_order_) return be;
        const std::uint32_t le = load_le32(bytes_, 0);
        return (le & 0xFFFF0000u) == 0 ? le : be;
    }

    LoopbackFamily family() const {
        switch (raw_family()) {
            case 2: return LoopbackFamily::ipv4;
            case 10:
            case 24:
            case 28:
            case 30: return LoopbackFamily::ipv6;
            default: return LoopbackFamily::unknown;
        }
    }

    Bytes payload() const { return bytes_.subspan(kHeaderLength); }

private:
    LoopbackView(Bytes b, bool network_order) : bytes_(b), network_order_(network_order) {}
    Bytes bytes_;
    bool network_order_;
};

// Writes the 4-byte family header (little-endian for DLT_NULL as written by x86 hosts,
// big-endian for DLT_LOOP).
inline std::optional<std::size_t> write_loopback(MutableBytes out, std::uint32_t family,
                                                 bool network_order) {
    if (out.size() < LoopbackView::kHeaderLength) return std::nullopt;
    if (network_order) {
        store_be32(out, 0, family);
    } else {
        for (int i = 0; i < 4; ++i) store_u8(out, i, static_cast<std::uint8_t>(family >> (8 * i)));
    }
    return LoopbackView::kHeaderLength;
}

}  // namespace whorl::wire
