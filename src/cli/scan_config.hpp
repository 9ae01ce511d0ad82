// ScanConfig: what `whorl [options] TARGETS` was asked to do, as one value built from the
// command line (scan_options.cpp) and read by the scan session. Nmap's defaults.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ip_address.hpp"
#include "cli/fleet_options.hpp"
#include "fp/nmap_behaviour.hpp"
#include "scan/walk/shard.hpp"

namespace whorl::cli {

struct OutputFiles {
    std::string normal, xml, grepable, json;  // empty: not written ("-" is stdout)
    bool append = false;
};

struct ScanConfig {
    std::vector<std::string> targets;
    // --privileged (or $NMAP_PRIVILEGED): scan without root when the capabilities are
    // there (CAP_NET_RAW, CAP_NET_ADMIN), as Nmap assumes it may.
    bool privileged = false;
    std::string user;  // -u: become this user once set up, keeping the two capabilities
    std::string input_list;  // -iL
    std::vector<std::string> excludes;
    std::string exclude_file;
    bool ipv6 = false;
    // The order of the targets (docs/decisions/0026): Nmap's, the order given, unless
    // --randomize-hosts (a seed of whorl's choosing), --seed or --shard ask for a seeded
    // pseudo-random permutation of the whole target list.
    bool randomize_hosts = false;
    std::optional<std::uint64_t> seed;
    std::optional<scan::walk::Shard> shard;  // --shard K/N: this machine's share
    // --resume FILE: what the interrupted run's -oN or -oG file says was done; the run's
    // options come from the same file.
    struct Resume {
        std::optional<IpAddress> last;   // the last host reported (none: start again)
        std::vector<IpAddress> reported;  // the hosts reported last, up to a batch's worth
    };
    std::optional<Resume> resume;

    bool skip_discovery = false;  // -Pn
    bool ping_only = false;       // -sn
    bool disable_arp = false;     // --disable-arp-ping
    bool no_dns = false;          // -n
    bool always_dns = false;      // -R

    std::string ports;  // -p
    bool fast = false;  // -F
    std::optional<int> top_ports;
    bool sequential_ports = false;  // -r

    bool os_detection = false;  // -O
    bool osscan_limit = false;
    bool osscan_guess = false;
    int max_os_tries = 5;
    // --nmap-compat: which Nmap release to follow; unset follows the database's grammar.
    std::optional<fp::NmapBehaviour> nmap_compat;

    int timing_level = 3;  // -T
    std::optional<double> min_rate, max_rate;
    std::optional<int> max_retries;
    std::optional<std::chrono::milliseconds> host_timeout, scan_delay, max_scan_delay;
    std::optional<std::chrono::milliseconds> min_rtt_timeout, max_rtt_timeout, initial_rtt_timeout;
    std::optional<int> max_hostgroup;

    std::string interface;  // -e
    std::optional<std::uint16_t> source_port;  // -g
    std::optional<int> ttl;
    std::string datadir;

    OutputFiles output;
    int verbose = 0;
    int debugging = 0;
    bool reason = false;
    bool open_only = false;
    bool packet_trace = false;
    std::optional<std::chrono::milliseconds> stats_every;
    std::string xml_scanner_name = "whorl";

    std::string command_line;  // as typed, for the reports

    // --jetstream URL --queue NAME: a worker of a scanner fleet, scanning the target
    // blocks of that queue and publishing each host's result (cli/fleet_worker.hpp).
    FleetOptions fleet;
};

}  // namespace whorl::cli
