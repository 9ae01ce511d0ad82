// Port states and the reasons behind them, spelled as Nmap prints them ("open",
// "filtered", "syn-ack", "no-response", "admin-prohibited", ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace whorl::scan {

enum class PortState : std::uint8_t { open, closed, filtered, unfiltered, open_filtered, closed_filtered };
std::string_view port_state_name(PortState s);

enum class Reason : std::uint8_t {
    syn_ack,
    reset,
    no_response,
    net_unreach,
    host_unreach,
    proto_unreach,
    port_unreach,
    net_prohibited,
    host_prohibited,
    admin_prohibited,
    user_set,  // -Pn: the host was not probed
    arp_response,
    nd_response,  // IPv6 neighbor advertisement (the ARP of IPv6 on the link)
    echo_reply,
    timestamp_reply,
};
std::string_view reason_name(Reason r);

// The state and reason a SYN probe's ICMP destination-unreachable reply gives (Nmap: codes
// 0,1,2,3,9,10,13 mean filtered); nullopt for codes that say nothing about the port.
struct IcmpVerdict {
    PortState state;
    Reason reason;
};
std::optional<IcmpVerdict> syn_scan_icmp_verdict(std::uint8_t type, std::uint8_t code);

}  // namespace whorl::scan
