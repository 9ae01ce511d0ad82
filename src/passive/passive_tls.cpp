// TLS hellos inside the pipeline: the first handshake message of each direction of a TCP
// connection (fp/tls/handshake_scan.hpp), from in-order payload only, at most kTlsFlowData
// bytes a direction. A ClientHello becomes a "tls client hello" observation with JA4 and
// mercury's string, and (through the evidence stage) OS evidence when mercury's table is
// decisive about it; a ServerHello a "tls server hello" observation. When HTTP gives up on
// a connection that TLS is still reading, the connection is kept for TLS alone: its later
// packets feed nothing else, so p0f's own observations stay exactly p0f's. And the
// ClientHello of QUIC clients, from their Initial packets (on_quic).
#include <cstddef>

#include <fmt/format.h>

#include "fp/tls/ja4.hpp"
#include "fp/tls/mercury_string.hpp"
#include "passive/passive_pipeline.hpp"

namespace whorl::fp::passive {

namespace {

// The hello's message plus the record headers of a few fragments.
constexpr std::size_t kTlsFlowData = tls::kMaxHelloBytes + 64;

// seq is after `next` in sequence space: a gap.
bool after(std::uint32_t seq, std::uint32_t next) { return static_cast<std::int32_t>(seq - next) > 0; }

}  // namespace

// New in-order payload of one direction. False once neither direction needs more.
bool PassivePipeline::tls_step(bool to_srv, Bytes payload, std::uint32_t flow) {
    if (!config_.tls_on()) return false;
    PassiveFlow& f = flows_[flow];
    if (!f.tls) f.tls = std::make_unique<TlsFlowState>();
    TlsFlowState& t = *f.tls;
    bool& done = to_srv ? t.client_done : t.server_done;
    if (!done && !payload.empty()) {
        std::vector<std::byte>& buf = to_srv ? t.client : t.server;
        const std::size_t n = std::min(payload.size(), kTlsFlowData - buf.size());
        buf.insert(buf.end(), payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
        tls::ScanResult r = tls::scan_first_handshake(buf);
        if (r.status == tls::ScanStatus::need_more && buf.size() >= kTlsFlowData) r.status = tls::ScanStatus::too_large;
        if (r.status != tls::ScanStatus::need_more) {
            done = true;
            std::vector<std::byte>().swap(buf);
            if (r.status == tls::ScanStatus::found) fingerprint_tls(to_srv, flow, r.message);
            // A client that does not start with a handshake record will get no ServerHello.
            if (to_srv && r.status != tls::ScanStatus::found) flows_[flow].tls->server_done = true;
        }
    }
    const TlsFlowState& after_step = *flows_[flow].tls;
    return !(after_step.client_done && after_step.server_done);
}

// A packet of a connection kept for TLS alone: in-order payload goes on, a retransmission
// is ignored, a gap ends that direction. False once neither direction needs more.
bool PassivePipeline::tls_only_step(bool to_srv, const TcpPacket& pk, std::uint32_t flow) {
    PassiveFlow& f = flows_[flow];
    std::uint32_t& next = to_srv ? f.next_cli_seq : f.next_srv_seq;
    if (pk.payload.empty() || pk.seq != next) {
        if (!pk.payload.empty() && after(pk.seq, next)) (to_srv ? f.tls->client_done : f.tls->server_done) = true;
        return !(f.tls->client_done && f.tls->server_done);
    }
    next += static_cast<std::uint32_t>(pk.payload.size());
    return tls_step(to_srv, pk.payload, flow);
}

// A UDP datagram that may hold a QUIC client Initial (fp/tls/quic_initial.hpp): its CRYPTO
// data is joined per client and connection ID; a whole ClientHello becomes a "tls client
// hello" observation (JA4 with QUIC's "q") and, through the evidence stage, OS evidence for
// the client, as over TCP. Bounded by the assembler (16 KB a client, 1024 clients).
void PassivePipeline::on_quic(const wire::DecodedFrame& f) {
    const Bytes payload = f.udp->payload();
    if (!tls::looks_like_quic_long_header(payload) || (!f.ipv4 && !f.ipv6)) return;
    auto initial = tls::read_client_initial(payload);
    if (!initial) return;
    const IpAddress client = f.ipv4 ? ip_address(f.ipv4->src()) : ip_address(f.ipv6->src());
    const IpAddress server = f.ipv4 ? ip_address(f.ipv4->dst()) : ip_address(f.ipv6->dst());
    std::string key = fmt::format("{}/{}/", client.to_string(), f.udp->src_port());
    for (std::byte b : initial->dcid) key += fmt::format("{:02x}", static_cast<unsigned>(b));
    auto message = quic_hellos_.add(key, *initial);
    if (!message) return;
    auto hello = tls::parse_client_hello(message->body);
    if (!hello) return;
    const std::string ja4 = tls::ja4(*hello, tls::Carrier::quic), ja4_r = tls::ja4_r(*hello, tls::Carrier::quic),
                      mercury = tls::mercury_tls_string(*hello);
    const std::optional<tls::TlsOsGuess>* guess = evidence_ ? &evidence_->classify_tls(mercury) : nullptr;
    const tls::TlsOsGuess* g = guess && *guess ? &**guess : nullptr;
    Observation o;
    o.kind = ObservationKind::tls_client_hello;
    o.time_us = now_.us;
    o.client = &client;
    o.server = &server;
    o.client_port = f.udp->src_port();
    o.server_port = f.udp->dst_port();
    o.subject_is_client = true;
    o.flow_serial = 0;  // no TCP connection: nothing for a writer to cache
    o.detail = TlsDetail{&*hello, nullptr, ja4, ja4_r, mercury, g, true};
    ++stats_.observations;
    sink_.observe(o);
    if (!g) return;
    if (PassiveHost* host = evidence_host(client)) evidence_->on_tls(*host, *g, ja4, now_.us);
}

void PassivePipeline::fingerprint_tls(bool to_srv, std::uint32_t flow, const tls::HandshakeMessage& message) {
    if (to_srv && message.type == tls::handshake::kClientHello) {
        auto hello = tls::parse_client_hello(message.body);
        if (!hello) return;
        const std::string ja4 = tls::ja4(*hello), ja4_r = tls::ja4_r(*hello), mercury = tls::mercury_tls_string(*hello);
        const std::optional<tls::TlsOsGuess>* guess = evidence_ ? &evidence_->classify_tls(mercury) : nullptr;
        const tls::TlsOsGuess* g = guess && *guess ? &**guess : nullptr;
        emit(ObservationKind::tls_client_hello, flow, true, TlsDetail{&*hello, nullptr, ja4, ja4_r, mercury, g});
        if (g) evidence_->on_tls(subject_host(flow, true), *g, ja4, now_.us);
    } else if (!to_srv && message.type == tls::handshake::kServerHello) {
        auto hello = tls::parse_server_hello(message.body);
        if (!hello) return;
        emit(ObservationKind::tls_server_hello, flow, false, TlsDetail{nullptr, &*hello, {}, {}, {}, nullptr});
    }
}

}  // namespace whorl::fp::passive
