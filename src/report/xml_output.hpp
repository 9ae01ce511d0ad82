// Nmap 7.93's XML output (-oX): the structure, element order and line breaks of Nmap's
// own files, valid against nmap.dtd (see docs/decisions/0008 for the scanner attribute):
//   nmaprun (scaninfo, verbose, debugging,
//     host (status, address ipv4, address mac [vendor], hostnames,
//           ports (extraports (extrareasons), port (state, service)),
//           os (portused, osmatch (osclass (cpe)), osfingerprint),
//           uptime, distance, tcpsequence, ipidsequence, tcptssequence, times),
//     runstats (finished, hosts))
// A down host (written with -v) has only status and address. An interrupted run still
// closes every element and ends with runstats exit="error" and an errormsg, as Nmap does
// when it stops early. The pieces are separate so that a scan can write each host as soon
// as it is done and still close the document on Ctrl-C.
#pragma once

#include <string>

#include "report/scan_report.hpp"

namespace whorl::report {

// From the XML declaration to the <debugging> element (nmaprun stays open).
std::string xml_header(const ScanReport& report, const OutputOptions& options);
// One <host> element; "" for a down host without -v.
std::string xml_host(const HostReport& host, const OutputOptions& options);
// <runstats> and the end of <nmaprun>.
std::string xml_footer(const ScanReport& report, const OutputOptions& options);

std::string xml_output(const ScanReport& report, const OutputOptions& options);

}  // namespace whorl::report
