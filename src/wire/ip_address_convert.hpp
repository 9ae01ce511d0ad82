// Conversions between the packet-level address types of wire/ and whorl::IpAddress, the
// address value every other layer uses.
#pragma once

#include <optional>

#include "base/ip_address.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

inline IpAddress to_ip_address(Ipv4Address a) { return IpAddress::v4(a.value); }

inline IpAddress to_ip_address(const Ipv6Address& a) {
    return IpAddress::v6(std::span<const std::byte, 16>(reinterpret_cast<const std::byte*>(a.octets.data()), 16));
}

inline std::optional<Ipv4Address> to_ipv4(const IpAddress& a) {
    if (!a.is_v4()) return std::nullopt;
    return Ipv4Address{a.v4_host_order()};
}

inline std::optional<Ipv6Address> to_ipv6(const IpAddress& a) {
    if (!a.is_v6()) return std::nullopt;
    Ipv6Address out;
    for (std::size_t i = 0; i < 16; ++i) out.octets[i] = std::to_integer<std::uint8_t>(a.bytes()[i]);
    return out;
}

}  // namespace whorl::wire
