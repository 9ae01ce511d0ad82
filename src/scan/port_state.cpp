// Names of port states and reasons.
#include "scan/port_state.hpp"

namespace whorl::scan {

std::string_view port_state_name(PortState s) {
    switch (s) {
        case PortState::open: return "open";
        case PortState::closed: return "closed";
        case PortState::filtered: return "filtered";
        case PortState::unfiltered: return "unfiltered";
        case PortState::open_filtered: return "open|filtered";
        case PortState::closed_filtered: return "closed|filtered";
    }
    return "unknown";
}

std::string_view reason_name(Reason r) {
    switch (r) {
        case Reason::syn_ack: return "syn-ack";
        case Reason::reset: return "reset";
        case Reason::no_response: return "no-response";
        case Reason::net_unreach: return "net-unreach";
        case Reason::host_unreach: return "host-unreach";
        case Reason::proto_unreach: return "proto-unreach";
        case Reason::port_unreach: return "port-unreach";
        case Reason::net_prohibited: return "net-prohibited";
        case Reason::host_prohibited: return "host-prohibited";
        case Reason::admin_prohibited: return "admin-prohibited";
        case Reason::user_set: return "user-set";
        case Reason::arp_response: return "arp-response";
        case Reason::nd_response: return "nd-response";
        case Reason::echo_reply: return "echo-reply";
        case Reason::timestamp_reply: return "timestamp-reply";
    }
    return "unknown";
}

std::optional<IcmpVerdict> syn_scan_icmp_verdict(std::uint8_t type, std::uint8_t code) {
    if (type != 3) return std::nullopt;
    switch (code) {
        case 0: return IcmpVerdict{PortState::filtered, Reason::net_unreach};
        case 1: return IcmpVerdict{PortState::filtered, Reason::host_unreach};
        case 2: return IcmpVerdict{PortState::filtered, Reason::proto_unreach};
        case 3: return IcmpVerdict{PortState::filtered, Reason::port_unreach};
        case 9: return IcmpVerdict{PortState::filtered, Reason::net_prohibited};
        case 10: return IcmpVerdict{PortState::filtered, Reason::host_prohibited};
        case 13: return IcmpVerdict{PortState::filtered, Reason::admin_prohibited};
        default: return std::nullopt;
    }
}

}  // namespace whorl::scan
