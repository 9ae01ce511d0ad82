// NatsClient: one connection to a NATS server or cluster through Debian's C client
// (libnats), with JetStream. Set up for a fleet (docs/decisions/0029): the servers of
// --jetstream (one URL or several, comma-separated), --nats-creds (a credentials file) and
// --nats-tls-ca (TLS, verified against that CA); reconnection with exponential backoff
// (100 ms doubling to 2 s, with jitter, for up to about two minutes) and a bounded
// reconnect buffer (--nats-buffer): what is published while the connection is down waits
// there, and a publish that would overflow it is an error that says so. Every call's
// failure becomes one Error naming the servers.
#pragma once

#include <nats/nats.h>

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "fleet/nats_settings.hpp"

namespace whorl::fleet {

class JetStreamPublisher;

class NatsClient {
public:
    // Connection events (disconnected, reconnected, closed, asynchronous errors) from the
    // client's own threads, as one line each; may be empty.
    using EventLog = std::function<void(const std::string&)>;

    static Result<std::unique_ptr<NatsClient>> connect(const NatsSettings& settings, EventLog log);
    ~NatsClient();
    NatsClient(const NatsClient&) = delete;
    NatsClient& operator=(const NatsClient&) = delete;

    natsConnection* connection() const { return nc_; }
    jsCtx* jetstream() const { return js_; }
    const NatsSettings& settings() const { return settings_; }
    // The connection's publisher (made on first use), which lives as long as it does: its
    // acknowledgements arrive on the client's threads until the connection is closed.
    Result<JetStreamPublisher*> publisher();

    // A failed call as one Error: "DOING at SERVERS: WHY". The reconnect buffer's overflow
    // and a closed connection get their own words.
    Error failure(natsStatus status, std::string_view doing, jsErrCode code = static_cast<jsErrCode>(0)) const;

private:
    NatsClient(NatsSettings settings, EventLog log);
    void event(const std::string& line);
    static void on_disconnected(natsConnection* nc, void* self);
    static void on_reconnected(natsConnection* nc, void* self);
    static void on_closed(natsConnection* nc, void* self);
    static void on_error(natsConnection* nc, natsSubscription* sub, natsStatus err, void* self);
    static std::int64_t reconnect_delay(natsConnection* nc, int attempts, void* self);

    NatsSettings settings_;
    EventLog log_;
    // The client calls back from its own threads, the closed callback last of all: the
    // destructor waits for it, so that no callback outlives this object.
    std::mutex mutex_;
    std::condition_variable closed_cv_;
    bool closed_ = false, quiet_ = false;
    natsOptions* options_ = nullptr;
    natsConnection* nc_ = nullptr;
    jsCtx* js_ = nullptr;
    std::unique_ptr<JetStreamPublisher> publisher_;
};

}  // namespace whorl::fleet
