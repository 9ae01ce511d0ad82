// Route lookup: which interface and source address the kernel would use to reach a
// destination (an RTM_GETROUTE query, like `ip route get`), and the local interfaces.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/ip_address.hpp"

namespace whorl::io {

struct Route {
    std::string interface;
    int ifindex = 0;
    IpAddress source;
    std::optional<IpAddress> gateway;  // absent when the destination is on-link
    bool local = false;                // the destination is one of this host's addresses
};

Result<Route> route_to(const IpAddress& destination);

// The kernel's answer to an RTM_GETROUTE query (`n` bytes of netlink messages, aligned as
// recv() leaves them): the route, or the error it carries. Every length is checked before it
// is read (fuzzed by tests/fuzz/targets/rtnetlink_route.cpp).
Result<Route> parse_route_reply(const char* buf, std::size_t n, const IpAddress& destination);

struct Interface {
    std::string name;
    int index = 0;
    bool up = false;
    bool loopback = false;
    int mtu = 0;
    std::optional<std::array<std::uint8_t, 6>> mac;  // Ethernet-like interfaces
    std::vector<IpAddress> addresses;
};

Result<std::vector<Interface>> list_interfaces();

}  // namespace whorl::io
