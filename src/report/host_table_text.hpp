// The host summary table printed at the end of `whorl passive` (file runs, and live runs
// when stopped): one row per host with the OS p0f's signatures named and how (exact,
// fuzzy, generic), distance, link, uptime, HTTP application, language, connections and
// NAT / host-change notes, with the fused verdict and its confidence first; then, for every
// host whose evidence names an OS, the evidence behind the verdict.
#pragma once

#include <string>
#include <vector>

#include "passive/host_summary.hpp"

namespace whorl::report {

// Column widths follow the content; long texts are cut at `max_width` with "...".
std::string format_host_table(const std::vector<fp::passive::HostSummary>& hosts,
                              std::size_t max_width = 40);

// One block per host whose verdict names a family: the verdict, its confidence and up to
// three other families of at least 5 %, then one line per kept observation, marked "+" (for the
// verdict), "-" (against it) or "." (context: names no OS): source, what it names, the
// reliability the fusion gave it, how often it was seen and its detail (cut at
// `max_detail`). Empty when no host has such a verdict.
std::string format_host_evidence(const std::vector<fp::passive::HostSummary>& hosts,
                                 std::size_t max_detail = 72);

}  // namespace whorl::report
