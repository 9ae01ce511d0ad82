// Builds the IPv4 packet of one OS-detection probe from its ProbeSpec and the round's
// values (ports, S, A, the echo identifier, TTLs, IP IDs) with wire/'s builders.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.hpp"
#include "base/ip_address.hpp"
#include "fp/active/probe_spec.hpp"

namespace whorl::scan {

struct OsProbeValues {
    IpAddress source, target;
    std::uint16_t tcp_port_base = 0, udp_port_base = 0;
    std::uint16_t open_port = 0, closed_port = 0, closed_udp_port = 0;
    std::uint32_t seq_base = 0, ack = 0;
    std::uint16_t icmp_id = 0;
    std::uint8_t ttl = 64;      // this packet's TTL (TCP and ICMP probes)
    std::uint8_t udp_ttl = 64;  // U1's
    std::uint16_t ip_id = 0;    // this packet's IP ID (U1 always 0x1042)
};

// The packet's length in `out`, or nullopt if it does not fit (it always fits 400 bytes).
std::optional<std::size_t> build_os_probe(MutableBytes out, const fp::active::ProbeSpec& spec, const OsProbeValues& v);

// The source port a TCP or UDP probe uses.
std::uint16_t os_probe_source_port(const fp::active::ProbeSpec& spec, const OsProbeValues& v);
std::uint16_t os_probe_destination_port(const fp::active::ProbeSpec& spec, const OsProbeValues& v);

}  // namespace whorl::scan
