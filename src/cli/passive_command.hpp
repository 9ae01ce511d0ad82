// `whorl passive (-r FILE | -i IFACE) [options] ['BPF filter']`: passive OS fingerprinting
// as p0f 3.09b does it, with p0f's console blocks, its -o log format and JSON lines.
#pragma once

#include <span>
#include <string>

#include "base/error.hpp"
#include "cli/commands.hpp"

namespace whorl::cli {

Result<int> run_passive(std::span<const std::string> args, const Streams& io);
// whorl-passive(1), from the table --help prints.
std::string passive_man_page();

}  // namespace whorl::cli
