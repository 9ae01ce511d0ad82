// One `whorl passive` run: opens the database, the capture (file or interface, with the
// BPF filter) and the outputs, drops privileges, feeds every packet through the passive
// pipeline to the writers until the input ends or SIGINT/SIGTERM, then prints the host
// summary and the run's counters (kernel drops included for live captures).
#pragma once

#include <string>

#include "base/error.hpp"
#include "cli/commands.hpp"
#include "passive/evidence_stage.hpp"
#include "passive/passive_config.hpp"

namespace whorl::cli {

struct PassiveOptions {
    std::string read_file;   // -r
    std::string interface;   // -i
    std::string filter;      // trailing BPF expression
    std::string fp_file;     // -f (default /etc/p0f/p0f.fp)
    std::string log_file;    // -o: p0f's log format, appended
    std::string json_file;   // --json FILE or "-" for standard output
    std::string user;        // -u
    bool chroot = true;      // with -u: chroot into the user's home
    bool promiscuous = false;  // -p
    bool quiet = false;      // no console blocks, no banner
    bool summary = true;     // the host table at the end
    fp::passive::PassiveConfig config;  // -m, -t, --p0f-exact
    fp::passive::EvidenceOptions evidence;
};

Result<int> run_passive_session(const PassiveOptions& options, const Streams& io);

}  // namespace whorl::cli
