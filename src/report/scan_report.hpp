// ScanReport: everything one `whorl -O ...` run found, as one value. The writers (normal
// text, nmap XML, grepable, JSON) are pure functions of it and of the output options, so
// every format tells the same story.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
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
    // The ICMP error came from another host than the target (a router, a firewall):
    // printed as "admin-prohibited from 198.51.100.254 ttl 254", XML reason_ip.
    std::optional<IpAddress> reason_addr;
    // nmap-services lists the port (XML then writes <service name=... method="table">;
    // for an unlisted port Nmap writes no <service> and grepable output no name).
    bool service_listed = true;
};

struct OsPortUsed {
    scan::PortState state = scan::PortState::open;  // open or closed
    scan::Protocol protocol = scan::Protocol::tcp;
    std::uint16_t port = 0;
};

struct OsReport {
    const fp::db::OsDb* db = nullptr;
    // Keeps *db alive as long as the report (the writers run after the scan has ended).
    std::shared_ptr<const fp::db::OsDb> db_owner;
    // whorl's own verdict over OS classes (normal output's "OS verdict:" line, JSON's
    // "classification"); Nmap's lines, XML and grepable output do not show it.
    std::optional<fp::verdict::OsVerdict> verdict;
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
    // --host-timeout ran out: no ports or OS are reported ("Skipping host ... due to host
    // timeout"; XML timedout="true"; grepable Status: Timeout), as Nmap does.
    bool timed_out = false;
    scan::Reason status_reason = scan::Reason::user_set;
    std::uint8_t status_reason_ttl = 0;
    std::optional<double> latency_seconds;  // srtt
    std::optional<std::array<std::uint8_t, 6>> mac;
    std::string mac_vendor;
    std::vector<PortEntry> ports;  // every scanned port, ascending by protocol then number
    std::shared_ptr<OsReport> os;  // a pointer: most hosts have none, and reports are copied
    std::vector<std::string> warnings;  // printed before the port table
    // A host name given on the command line resolved to several addresses; the others
    // ("Other addresses for NAME (not scanned): ...").
    std::vector<IpAddress> other_addresses;
    std::int64_t start_time = 0, end_time = 0;  // Unix seconds
    // XML <times>: srtt, rttvar, to in microseconds.
    std::int64_t srtt_us = 0, rttvar_us = 0, timeout_us = 0;
};

struct ScanInfo {
    std::string type = "syn";  // XML scaninfo type
    scan::Protocol protocol = scan::Protocol::tcp;
    std::vector<std::uint16_t> ports;  // scanned, ascending
};

// Raw packets sent and received over the whole run (the -v statistics line).
struct PacketCounts {
    std::uint64_t sent = 0, sent_bytes = 0;
    std::uint64_t received = 0, received_bytes = 0;
};

struct ScanReport {
    std::string scanner_version;  // whorl's version
    std::string args;             // the command line as typed
    std::int64_t start_time = 0;  // Unix seconds
    std::vector<ScanInfo> scaninfo;
    int verbose = 0, debugging = 0;
    std::vector<HostReport> hosts;  // in scan order; down hosts too (shown with -v), unless...
    // ...they were only counted: a scan without JSON output (the one report written whole
    // at the end) keeps no down host once it is written, so its memory follows the hosts
    // found, not the addresses scanned (report_format's hosts_total counts them).
    std::size_t down_hosts_not_kept = 0;
    std::int64_t end_time = 0;
    double elapsed_seconds = 0;
    bool os_detection = false;
    bool interrupted = false;  // Ctrl-C: what was found so far
    std::string error_message;  // why the run stopped early (XML errormsg), if it did
    // Where nmap-os-db, nmap-services, ... were read ("Read data files from:", -v).
    std::string data_dir;
    std::optional<PacketCounts> packets;  // nullopt: no raw packets were counted
};

// How the writers render a report (Nmap's flags that change output, not the scan).
struct OutputOptions {
    int verbose = 0;
    int debugging = 0;
    bool reason = false;     // --reason
    bool open_only = false;  // --open
    // --defeat-rst-ratelimit (implied by --open): warn that closed ports may show as
    // filtered.
    bool defeat_rst_ratelimit = false;
    fp::match::OsPrintOptions os;
    // The nmaprun scanner attribute. nmap.dtd allows only "nmap"; "nmap" makes the XML
    // valid for strict DTD validation and for tools that check it (docs/decisions/0008).
    std::string xml_scanner_name = "whorl";
    // The xml-stylesheet processing instruction's href; empty: none (--no-stylesheet).
    std::string xml_stylesheet = "file:///usr/share/nmap/nmap.xsl";
    // Where "OS detection performed. Please report any incorrect results at ..." points:
    // the matches come from nmap-os-db, whose corrections Nmap collects.
    std::string submit_url = "https://nmap.org/submit/";
};

}  // namespace whorl::report
