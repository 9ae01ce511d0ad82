// The default command: `whorl [Nmap's options] TARGETS` (port scan, OS detection, reports).
#pragma once

#include <span>
#include <string>

#include "cli/commands.hpp"

namespace whorl::cli {

Result<int> run_scan(std::span<const std::string> args, const Streams& io);

}  // namespace whorl::cli
