// IPv4 header validation: the header must be whole; lengths and checksum become quirks.
#include "wire/ipv4.hpp"

#include <algorithm>

#include "wire/checksum.hpp"

namespace whorl::wire {

std::optional<Ipv4View> Ipv4View::parse(Bytes packet) {
    if (packet.size() < kMinHeaderLength) return std::nullopt;
    const std::uint8_t vihl = load_u8(packet, 0);
    const std::size_t hlen = std::size_t(vihl & 0x0F) * 4;
    if ((vihl >> 4) != 4 || hlen < kMinHeaderLength || hlen > packet.size()) return std::nullopt;
    // Bytes past 64 KiB cannot belong to one IPv4 packet; keeping the view within 16-bit
    // offsets keeps it small.
    if (packet.size() > 0xFFFF) packet = packet.first(0xFFFF);

    Ipv4View v(packet);
    v.header_length_ = static_cast<std::uint16_t>(hlen);
    const std::size_t total = load_be16(packet, 2);
    std::size_t end = std::min(total, packet.size());
    if (total > packet.size()) v.quirks_.set(Ipv4Quirk::truncated);
    if (total < hlen) {
        v.quirks_.set(Ipv4Quirk::total_length_invalid);
        end = hlen;
    }
    v.payload_end_ = static_cast<std::uint16_t>(end);
    v.quirks_.set_if(Ipv4Quirk::checksum_bad, internet_checksum(packet.first(hlen)) != 0);
    return v;
}

}  // namespace whorl::wire
