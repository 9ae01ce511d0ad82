// Builds the IPv6 packet of one of Nmap's IPv6 OS probes (fp/active6/probe6.hpp) with
// wire/'s builders: flow label 0x12345, the given hop limit (255 for NS), the extension
// headers of IE1 and IE2, each checksum over its pseudo-header.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "base/ip_address.hpp"
#include "fp/active6/probe6.hpp"

namespace whorl::scan {

struct OsProbe6Values {
    IpAddress source, target;
    std::uint16_t tcp_port_base = 0, udp_port_base = 0;
    std::uint16_t open_port = 0, closed_port = 0, closed_udp_port = 0;
    std::uint32_t seq_base = 0;
    std::uint32_t ack = 0;          // this TCP probe's (random; TECN's is 0 whatever this is)
    std::uint16_t echo_sequence = 0;  // IE1 0, IE2 1
    std::uint8_t hop_limit = 64;    // ignored for NS
};

// The packet's length in `out`, or nullopt if it does not fit (400 bytes always do).
std::optional<std::size_t> build_os_probe6(MutableBytes out, fp::active6::Probe6Id id, const OsProbe6Values& v);

std::uint16_t os_probe6_source_port(fp::active6::Probe6Id id, const OsProbe6Values& v);
std::uint16_t os_probe6_destination_port(fp::active6::Probe6Id id, const OsProbe6Values& v);

}  // namespace whorl::scan
