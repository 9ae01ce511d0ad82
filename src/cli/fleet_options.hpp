// The options every command of the scanner fleet takes (whorl submit, whorl results, and
// the scan command as a worker): --jetstream URL[,URL...], --queue NAME, --nats-creds FILE,
// --nats-tls-ca FILE and --nats-buffer SIZE (docs/decisions/0029).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "cli/options.hpp"
#include "fleet/nats_settings.hpp"
#include "fleet/queue_names.hpp"

namespace whorl::cli {

struct FleetOptions {
    fleet::NatsSettings nats;
    std::string queue;
    // Any of the options given: the scan command is then a worker.
    bool given() const { return !nats.servers.empty() || !queue.empty(); }
};

// Appends the five options to an option table, under the heading `group`.
void append_fleet_options(std::vector<OptionSpec>& table, FleetOptions& options, std::string_view group);

// --jetstream and --queue both there, the URLs well formed: the queue's JetStream names.
Result<fleet::QueueNames> fleet_queue(const FleetOptions& options);

}  // namespace whorl::cli
