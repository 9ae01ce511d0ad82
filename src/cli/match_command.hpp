// `whorl match [--datadir DIR] [--json] [-v|-vv|-d] [--osscan-guess] [FILE|-]`: reads one
// Nmap OS fingerprint and prints the OS block Nmap 7.93 would print for it (or the match
// list as JSON).
#pragma once

#include <span>
#include <string>

#include "base/error.hpp"
#include "cli/commands.hpp"

namespace whorl::cli {

Result<int> run_match(std::span<const std::string> args, const Streams& io);
// whorl-match(1), from the table --help prints.
std::string match_man_page();

}  // namespace whorl::cli
