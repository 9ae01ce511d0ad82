// The link layers whorl decodes and their mapping from pcap DLT / LINKTYPE numbers.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace whorl::wire {

enum class LinkType : std::uint8_t {
    ethernet,    // DLT_EN10MB (1): Ethernet II, any number of 802.1Q/802.1ad tags
    linux_sll,   // DLT_LINUX_SLL (113): Linux "cooked" capture v1, 16-byte header
    linux_sll2,  // DLT_LINUX_SLL2 (276): Linux "cooked" capture v2, 20-byte header
    raw,         // DLT_RAW (12, 14 on OpenBSD), LINKTYPE_RAW (101): IPv4 or IPv6 by version
    ipv4,        // LINKTYPE_IPV4 (228): IPv4 only
    ipv6,        // LINKTYPE_IPV6 (229): IPv6 only
    null,        // DLT_NULL (0): 4-byte address family in the capturing host's byte order
    loop,        // DLT_LOOP (108): 4-byte address family in network byte order
};

inline constexpr std::array kAllLinkTypes = {
    LinkType::ethernet, LinkType::linux_sll, LinkType::linux_sll2, LinkType::raw,
    LinkType::ipv4,     LinkType::ipv6,      LinkType::null,       LinkType::loop,
};

// pcap_datalink() values (DLT_*) and pcap file header values (LINKTYPE_*) alike.
constexpr std::optional<LinkType> link_type_from_dlt(std::uint32_t dlt) {
    switch (dlt) {
        case 0: return LinkType::null;
        case 1: return LinkType::ethernet;
        case 12:
        case 14:
        case 101: return LinkType::raw;
        case 108: return LinkType::loop;
        case 113: return LinkType::linux_sll;
        case 228: return LinkType::ipv4;
        case 229: return LinkType::ipv6;
        case 276: return LinkType::linux_sll2;
        default: return std::nullopt;
    }
}

// The LINKTYPE_* number to write in a pcap file header.
constexpr std::uint32_t linktype_number(LinkType t) {
    switch (t) {
        case LinkType::ethernet: return 1;
        case LinkType::linux_sll: return 113;
        case LinkType::linux_sll2: return 276;
        case LinkType::raw: return 101;
        case LinkType::ipv4: return 228;
        case LinkType::ipv6: return 229;
        case LinkType::null: return 0;
        case LinkType::loop: return 108;
    }
    return 0;
}

constexpr std::string_view link_type_name(LinkType t) {
    switch (t) {
        case LinkType::ethernet: return "ethernet";
        case LinkType::linux_sll: return "linux_sll";
        case LinkType::linux_sll2: return "linux_sll2";
        case LinkType::raw: return "raw";
        case LinkType::ipv4: return "ipv4";
        case LinkType::ipv6: return "ipv6";
        case LinkType::null: return "null";
        case LinkType::loop: return "loop";
    }
    return "?";
}

}  // namespace whorl::wire
