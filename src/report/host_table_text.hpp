// The host summary table printed at the end of `whorl passive` (file runs, and live runs
// when stopped): one row per host with the OS p0f's signatures named and how (exact,
// fuzzy, generic), distance, link, uptime, HTTP application, language, connections and
// NAT / host-change notes, plus the fused verdict once the evidence stage is connected.
#pragma once

#include <string>
#include <vector>

#include "fp/passive/host_summary.hpp"

namespace whorl::report {

// Column widths follow the content; long texts are cut at `max_width` with "...".
std::string format_host_table(const std::vector<fp::passive::HostSummary>& hosts,
                              std::size_t max_width = 40);

}  // namespace whorl::report
