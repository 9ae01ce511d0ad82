// Which ports a host's report lists one by one and which it summarises as "ignored"
// (Nmap 7.93 PortList::isIgnoredState / nextIgnoredState and the reason summary behind
// "Not shown: ..." and XML <extraports>):
//   - open is never ignored; with --open every other state with ports is ignored except
//     open|filtered and unfiltered (they may be open);
//   - otherwise a state is ignored when it has more than 25 ports; with -v or -d the
//     limit is 25 * ((verbose + 1) + 20 * debugging); from -d3 on nothing is ignored;
//   - ignored states are listed by port count, most first; equal counts in Nmap's state
//     order (closed, filtered, unfiltered, open|filtered, closed|filtered);
//   - inside a state, one group per (reason, protocol), most ports first; equal counts
//     keep the order in which the groups first appear (protocol, then port number).
// Every writer uses this one summary, so text, XML, grepable and JSON agree.
#pragma once

#include <cstdint>
#include <vector>

#include "report/scan_report.hpp"

namespace whorl::report {

struct ReasonGroup {
    scan::Reason reason = scan::Reason::no_response;
    scan::Protocol protocol = scan::Protocol::tcp;
    std::vector<std::uint16_t> ports;  // ascending
};

struct IgnoredState {
    scan::PortState state = scan::PortState::closed;
    int count = 0;
    std::vector<ReasonGroup> reasons;
};

struct PortSummary {
    std::vector<IgnoredState> ignored;
    std::vector<const PortEntry*> shown;  // in the report's order
    int total = 0;                        // ports scanned

    // Every scanned port is in an ignored state ("All 1000 scanned ports on ...").
    bool all_ignored() const { return total > 0 && shown.empty(); }
};

// The limit above which a state is ignored (-v and -d raise it); 0 means never ignore.
int ignored_state_limit(const OutputOptions& options);

// `host` must outlive the summary (it points at the host's ports).
PortSummary summarize_ports(const HostReport& host, const OutputOptions& options);

}  // namespace whorl::report
