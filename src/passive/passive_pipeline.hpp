// PassivePipeline: p0f v3's engine over whole frames. Every captured frame goes in with its
// capture time; observations come out through an ObservationSink, in p0f's order. Inside:
// the frame decoder, the flow table (a connection from its SYN), the host table, SYN and
// SYN+ACK fingerprinting, MTU, uptime from timestamps, HTTP headers from the first 8 KB of
// in-order payload each way, TLS hellos (passive_tls.cpp), NAT / host-change scoring, p0f-sendsyn and application-
// signature handling, p0f's caps (-m) and timeouts (-t), and the evidence stage. Pure: no
// I/O and no clock; the same pipeline serves files and live interfaces.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>

#include "base/bytes.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/tcp/tcp_packet.hpp"
#include "fp/tls/handshake_scan.hpp"
#include "fp/tls/quic_initial.hpp"
#include "passive/evidence_stage.hpp"
#include "passive/flow_table.hpp"
#include "passive/host_table.hpp"
#include "passive/observation.hpp"
#include "passive/passive_config.hpp"
#include "passive/tcp_signature_cache.hpp"
#include "wire/link_type.hpp"

namespace whorl::fp::passive {

struct PassiveStats {
    std::uint64_t frames = 0;        // frames handed in
    std::uint64_t tcp_segments = 0;  // frames the TCP logic read
    std::array<std::uint64_t, kTcpPacketSkipCount> skipped{};  // by TcpPacketSkip
    std::uint64_t observations = 0;
    std::uint64_t flows_created = 0;
    std::uint64_t flows_expired = 0;  // older than the connection age limit
    std::uint64_t flows_pruned = 0;   // dropped because the connection cap was reached
    std::uint64_t hosts_created = 0;
    std::uint64_t hosts_expired = 0;  // idle longer than the host limit
    std::uint64_t hosts_evicted = 0;  // dropped because the host cap was reached
};

class PassivePipeline {
public:
    // `evidence` may be null: then only p0f's engine runs; else it was created for `db`.
    PassivePipeline(const P0fDatabase& db, const PassiveConfig& config, ObservationSink& sink,
                    EvidenceStage* evidence = nullptr);

    // One captured frame: `captured` is what the capture holds, `wire_length` the length on
    // the wire (p0f reads the smaller), `time_us` the capture time since the epoch.
    void process(wire::LinkType link, std::int64_t time_us, Bytes captured,
                 std::uint32_t wire_length);

    const PassiveStats& stats() const { return stats_; }
    std::size_t flow_count() const { return flows_.size(); }
    std::size_t host_count() const { return hosts_.size(); }
    const P0fDatabase& database() const { return db_; }
    const PassiveConfig& config() const { return config_; }

    // Hosts in the table, least recently seen first, with when each was last seen.
    void for_each_host(const std::function<void(const PassiveHost&, std::uint32_t last_seen)>& fn) const;
    const EvidenceStage* evidence() const { return evidence_; }

private:
    // Time of the packet being processed.
    struct Now {
        std::int64_t us = 0;
        std::uint32_t s = 0;   // p0f's get_unix_time()
        std::uint64_t ms = 0;  // p0f's get_unix_time_ms()
    };

    void set_time(std::int64_t time_us);
    void expire();
    void dispatch(const TcpPacket& pk);
    void on_syn(const TcpPacket& pk);
    void on_syn_ack(const TcpPacket& pk);
    void on_ack(const TcpPacket& pk);

    std::uint32_t create_flow(const TcpPacket& pk, std::uint32_t hash);
    std::uint32_t host_for_flow(const IpAddress& addr);
    void make_room_for_host();
    void destroy_flow(std::uint32_t id);
    void prune_flows();
    PassiveHost& subject_host(std::uint32_t flow, bool to_srv);

    std::optional<TcpNatSample> fingerprint_tcp(bool to_srv, const TcpPacket& pk, std::uint32_t flow);
    void score_tcp_signature(bool to_srv, std::uint32_t flow, const TcpNatSample& sample,
                             const TcpMatch& match);
    void fingerprint_mtu(bool to_srv, const TcpPacket& pk, std::uint32_t flow);
    void check_uptime(bool to_srv, const TcpPacket& pk, std::uint32_t flow);
    void add_nat(bool to_srv, std::uint32_t flow, std::uint16_t reasons, std::uint8_t score);

    bool append_payload(bool to_srv, const TcpPacket& pk, std::uint32_t flow);
    bool http_step(bool to_srv, std::uint32_t flow);
    bool tls_step(bool to_srv, Bytes payload, std::uint32_t flow);
    bool tls_only_step(bool to_srv, const TcpPacket& pk, std::uint32_t flow);
    void fingerprint_tls(bool to_srv, std::uint32_t flow, const tls::HandshakeMessage& message);
    void fingerprint_http(bool to_srv, std::uint32_t flow, const HttpMessage& msg);
    void score_http(bool to_srv, std::uint32_t flow, const HttpObservation& obs, const HttpMatch& m);

    void on_datagram(const wire::DecodedFrame& f);
    void on_quic(const wire::DecodedFrame& f);
    // The host record of what a datagram is about, new unless --p0f-exact (whose host
    // table, like p0f's, holds only hosts seen in a SYN); null then.
    PassiveHost* evidence_host(const IpAddress& subject);
    void emit(ObservationKind kind, std::uint32_t flow, bool to_srv, ObservationDetail detail);

    const P0fDatabase& db_;
    PassiveConfig config_;
    ObservationSink& sink_;
    EvidenceStage* evidence_;
    TcpPacketRules rules_;
    TcpSignatureCache signatures_;
    FlowTable flows_;
    HostTable hosts_;
    PassiveStats stats_;
    Now now_;
    std::array<std::pair<std::uint32_t, const MtuEntry*>, 64> mtu_memo_{};  // mtu -> entry
    std::uint64_t p0f_packets_ = 0;  // packets p0f's capture filter would have passed
    std::uint32_t last_expiry_ = 0;  // p0f's `pt` in expire_cache
    tls::QuicHelloAssembler quic_hellos_;  // ClientHellos of QUIC clients, being joined
};

}  // namespace whorl::fp::passive
