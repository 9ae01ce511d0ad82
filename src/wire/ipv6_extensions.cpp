// IPv6 extension-header walk. Every length is checked against the bytes left before it is
// used; the walk ends at the first header it does not walk.
#include "wire/ipv6_extensions.hpp"

#include "wire/ip_protocol.hpp"

namespace whorl::wire {
namespace {

bool is_walked(std::uint8_t type) {
    return type == ip_protocol::kHopByHop || type == ip_protocol::kRouting ||
           type == ip_protocol::kFragment || type == ip_protocol::kDestinationOptions;
}

Ipv6ChainEnd end_for(std::uint8_t type) {
    switch (type) {
        case ip_protocol::kNoNextHeader: return Ipv6ChainEnd::no_next_header;
        case ip_protocol::kAh: return Ipv6ChainEnd::ah;
        case ip_protocol::kEsp: return Ipv6ChainEnd::esp;
        default: return Ipv6ChainEnd::upper_layer;
    }
}

}  // namespace

bool Ipv6Extensions::add(std::uint8_t type, std::size_t offset, std::size_t length) {
    if (count_ == kMaxHeaders) return false;
    for (const auto& h : headers()) {
        if (h.type != type) continue;
        quirks_.set(Ipv6ExtQuirk::repeated_header);
        if (type == ip_protocol::kFragment) quirks_.set(Ipv6ExtQuirk::fragment_twice);
    }
    if (type == ip_protocol::kHopByHop && count_ != 0) quirks_.set(Ipv6ExtQuirk::hop_by_hop_not_first);
    headers_[count_++] = {type, static_cast<std::uint16_t>(offset), static_cast<std::uint16_t>(length)};
    return true;
}

Ipv6Extensions Ipv6Extensions::walk(std::uint8_t first, Bytes payload) {
    Ipv6Extensions x;
    std::uint8_t type = first;
    std::size_t off = 0;
    // A payload is at most 64 KiB + jumbo; offsets are kept in 16 bits, so stop beyond.
    const std::size_t size = payload.size() < 0xFFFF ? payload.size() : 0xFFFF;
    while (is_walked(type)) {
        const std::size_t left = size - off;
        const bool frag = type == ip_protocol::kFragment;
        if (left < 8) {  // every extension header is at least 8 bytes
            x.end_ = Ipv6ChainEnd::truncated;
            break;
        }
        const std::size_t len = frag ? 8 : (std::size_t(load_u8(payload, off + 1)) + 1) * 8;
        if (len > left) {
            x.end_ = Ipv6ChainEnd::truncated;
            break;
        }
        if (!x.add(type, off, len)) {
            x.end_ = Ipv6ChainEnd::too_many;
            break;
        }
        const std::uint8_t next = load_u8(payload, off);
        off += len;
        type = next;
        if (frag) {
            const std::uint16_t fo = load_be16(payload, off - 6);
            Ipv6Fragment f{static_cast<std::uint16_t>(fo >> 3), (fo & 1) != 0,
                           load_u8(payload, off - 7), static_cast<std::uint8_t>((fo >> 1) & 3),
                           load_be32(payload, off - 4)};
            if (!x.fragment_) x.fragment_ = f;
            if (f.offset != 0) {
                x.end_ = Ipv6ChainEnd::non_first_fragment;
                break;
            }
        }
    }
    if (x.end_ == Ipv6ChainEnd::upper_layer) x.end_ = end_for(type);
    x.upper_protocol_ = type;
    x.upper_offset_ = static_cast<std::uint16_t>(off);
    return x;
}

Ipv6Address Ipv6Extensions::checksum_destination(const Ipv6Address& dst, Bytes payload) const {
    for (const auto& h : headers()) {
        if (h.type != ip_protocol::kRouting || h.length < 24) continue;
        const Bytes r = payload.subspan(h.offset, h.length);
        const std::uint8_t routing_type = load_u8(r, 2);
        if (load_u8(r, 3) == 0) continue;  // segments left 0: dst is already the final one
        const std::size_t addresses = (h.length - 8) / 16;
        if (routing_type == 0 || routing_type == 2) return Ipv6Address::read(r, 8 + 16 * (addresses - 1));
        if (routing_type == 4) return Ipv6Address::read(r, 8);
    }
    return dst;
}

}  // namespace whorl::wire
