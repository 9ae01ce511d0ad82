// `whorl submit --jetstream URL --queue NAME [--block-size N] TARGETS...`: the targets (as
// for a scan: names, ranges, CIDR, -iL, --exclude) walked as a scan walks them, cut into
// blocks of N and published to the queue's JetStream work stream, which is made (with its
// consumer and results stream) where missing. docs/decisions/0029.
#pragma once

#include <span>
#include <string>

#include "cli/commands.hpp"

namespace whorl::cli {

Result<int> run_submit(std::span<const std::string> args, const Streams& io);

}  // namespace whorl::cli
