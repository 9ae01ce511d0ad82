// Nmap 7.93's normal output (stdout and -oN) for a ScanReport, with whorl's name where
// Nmap prints its own:
//   Starting whorl 0.1.0 ( operating-system fingerprinting ) at 2026-11-25 01:06 UTC
//   whorl scan report for 198.51.100.2
//   Host is up (0.000082s latency).
//   Not shown: 999 closed tcp ports (reset)
//   PORT   STATE SERVICE
//   80/tcp open  http
//   MAC Address: 02:57:4C:00:00:02 (Unknown)
//   <OS block, report/os_block>
//   <empty line>
//   OS detection performed. Please report any incorrect results at https://nmap.org/submit/ .
//   whorl done: 1 IP address (1 host up) scanned in 15.95 seconds
// The -oN file has "# whorl ... scan initiated <ctime> as: <args>" and "# whorl done at
// <ctime> -- ..." instead of the Starting and done lines, and never the -v packet counts.
// The pieces are separate so that a scan can print each host as soon as it is done.
#pragma once

#include <string>

#include "report/scan_report.hpp"

namespace whorl::report {

enum class NormalDestination {
    terminal,  // standard output
    file,      // -oN
};

std::string normal_header(const ScanReport& report, const OutputOptions& options, NormalDestination to);
// One host's report, ending with its empty line; a down host is one line with -v, else "".
std::string normal_host(const HostReport& host, const OutputOptions& options);
std::string normal_footer(const ScanReport& report, const OutputOptions& options, NormalDestination to);

// Header, every host in order, footer.
std::string normal_output(const ScanReport& report, const OutputOptions& options, NormalDestination to);

// The port table (PORT STATE SERVICE [REASON]) padded as Nmap's NmapOutputTable pads it.
std::string port_table(const std::vector<const PortEntry*>& ports, bool with_reason);

}  // namespace whorl::report
