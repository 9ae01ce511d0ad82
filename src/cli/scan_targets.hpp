// The targets of a scan as one walk (docs/decisions/0026): the expressions given (the
// command line, then -iL's lines) numbered as one space, less the exclusions (--exclude,
// --excludefile), in the order given or the one a seed gives, this machine's shard of it.
// Used by the scan session and by `whorl submit`, which cuts the same walk into blocks.
#pragma once

#include <cstdint>
#include <optional>

#include "base/error.hpp"
#include "base/log.hpp"
#include "cli/scan_config.hpp"
#include "scan/walk/target_walk.hpp"

namespace whorl::cli {

// An expression that does not parse is warned about and skipped, as Nmap skips a target it
// cannot read; a bad exclusion, an unreadable -iL or --excludefile, is an error.
Result<scan::walk::TargetWalk> open_target_walk(const ScanConfig& config, std::optional<std::uint64_t> seed,
                                                const Logger& log);

}  // namespace whorl::cli
