// Template-then-patch (zmap's prepare_packet / make_packet): build a probe once, then for
// each send change the few fields that vary (IP ID, TTL, ports, sequence and
// acknowledgement numbers, ICMP echo id/seq) in place. The checksums are fixed
// incrementally (RFC 1624), which gives the same result as recomputing them;
// recompute_checksums() is there for anything else edited by hand.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace whorl::wire {

// Where the transport header of a built packet is.
struct PacketLayout {
    std::uint8_t ip_version = 0;   // 4 or 6
    std::uint8_t protocol = 0;     // transport protocol (after IPv6 extension headers)
    std::uint16_t l4_offset = 0;   // from the start of the packet
    std::uint16_t length = 0;      // whole packet, within the IP length

    // For a packet starting with its IP header; nullopt if it is not a whole IPv4 or
    // IPv6 packet with a TCP, UDP, ICMP or ICMPv6 header of at least its fixed size.
    static std::optional<PacketLayout> of(Bytes packet);
};

class PacketPatcher {
public:
    // packet: a built packet (from packet_builder.hpp or a received copy).
    static std::optional<PacketPatcher> attach(MutableBytes packet);

    const PacketLayout& layout() const { return layout_; }

    // IP fields; the IPv4 header checksum follows. IPv6 has none.
    void set_ip_id(std::uint16_t id);     // IPv4 only (ignored for IPv6)
    void set_ttl(std::uint8_t ttl);       // IPv4 TTL or IPv6 hop limit
    void set_tos(std::uint8_t tos);       // IPv4 TOS (ignored for IPv6)

    // Transport fields; the transport checksum follows. Each returns false (and changes
    // nothing) when the packet's transport has no such field.
    bool set_ports(std::uint16_t src, std::uint16_t dst);  // TCP, UDP
    bool set_tcp_seq(std::uint32_t seq);
    bool set_tcp_ack(std::uint32_t ack);
    bool set_echo(std::uint16_t id, std::uint16_t seq);  // ICMP / ICMPv6 echo

    // Recomputes the IPv4 header checksum and the transport checksum from scratch.
    void recompute_checksums();

private:
    PacketPatcher(MutableBytes p, PacketLayout l) : packet_(p), layout_(l) {}
    MutableBytes l4() const { return packet_.subspan(layout_.l4_offset, layout_.length - layout_.l4_offset); }
    std::size_t l4_checksum_offset() const;
    void patch_ip16(std::size_t off, std::uint16_t value);
    void patch_l4_16(std::size_t off, std::uint16_t value);

    MutableBytes packet_;
    PacketLayout layout_;
};

}  // namespace whorl::wire
