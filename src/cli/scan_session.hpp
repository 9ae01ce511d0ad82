// The active mode's top-level loop (`whorl [options] TARGETS`): targets are expanded and
// grouped by the interface that reaches them; each group goes through host discovery,
// the SYN port scan and OS detection on one event loop, one capture and one raw socket;
// the result is a ScanReport for the writers. Hosts are reported as their group ends.
#pragma once

#include <functional>
#include <string_view>

#include "base/error.hpp"
#include "base/log.hpp"
#include "cli/scan_config.hpp"
#include "report/scan_report.hpp"

namespace whorl::cli {

struct SessionCallbacks {
    std::function<void(const report::ScanReport&)> on_start;
    std::function<void(const report::ScanReport&, const report::HostReport&)> on_host;
    // --packet-trace: one line per packet sent or received ("SENT (0.0312s) TCP ...").
    std::function<void(const std::string&)> trace;
    struct Progress {
        std::string_view phase;
        double fraction = 0;  // of the phase, for the hosts being scanned
        std::size_t completed = 0, up = 0, undergoing = 0;  // hosts
    };
    // Called on every turn of the event loop.
    std::function<void(const Progress&)> progress;
    // Called once each group's scanning is over (to clear a live progress line).
    std::function<void()> idle;
};

// Whether a host stays in ScanReport::hosts once it has been reported (on_host): up hosts
// always, down ones only for the JSON report (written whole at the end); the others are
// counted in down_hosts_not_kept.
bool keeps_in_report(const ScanConfig& config, const report::HostReport& host);

// Runs the scan. The returned report also holds what was found before an interruption
// (report.interrupted), so the writers can close their files properly.
Result<report::ScanReport> run_scan_session(const ScanConfig& config, const Logger& log,
                                            const SessionCallbacks& callbacks);

}  // namespace whorl::cli
