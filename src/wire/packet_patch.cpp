// In-place field changes with incremental checksum updates.
#include "wire/packet_patch.hpp"

#include "wire/checksum.hpp"
#include "wire/ip_protocol.hpp"
#include "wire/ipv4.hpp"
#include "wire/ipv6.hpp"
#include "wire/ipv6_extensions.hpp"

namespace whorl::wire {
namespace {

std::size_t min_l4_length(std::uint8_t proto) {
    switch (proto) {
        case ip_protocol::kTcp: return 20;
        case ip_protocol::kUdp:
        case ip_protocol::kIcmp:
        case ip_protocol::kIcmpv6: return 8;
        default: return 0;
    }
}

}  // namespace

std::optional<PacketLayout> PacketLayout::of(Bytes packet) {
    PacketLayout l;
    if (auto v4 = Ipv4View::parse(packet); v4 && !v4->truncated() && !v4->is_fragment()) {
        l = {4, v4->protocol(), static_cast<std::uint16_t>(v4->header_length()),
             static_cast<std::uint16_t>(v4->packet().size())};
    } else if (auto v6 = Ipv6View::parse(packet); v6 && !v6->truncated()) {
        auto x = Ipv6Extensions::walk(v6->next_header(), v6->payload());
        if (x.end() != Ipv6ChainEnd::upper_layer) return std::nullopt;
        l = {6, x.upper_protocol(), static_cast<std::uint16_t>(40 + x.upper_offset()),
             static_cast<std::uint16_t>(v6->packet().size())};
    } else {
        return std::nullopt;
    }
    const std::size_t need = min_l4_length(l.protocol);
    if (need == 0 || std::size_t(l.length - l.l4_offset) < need) return std::nullopt;
    if ((l.protocol == ip_protocol::kIcmp && l.ip_version != 4) ||
        (l.protocol == ip_protocol::kIcmpv6 && l.ip_version != 6))
        return std::nullopt;
    return l;
}

std::optional<PacketPatcher> PacketPatcher::attach(MutableBytes packet) {
    auto layout = PacketLayout::of(packet);
    if (!layout) return std::nullopt;
    return PacketPatcher(packet, *layout);
}

std::size_t PacketPatcher::l4_checksum_offset() const {
    switch (layout_.protocol) {
        case ip_protocol::kTcp: return 16;
        case ip_protocol::kUdp: return 6;
        default: return 2;
    }
}

void PacketPatcher::patch_ip16(std::size_t off, std::uint16_t value) {
    const std::uint16_t old = load_be16(packet_, off);
    store_be16(packet_, off, value);
    if (layout_.ip_version == 4)
        store_be16(packet_, 10, checksum_update16(load_be16(packet_, 10), old, value));
}

void PacketPatcher::patch_l4_16(std::size_t off, std::uint16_t value) {
    MutableBytes seg = l4();
    const std::size_t c = l4_checksum_offset();
    const std::uint16_t old = load_be16(seg, off);
    store_be16(seg, off, value);
    const std::uint16_t sum = load_be16(seg, c);
    // A UDP/IPv4 checksum of 0 means "not computed": leave it so.
    if (layout_.protocol == ip_protocol::kUdp && sum == 0 && layout_.ip_version == 4) return;
    std::uint16_t updated = checksum_update16(sum, old, value);
    if (layout_.protocol == ip_protocol::kUdp && updated == 0) updated = 0xFFFF;
    store_be16(seg, c, updated);
}

void PacketPatcher::set_ip_id(std::uint16_t id) {
    if (layout_.ip_version == 4) patch_ip16(4, id);
}

void PacketPatcher::set_ttl(std::uint8_t ttl) {
    if (layout_.ip_version == 6) return store_u8(packet_, 7, ttl);
    patch_ip16(8, static_cast<std::uint16_t>(ttl << 8 | load_u8(packet_, 9)));
}

void PacketPatcher::set_tos(std::uint8_t tos) {
    if (layout_.ip_version == 4) patch_ip16(0, static_cast<std::uint16_t>(load_u8(packet_, 0) << 8 | tos));
}

bool PacketPatcher::set_ports(std::uint16_t src, std::uint16_t dst) {
    if (layout_.protocol != ip_protocol::kTcp && layout_.protocol != ip_protocol::kUdp) return false;
    patch_l4_16(0, src);
    patch_l4_16(2, dst);
    return true;
}

bool PacketPatcher::set_tcp_seq(std::uint32_t seq) {
    if (layout_.protocol != ip_protocol::kTcp) return false;
    patch_l4_16(4, static_cast<std::uint16_t>(seq >> 16));
    patch_l4_16(6, static_cast<std::uint16_t>(seq));
    return true;
}

bool PacketPatcher::set_tcp_ack(std::uint32_t ack) {
    if (layout_.protocol != ip_protocol::kTcp) return false;
    patch_l4_16(8, static_cast<std::uint16_t>(ack >> 16));
    patch_l4_16(10, static_cast<std::uint16_t>(ack));
    return true;
}

bool PacketPatcher::set_echo(std::uint16_t id, std::uint16_t seq) {
    if (layout_.protocol != ip_protocol::kIcmp && layout_.protocol != ip_protocol::kIcmpv6) return false;
    patch_l4_16(4, id);
    patch_l4_16(6, seq);
    return true;
}

void PacketPatcher::recompute_checksums() {
    if (layout_.ip_version == 4) {
        const std::size_t hlen = std::size_t(load_u8(packet_, 0) & 0x0F) * 4;
        store_be16(packet_, 10, 0);
        store_be16(packet_, 10, internet_checksum(packet_.first(hlen)));
    }
    MutableBytes seg = l4();
    const std::size_t c = l4_checksum_offset();
    store_be16(seg, c, 0);
    std::uint16_t sum;
    if (layout_.protocol == ip_protocol::kIcmp) {
        sum = internet_checksum(seg);
    } else if (layout_.ip_version == 4) {
        sum = transport_checksum(Ipv4Address::read(packet_, 12), Ipv4Address::read(packet_, 16),
                                 layout_.protocol, seg);
    } else {
        sum = transport_checksum(Ipv6Address::read(packet_, 8), Ipv6Address::read(packet_, 24),
                                 layout_.protocol, seg);
    }
    if (layout_.protocol == ip_protocol::kUdp && sum == 0) sum = 0xFFFF;
    store_be16(seg, c, sum);
}

}  // namespace whorl::wire
