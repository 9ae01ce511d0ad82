// Nmap 7.93's grepable output (-oG), one line per fact, fields separated by tabs:
//   # whorl 0.1.0 scan initiated Wed Nov 25 01:11:13 2026 as: whorl -Pn -O -oG - HOST
//   # Ports scanned: TCP(1000;1,3-4,...) UDP(0;) SCTP(0;) PROTOCOLS(0;)      (-v)
//   Host: 198.51.100.2 ()	Status: Up
//   Host: 198.51.100.2 ()	Ports: 80/open/tcp//http///	Ignored State: closed (999)	OS: Linux 5.3 - 5.4	Seq Index: 258	IP ID Seq: All zeros
//   # whorl done at Wed Nov 25 01:11:29 2026 -- 1 IP address (1 host up) scanned in 16.03 seconds
// "Ignored State" appears only when exactly one state is ignored; "OS:" only when the
// OS details are perfect matches (the names joined by '|'); "Seq Index" with more than 3
// SEQ replies and "IP ID Seq" with more than 2. A down host is "Status: Down" with -v.
#pragma once

#include <string>

#include "report/scan_report.hpp"

namespace whorl::report {

std::string grepable_header(const ScanReport& report, const OutputOptions& options);
std::string grepable_host(const HostReport& host, const OutputOptions& options);
std::string grepable_footer(const ScanReport& report, const OutputOptions& options);

std::string grepable_output(const ScanReport& report, const OutputOptions& options);

}  // namespace whorl::report
