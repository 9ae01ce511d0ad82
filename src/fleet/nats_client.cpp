// A NATS connection set up for the fleet (see the header).
#include "fleet/nats_client.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fleet/jetstream_publisher.hpp"

namespace whorl::fleet {
namespace {

// Reconnection: 100 ms, doubling up to 2 s between rounds over the server list, plus up to
// 100 ms of jitter so that a fleet does not come back in step; 60 rounds (about two
// minutes) before the connection is given up.
constexpr int kMaxReconnect = 60;
constexpr std::int64_t kFirstDelayMs = 100, kMaxDelayMs = 2000, kJitterMs = 100;
// A server that stops answering without closing the connection is noticed within ~15 s.
constexpr std::int64_t kPingIntervalMs = 5000;
constexpr int kMaxPingsOut = 3;
constexpr std::int64_t kConnectTimeoutMs = 2000;

Error nats_setup_error(natsStatus s, std::string_view what) {
    return Error{Errc::internal, fmt::format("NATS client: {}: {}", what, natsStatus_GetText(s)), {}};
}

}  // namespace

Result<std::unique_ptr<NatsClient>> NatsClient::connect(const NatsSettings& settings, EventLog log) {
    if (auto r = check_server_urls(settings.servers); !r) return unexpected(r.error());
    // The files are read here, so that a missing one is named before any connection.
    if (!settings.creds_file.empty())
        if (auto f = read_file(settings.creds_file, 1 << 20); !f) return unexpected(wrap(f.error(), "--nats-creds"));
    if (!settings.tls_ca_file.empty())
        if (auto f = read_file(settings.tls_ca_file, 16 << 20); !f) return unexpected(wrap(f.error(), "--nats-tls-ca"));
    std::unique_ptr<NatsClient> c(new NatsClient(settings, std::move(log)));
    natsStatus s = natsOptions_Create(&c->options_);
    if (s != NATS_OK) return unexpected(nats_setup_error(s, "options"));
    natsOptions* o = c->options_;
    auto urls = server_urls(settings.servers);
    std::vector<const char*> url_ptrs;
    for (const auto& u : urls) url_ptrs.push_back(u.c_str());
    // Each step in turn; the first that fails is the error.
    for (auto [step, what] : std::initializer_list<std::pair<natsStatus, const char*>>{
             {natsOptions_SetServers(o, url_ptrs.data(), static_cast<int>(url_ptrs.size())), "server list"},
             {natsOptions_SetName(o, settings.client_name.c_str()), "name"},
             {natsOptions_SetTimeout(o, kConnectTimeoutMs), "timeout"},
             {natsOptions_SetMaxReconnect(o, kMaxReconnect), "reconnection"},
             {natsOptions_SetCustomReconnectDelay(o, &NatsClient::reconnect_delay, c.get()), "backoff"},
             {natsOptions_SetReconnectBufSize(o, static_cast<int>(settings.reconnect_buffer)), "reconnect buffer"},
             {natsOptions_SetPingInterval(o, kPingIntervalMs), "pings"},
             {natsOptions_SetMaxPingsOut(o, kMaxPingsOut), "pings"},
             {natsOptions_SetDisconnectedCB(o, &NatsClient::on_disconnected, c.get()), "callbacks"},
             {natsOptions_SetReconnectedCB(o, &NatsClient::on_reconnected, c.get()), "callbacks"},
             {natsOptions_SetClosedCB(o, &NatsClient::on_closed, c.get()), "callbacks"},
             {natsOptions_SetErrorHandler(o, &NatsClient::on_error, c.get()), "callbacks"}}) {
        if (step != NATS_OK) return unexpected(nats_setup_error(step, what));
    }
    if (!settings.creds_file.empty()) {
        s = natsOptions_SetUserCredentialsFromFiles(o, settings.creds_file.c_str(), nullptr);
        if (s != NATS_OK) return unexpected(c->failure(s, fmt::format("reading --nats-creds {}", settings.creds_file)));
    }
    if (!settings.tls_ca_file.empty()) {
        s = natsOptions_SetSecure(o, true);
        if (s == NATS_OK) s = natsOptions_LoadCATrustedCertificates(o, settings.tls_ca_file.c_str());
        if (s != NATS_OK) return unexpected(c->failure(s, fmt::format("loading --nats-tls-ca {}", settings.tls_ca_file)));
    }
    s = natsConnection_Connect(&c->nc_, o);
    if (s == NATS_NO_SERVER)
        return fail(Errc::io, fmt::format("cannot connect to NATS at {}: no server answered", settings.servers));
    if (s != NATS_OK) return unexpected(c->failure(s, "connecting to NATS"));
    s = natsConnection_JetStream(&c->js_, c->nc_, nullptr);
    if (s != NATS_OK) return unexpected(c->failure(s, "opening JetStream"));
    return c;
}

NatsClient::NatsClient(NatsSettings settings, EventLog log) : settings_(std::move(settings)), log_(std::move(log)) {}

NatsClient::~NatsClient() {
    if (js_) jsCtx_Destroy(js_);
    if (nc_) {
        {
            std::lock_guard lock(mutex_);
            quiet_ = true;  // our own closing is no event
        }
        natsConnection_Close(nc_);
        std::unique_lock lock(mutex_);
        closed_cv_.wait_for(lock, std::chrono::seconds(5), [this] { return closed_; });
        lock.unlock();
        publisher_.reset();  // no acknowledgement can reach it now
        natsConnection_Destroy(nc_);
    }
    if (options_) natsOptions_Destroy(options_);
}

Result<JetStreamPublisher*> NatsClient::publisher() {
    if (!publisher_) {
        auto p = JetStreamPublisher::open(*this);
        if (!p) return unexpected(p.error());
        publisher_ = std::move(*p);
    }
    return publisher_.get();
}

void NatsClient::event(const std::string& line) {
    std::lock_guard lock(mutex_);
    if (log_ && !quiet_) log_(line);
}

Error NatsClient::failure(natsStatus s, std::string_view doing, jsErrCode code) const {
    if (s == NATS_INSUFFICIENT_BUFFER)
        return Error{Errc::io,
                     fmt::format("{}: the connection to NATS at {} is down and its reconnect buffer ({} KiB, "
                                 "--nats-buffer) is full",
                                 doing, settings_.servers, settings_.reconnect_buffer / 1024),
                     {}};
    if (s == NATS_CONNECTION_CLOSED)
        return Error{Errc::io,
                     fmt::format("{}: the connection to NATS at {} is closed (no server came back within {} "
                                 "reconnection rounds)",
                                 doing, settings_.servers, kMaxReconnect),
                     {}};
    std::string why = natsStatus_GetText(s);
    if (const char* last = nats_GetLastError(nullptr); last && *last) {
        // "(conn.c:2088): text": the client's own words, without its source position.
        std::string_view detail = last;
        if (detail.starts_with("(")) {
            if (auto end = detail.find("): "); end != std::string_view::npos) detail.remove_prefix(end + 3);
        }
        if (!iequals(detail, why)) why = fmt::format("{} ({})", why, detail);
    }
    if (code != 0) why += fmt::format(" [JetStream error {}]", static_cast<int>(code));
    return Error{Errc::io, fmt::format("{} at {}: {}", doing, settings_.servers, why), {}};
}

void NatsClient::on_disconnected(natsConnection*, void* self) {
    static_cast<NatsClient*>(self)->event("NATS: disconnected; reconnecting");
}

void NatsClient::on_reconnected(natsConnection* nc, void* self) {
    char url[256] = "";
    natsConnection_GetConnectedUrl(nc, url, sizeof url);
    static_cast<NatsClient*>(self)->event(fmt::format("NATS: reconnected to {}", url));
}

void NatsClient::on_closed(natsConnection*, void* self) {
    auto* c = static_cast<NatsClient*>(self);
    c->event("NATS: connection closed");
    std::lock_guard lock(c->mutex_);
    c->closed_ = true;
    c->closed_cv_.notify_all();
}

void NatsClient::on_error(natsConnection*, natsSubscription*, natsStatus err, void* self) {
    static_cast<NatsClient*>(self)->event(fmt::format("NATS: {}", natsStatus_GetText(err)));
}

std::int64_t NatsClient::reconnect_delay(natsConnection*, int attempts, void*) {
    thread_local std::minstd_rand jitter(std::random_device{}());
    const int doublings = std::clamp(attempts - 1, 0, 10);
    const std::int64_t delay = std::min(kMaxDelayMs, kFirstDelayMs << doublings);
    return delay + static_cast<std::int64_t>(jitter() % (kJitterMs + 1));
}

}  // namespace whorl::fleet
