// ScanReport: everything one `whorl -O ...` run found, as one value. The writers (normal
// text, nmap XML, grepable, JSON) are pure functions of it and of the output options, so
// every format tells the same story.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ip_address.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "report/os_block.hpp"
#include "scan/port_state.hpp"
#include "scan/services.hpp"

namespace whorl::report {

struct PortEntry {
    std::uint16_t port = 0;
    scan::Protocol protocol = scan::Protocol::tcp;
    scan::PortState state = scan::PortState::closed;
    scan::Reason reason = scan::Reason::reset;
    std::uint8_t reason_ttl = 0;
    std::string service;  // from nmap-services, "unknown" when not listed
};

struct OsPortUsed {
    scan::PortState state = scan::PortState::open;  // open or closed
    scan::Protocol protocol = scan::Protocol::tcp;
    std::uint16_t port = 0;
};

struct OsReport {
    const fp::db::OsDb* db = nullptr;
    fp::match::MatchResult result;
    fp::match::OsPrintPlan plan;
    fp::Fingerprint fingerprint;  // merged rounds with the SCAN line
    std::optional<int> distance;
    SeqExtras seq_text;  // the -v lines
    std::vector<OsPortUsed> ports_used;
    // XML: <uptime>, <tcpsequence>, <ipidsequence>, <tcptssequence>
    std::optional<std::int64_t> uptime_seconds;
    std::string lastboot;  // ctime() text without the newline
    std::optional<int> tcp_sequence_index;
    std::string tcp_sequence_difficulty;
    std::vector<std::uint32_t> isns;
    std::string ip_id_class;
    std::vector<std::uint16_t> ip_ids;
    std::string ts_class;
    std::vector<std::uint32_t> tsvals;  // empty when the class says unsupported
    int tries = 0;
};

struct HostReport {
    IpAddress address;
    std::string user_hostname;  // as given on the command line, if a name
    std::string rdns;           // reverse DNS (PTR), if resolved
    bool up = false;
    scan::Reason status_reason = scan::Reason::user_set;
    std::uint8_t status_reason_ttl = 0;
    std::optional<double> latency_seconds;  // srtt
    std::optional<std::array<std::uint8_t, 6>> mac;
    std::string mac_vendor;
    std::vector<PortEntry> ports;  // every scanned port, ascending by protocol then number
    std::optional<OsReport> os;
    std::vector<std::string> warnings;  // printed before the port table
    std::int64_t start_time = 0, end_time = 0;  // Unix seconds
    // XML <times>: srtt, rttvar, to in microseconds.
    std::int64_t srtt_us = 0, rttvar_us = 0, timeout_us = 0;
};

struct ScanInfo {
    std::string type = "syn";  // XML scaninfo type
    scan::Protocol protocol = scan::Protocol::tcp;
    std::vector<std::uint16_t> ports;  // scanned, ascending
};

struct ScanReport {
    std::string scanner_version;  // whorl's version
    std::string args;             // the command line as typed
    std::int64_t start_time = 0;  // Unix seconds
    std::vector<ScanInfo> scaninfo;
    int verbose = 0, debugging = 0;
    std::vector<HostReport> hosts;  // in scan order; down hosts too (shown with -v)
    std::int64_t end_time = 0;
    double elapsed_seconds = 0;
    bool os_detection = false;
    bool interrupted = false;  // Ctrl-C: what was found so far
};

// How the writers render a report (Nmap's flags that change output, not the scan).
struct OutputOptions {
    int verbose = 0;
    int debugging = 0;
    bool reason = false;     // --reason
    bool open_only = false;  // --open
    fp::match::OsPrintOptions os;
    std::string xml_scanner_name = "whorl";  // "nmap" for tools that insist (see docs)
};

}  // namespace whorl::report
