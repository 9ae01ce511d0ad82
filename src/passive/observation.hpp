// Observation: one finding of the passive pipeline, as p0f reports them (syn, syn+ack, mtu,
// uptime, http request/response, host change, ip sharing, sendsyn probe/response) and
// whorl's own (TLS client and server hellos), and the
// ObservationSink the output writers implement. An Observation refers into the pipeline's
// state: it is valid only during the observe() call.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "base/ip_address.hpp"
#include "fp/common/direction.hpp"
#include "fp/http/http_matcher.hpp"
#include "fp/p0f/nat_score.hpp"
#include "fp/tcp/mtu_table.hpp"
#include "fp/tcp/tcp_matcher.hpp"
#include "fp/tcp/uptime.hpp"
#include "fp/tls/hello.hpp"
#include "fp/tls/tls_os_model.hpp"
#include "passive/tcp_signature_cache.hpp"

namespace whorl::fp::passive {

enum class ObservationKind : std::uint8_t {
    syn,
    syn_ack,
    sendsyn_probe,     // a SYN from p0f-sendsyn (MSS 1331, window 1337)
    sendsyn_response,  // the SYN+ACK answering it
    mtu,
    uptime,
    http_request,
    http_response,
    host_change,
    ip_sharing,
    tls_client_hello,  // whorl's own, never in p0f's outputs
    tls_server_hello,
};

// p0f's module name ("syn+ack", "http request", ...).
std::string_view observation_name(ObservationKind k);

struct TcpDetail {
    // The packet's signature: the match and p0f's raw_sig and params texts.
    const CachedTcpSignature* signature = nullptr;
    const TcpMatch& match() const { return signature->match; }
};

struct HttpDetail {
    const HttpObservation* message = nullptr;
    HttpMatch match;
    Direction direction = Direction::request;
};

// A ClientHello (client set) or ServerHello (server set) and, for a ClientHello, its
// fingerprints and what mercury's table says of it (guess: null when nothing).
struct TlsDetail {
    const tls::ClientHello* client = nullptr;
    const tls::ServerHello* server = nullptr;
    std::string_view ja4, ja4_r, mercury;
    const tls::TlsOsGuess* guess = nullptr;
    bool quic = false;  // a ClientHello from QUIC Initial packets, not a TCP stream
};

using ObservationDetail =
    std::variant<std::monostate, TcpDetail, MtuResult, UptimeEstimate, HttpDetail, NatEvent, TlsDetail>;

struct Observation {
    ObservationKind kind = ObservationKind::syn;
    std::int64_t time_us = 0;  // capture time of the packet, microseconds since the epoch
    const IpAddress* client = nullptr;
    const IpAddress* server = nullptr;
    std::uint16_t client_port = 0;
    std::uint16_t server_port = 0;
    bool subject_is_client = true;  // p0f's subj=cli / subj=srv
    // Numbers the connection (from 1, never reused in a run): writers may cache what they
    // print for the same connection's endpoints.
    std::uint64_t flow_serial = 0;
    ObservationDetail detail;

    const IpAddress& subject() const { return subject_is_client ? *client : *server; }
    std::uint16_t subject_port() const { return subject_is_client ? client_port : server_port; }
};

class ObservationSink {
public:
    virtual ~ObservationSink() = default;
    virtual void observe(const Observation& o) = 0;
};

}  // namespace whorl::fp::passive
