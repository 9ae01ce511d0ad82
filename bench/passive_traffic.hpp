// Synthetic SYN / SYN+ACK traffic for the passive benchmarks: many client hosts (a few
// hundred IPv4 hosts in 198.51.100.0/24 that open many connections, as behind NAT, and
// thousands of IPv6 hosts in 2001:db8::/32), each with one of ten real-world stacks or a
// random option layout, a fixed hop count and a running TCP timestamp clock, talking to
// a few servers with their own stacks. Each connection is a SYN and, 20 microseconds
// later, the SYN+ACK; no data. Ethernet frames, built with wire's builders.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/bytes.hpp"

namespace whorl::bench {

struct TrafficSpec {
    std::uint64_t packets = 1000000;   // SYN and SYN+ACK frames in total
    std::uint32_t v4_clients = 240;    // 198.51.100.1 .. 198.51.100.240
    std::uint32_t v6_clients = 20000;  // 2001:db8:1::/48
    double v6_share = 0.5;             // of connections
    double random_layouts = 0.3;       // of hosts
    std::uint32_t connections_per_second = 2000;
    std::uint64_t seed = 42;
};

// Calls `frame(time_us, bytes)` for every frame, in time order.
void generate_traffic(const TrafficSpec& spec,
                      const std::function<void(std::int64_t time_us, Bytes frame)>& frame);

}  // namespace whorl::bench
