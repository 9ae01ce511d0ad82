// IP protocol / IPv6 next-header numbers used by the views and builders.
#pragma once

#include <cstdint>

namespace whorl::wire::ip_protocol {

inline constexpr std::uint8_t kHopByHop = 0;
inline constexpr std::uint8_t kIcmp = 1;
inline constexpr std::uint8_t kTcp = 6;
inline constexpr std::uint8_t kUdp = 17;
inline constexpr std::uint8_t kIpv6 = 41;
inline constexpr std::uint8_t kRouting = 43;
inline constexpr std::uint8_t kFragment = 44;
inline constexpr std::uint8_t kEsp = 50;
inline constexpr std::uint8_t kAh = 51;
inline constexpr std::uint8_t kIcmpv6 = 58;
inline constexpr std::uint8_t kNoNextHeader = 59;
inline constexpr std::uint8_t kDestinationOptions = 60;

}  // namespace whorl::wire::ip_protocol
