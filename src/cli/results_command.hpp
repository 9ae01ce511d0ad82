// `whorl results --jetstream URL --queue NAME [--json FILE|-]`: every result the queue's
// workers stored, one JSON line per host (docs/decisions/0029 has the format), in the
// order the server stored them; the stream is left as it was.
#pragma once

#include <span>
#include <string>

#include "cli/commands.hpp"

namespace whorl::cli {

Result<int> run_results(std::span<const std::string> args, const Streams& io);

}  // namespace whorl::cli
