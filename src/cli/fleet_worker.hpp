// A worker of a scanner fleet: `whorl [scan options] --jetstream URL --queue NAME`. It
// takes the queue's target blocks one at a time, scans each exactly as `whorl [scan
// options] TARGETS` would, publishes one result per host to the queue's results stream
// (message id "<block>/<address>") and acknowledges the block once the server has stored
// them; it leaves when no block waits and none is held by another worker, or on SIGINT or
// SIGTERM (the block in hand is handed back). docs/decisions/0029.
#pragma once

#include "base/error.hpp"
#include "cli/commands.hpp"
#include "cli/scan_config.hpp"

namespace whorl::cli {

Result<int> run_fleet_worker(const ScanConfig& config, const Streams& io);

}  // namespace whorl::cli
