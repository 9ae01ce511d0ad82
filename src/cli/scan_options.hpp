// The command line of the default command, `whorl [options] TARGETS`: Nmap's flags as
// one option table (parsing, --help), and the checks Nmap makes on their combinations.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "cli/options.hpp"
#include "cli/scan_config.hpp"

namespace whorl::cli {

struct ScanCommandLine {
    ScanConfig config;
    bool help = false;
    bool version = false;
    std::string resume_file;  // --resume FILE, which must be alone
};

// Parses argv (without the program name) into a ScanConfig; usage errors name the flag.
// `--resume FILE` alone reads the arguments and the progress of the run FILE records.
Result<ScanCommandLine> parse_scan_command_line(std::span<const std::string> args);

std::string scan_help_text();
// whorl(1), from the same table.
std::string scan_man_page();

}  // namespace whorl::cli
