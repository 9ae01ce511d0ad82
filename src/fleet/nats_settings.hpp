// NatsSettings: how to reach NATS, from a fleet command's options (--jetstream,
// --nats-creds, --nats-tls-ca, --nats-buffer), and the checks made on them before any
// connection. Plain values: no NATS client here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl::fleet {

struct NatsSettings {
    std::string servers;      // nats://HOST:PORT or tls://HOST:PORT, comma-separated
    std::string creds_file;   // a NATS credentials file (JWT and NKey seed), or empty
    std::string tls_ca_file;  // CA certificates (PEM): TLS to every server, verified
    std::size_t reconnect_buffer = std::size_t{8} << 20;  // bytes
    std::string client_name = "whorl";
};

// "1048576", "512K", "8M": bytes for --nats-buffer (64 KiB to 1 GiB).
Result<std::size_t> parse_buffer_size(std::string_view text);

// The URLs of a comma-separated list, trimmed.
std::vector<std::string> server_urls(std::string_view servers);

// Checks the URL list before anything connects: each URL is [nats://|tls://][user[:pw]@]HOST:PORT.
Result<void> check_server_urls(std::string_view servers);

}  // namespace whorl::fleet
