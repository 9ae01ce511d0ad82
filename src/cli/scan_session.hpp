// The active mode's top-level loop (`whorl [options] TARGETS`): targets are expanded and
// grouped by the interface that reaches them; each group goes through host discovery,
// the SYN port scan and OS detection on one event loop, one capture and one raw socket;
// the result is a ScanReport for the writers. Hosts are reported as their group ends.
#pragma once

#include <functional>

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
};

// Runs the scan. The returned report also holds what was found before an interruption
// (report.interrupted), so the writers can close their files properly.
Result<report::ScanReport> run_scan_session(const ScanConfig& config, const Logger& log,
                                            const SessionCallbacks& callbacks);

}  // namespace whorl::cli
