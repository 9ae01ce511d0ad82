// A nats-server for the fleet's integration tests (see the header).
#include "support/nats_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "fleet/json_value.hpp"
#include "support/fixtures.hpp"

namespace whorl::test {

Result<std::unique_ptr<NatsServer>> NatsServer::start(const NatsNodeSpec& spec, const std::string& dir) {
    const std::string log_path = fmt::format("{}/{}.log", dir, spec.name);
    std::vector<std::string> argv;
    if (!spec.netns.empty()) argv = {"ip", "netns", "exec", spec.netns};
    else if (spec.address != "127.0.0.1") return fail(Errc::usage, "outside a lab namespace, only 127.0.0.1");
    for (const std::string& a : {std::string("nats-server"), std::string("-js"), std::string("-a"), spec.address,
                                 std::string("-p"), std::to_string(spec.port), std::string("-sd"), dir + "/" + spec.name,
                                 std::string("-l"), log_path, std::string("--server_name"), spec.name})
        argv.push_back(a);
    argv.insert(argv.end(), spec.extra.begin(), spec.extra.end());
    if (!spec.peers.empty()) {
        std::string routes;
        for (const auto& p : spec.peers) routes += (routes.empty() ? "" : ",") + fmt::format("nats://{}:6222", p);
        for (const std::string& a : {std::string("--cluster_name"), std::string("whorl"), std::string("--cluster"),
                                     fmt::format("nats://{}:6222", spec.address), std::string("--routes"), routes})
            argv.push_back(a);
    }
    auto p = lab::BackgroundProcess::start(argv);
    if (!p) return unexpected(p.error());
    return std::unique_ptr<NatsServer>(new NatsServer(spec, log_path, std::move(*p)));
}

int free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0) ::close(fd);
    return port;
}

std::string NatsServer::url() const { return fmt::format("nats://{}:{}", spec_.address, spec_.port); }

std::string NatsServer::log() const { return file_text(log_path_); }

Result<void> NatsServer::wait_ready(std::chrono::milliseconds timeout) {
    const std::string_view needle = spec_.peers.empty() ? "Server is ready" : "metadata leader";
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (log().find(needle) != std::string::npos) return {};
        if (!process_.running()) return fail(Errc::io, fmt::format("nats-server {} exited: {}", spec_.name, log()));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return fail(Errc::io, fmt::format("nats-server {} not ready in time: {}", spec_.name, log()));
}

std::vector<FleetResultLine> fleet_result_lines(const std::string& text) {
    std::vector<FleetResultLine> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        auto v = fleet::JsonValue::parse(line);
        const fleet::JsonValue* host = v ? v->get("host") : nullptr;
        if (!host || !host->get("address") || !host->get("address")->string() || !v->get("block") ||
            !v->get("block")->string() || !v->get("worker") || !v->get("worker")->string()) {
            ADD_FAILURE() << "not a whorl result: " << line;
            continue;
        }
        FleetResultLine r;
        r.address = *host->get("address")->string();
        r.block = *v->get("block")->string();
        r.worker = *v->get("worker")->string();
        if (const auto* s = host->get("status"); s && s->string()) r.status = *s->string();
        if (const auto* d = v->get("delivery")) r.delivery = d->unsigned_number().value_or(0);
        if (const auto* ports = host->get("ports"))
            for (const auto& p : ports->elements())
                if (const auto* state = p.get("state"); state && state->string() && *state->string() == "open")
                    r.open_ports.push_back(static_cast<std::uint16_t>(p.get("port")->unsigned_number().value_or(0)));
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace whorl::test
