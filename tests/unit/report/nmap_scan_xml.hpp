// Test support: the ScanReport equivalent to what Nmap 7.93 wrote in an XML file
// (tests/fixtures/nmap-scan/<case>/nmap.xml), so that whorl's writers can be run on the
// same facts and compared with Nmap's own normal, grepable and XML output.
//
// Only as much of Nmap's XML is read as the report needs: run times and arguments,
// scaninfo, and per host the status, addresses, host names, times, every port (listed
// ones from <port>, ignored ones from the port ranges of <extrareasons>), and the OS part
// (ports used, the matches by their line in the installed nmap-os-db, the printed
// fingerprint, distance, uptime and the SEQ sequences). When Nmap printed the
// fingerprint, the match list is recomputed from it by whorl's matcher, so accuracies
// are exact; otherwise it is taken from <osmatch> (the perfect matches, exactly 100%).
// The OS print plan and the output options come from the nmap command line.
#pragma once

#include <string>

#include "fp/db/os_db.hpp"
#include "report/scan_report.hpp"
#include "scan/services.hpp"

namespace whorl::report::test {

struct NmapScan {
    ScanReport report;
    OutputOptions options;
};

// `xml` is the file's text; `db` must outlive the result (the OS reports point at it).
NmapScan scan_from_nmap_xml(const std::string& xml, const fp::db::OsDb& db, const scan::ServicesDb& services);

// Reads "Raw packets sent: 1023 (45.806KB) | Rcvd: 1015 (41.282KB)" from Nmap's stdout.
std::optional<PacketCounts> packet_counts_from_stdout(const std::string& stdout_text);

}  // namespace whorl::report::test
