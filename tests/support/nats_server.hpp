// Test support for the scanner fleet (issue 16): a real nats-server with JetStream, started
// in a lab namespace and listening on a lab address only, its store and log in a directory
// the test removes; stopped (SIGTERM) with the object or by stop(), as a cluster node is
// stopped mid-run. And the result lines `whorl results` prints, read back.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "lab/process.hpp"

namespace whorl::test {

struct NatsNodeSpec {
    std::string netns;    // the namespace it runs in ("ip netns exec"); empty: this one (then 127.0.0.1 only)
    std::string address;  // the lab address it listens on, for clients and, in a cluster, routes
    int port = 4222;
    std::string name;     // server_name, unique in a cluster
    std::vector<std::string> peers;  // the other nodes' addresses: a cluster (routes on port 6222)
    std::vector<std::string> extra;  // more nats-server options (--tls ...)
};

// A TCP port on 127.0.0.1 that nothing listens on just now.
int free_loopback_port();

class NatsServer {
public:
    // Starts nats-server -js; `dir` holds its store (dir/NAME) and log (dir/NAME.log).
    static Result<std::unique_ptr<NatsServer>> start(const NatsNodeSpec& spec, const std::string& dir);
    // Waits until the log says the server is ready (alone) or knows its cluster's JetStream
    // metadata leader (in a cluster).
    Result<void> wait_ready(std::chrono::milliseconds timeout);
    std::string url() const;
    pid_t pid() const { return process_.pid(); }
    void stop() { process_.stop(); }
    std::string log() const;

private:
    NatsServer(NatsNodeSpec spec, std::string log_path, lab::BackgroundProcess p)
        : spec_(std::move(spec)), log_path_(std::move(log_path)), process_(std::move(p)) {}
    NatsNodeSpec spec_;
    std::string log_path_;
    lab::BackgroundProcess process_;
};

// One line of `whorl results`.
struct FleetResultLine {
    std::string address, block, worker, status;
    std::uint64_t delivery = 0;
    std::vector<std::uint16_t> open_ports;
};
// The lines of `whorl results` output; a line that is not a result fails the test.
std::vector<FleetResultLine> fleet_result_lines(const std::string& text);

}  // namespace whorl::test
