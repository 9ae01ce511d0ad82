// The fleet's NATS options (see the header).
#include "cli/fleet_options.hpp"

#include <fmt/format.h>

namespace whorl::cli {

void append_fleet_options(std::vector<OptionSpec>& table, FleetOptions& o, std::string_view group) {
    table.push_back({{"jetstream"}, true, false, "<url[,url...]>",
                     "the NATS servers (nats://HOST:PORT or tls://HOST:PORT; several: one cluster)", group,
                     [&o](std::string_view v) -> Result<void> {
                         o.nats.servers = std::string(v);
                         return {};
                     }});
    table.push_back({{"queue"}, true, false, "<name>", "the fleet's queue (its streams: NAME and NAME-results)", group,
                     [&o](std::string_view v) -> Result<void> {
                         o.queue = std::string(v);
                         return {};
                     }});
    table.push_back({{"nats-creds"}, true, false, "<file>", "a NATS credentials file (user JWT and NKey seed)", group,
                     [&o](std::string_view v) -> Result<void> {
                         o.nats.creds_file = std::string(v);
                         return {};
                     }});
    table.push_back({{"nats-tls-ca"}, true, false, "<file>", "TLS to NATS, the servers verified against these CAs (PEM)",
                     group, [&o](std::string_view v) -> Result<void> {
                         o.nats.tls_ca_file = std::string(v);
                         return {};
                     }});
    table.push_back({{"nats-buffer"}, true, false, "<size>",
                     "what may wait while NATS is unreachable (default 8M; more is an error)", group,
                     [&o](std::string_view v) -> Result<void> {
                         auto n = fleet::parse_buffer_size(v);
                         if (!n) return unexpected(n.error());
                         o.nats.reconnect_buffer = *n;
                         return {};
                     }});
}

Result<fleet::QueueNames> fleet_queue(const FleetOptions& o) {
    if (o.nats.servers.empty()) return fail(Errc::usage, "--queue needs --jetstream URL, the NATS server to use");
    if (o.queue.empty()) return fail(Errc::usage, "--jetstream needs --queue NAME, the fleet's queue");
    if (auto r = fleet::check_server_urls(o.nats.servers); !r) return unexpected(r.error());
    return fleet::queue_names(o.queue);
}

}  // namespace whorl::cli
