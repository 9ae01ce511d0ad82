// Nmap's port selection: -p specifications (lists, ranges with open ends, -p-, T:/U:/S:
// prefixes, service names with wildcards, [brackets] for registered ports only), -F and
// --top-ports, and the default top 1000.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "scan/services.hpp"

namespace whorl::scan {

struct PortList {
    std::vector<std::uint16_t> tcp;  // ascending, unique
    std::vector<std::uint16_t> udp;
    std::vector<std::uint16_t> sctp;
    bool empty() const { return tcp.empty() && udp.empty() && sctp.empty(); }
};

// Parses a -p value. Items without a protocol prefix count for every protocol.
Result<PortList> parse_port_spec(std::string_view spec, const ServicesDb& services);

// The top n ports by frequency for each protocol asked for, ascending.
PortList top_ports(const ServicesDb& services, std::size_t n, bool tcp, bool udp);

// Nmap's compact form of a port list: "1,3-4,6-7,9" (as in XML scaninfo services=).
std::string compress_ports(const std::vector<std::uint16_t>& ascending);

}  // namespace whorl::scan
