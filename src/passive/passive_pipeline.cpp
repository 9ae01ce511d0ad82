// The pipeline's packet loop and connection bookkeeping (p0f 3.09b process.c: parse_packet,
// flow_dispatch, create_flow_from_syn, expire_cache, nuke_flows / nuke_hosts). TCP
// fingerprinting is in passive_tcp.cpp, HTTP in passive_http.cpp.
#include "passive/passive_pipeline.hpp"

#include "fp/http/http_headers.hpp"

namespace whorl::fp::passive {

namespace {

constexpr std::uint64_t kExpireInterval = 50;  // p0f: expiry every 50 captured packets
constexpr std::uint32_t kKillPercent = 10;     // share of flows pruned at the cap

}  // namespace

std::string_view observation_name(ObservationKind k) {
    switch (k) {
        case ObservationKind::syn: return "syn";
        case ObservationKind::syn_ack: return "syn+ack";
        case ObservationKind::sendsyn_probe: return "sendsyn probe";
        case ObservationKind::sendsyn_response: return "sendsyn response";
        case ObservationKind::mtu: return "mtu";
        case ObservationKind::uptime: return "uptime";
        case ObservationKind::http_request: return "http request";
        case ObservationKind::http_response: return "http response";
        case ObservationKind::host_change: return "host change";
        case ObservationKind::ip_sharing: return "ip sharing";
        case ObservationKind::tls_client_hello: return "tls client hello";
        case ObservationKind::tls_server_hello: return "tls server hello";
    }
    return "?";
}

PassivePipeline::PassivePipeline(const P0fDatabase& db, const PassiveConfig& config,
                                 ObservationSink& sink, EvidenceStage* evidence)
    : db_(db),
      config_(config),
      sink_(sink),
      evidence_(evidence),
      signatures_(db, evidence),
      flows_(config.max_conn),
      hosts_(config.max_hosts) {
    rules_.accept_vlan = !config.p0f_exact;
    rules_.walk_ipv6_extensions = !config.p0f_exact;
}

void PassivePipeline::set_time(std::int64_t time_us) {
    if (time_us < 0) time_us = 0;
    now_.us = time_us;
    now_.s = static_cast<std::uint32_t>(time_us / 1000000);
    now_.ms = static_cast<std::uint64_t>(time_us / 1000000) * 1000 +
              static_cast<std::uint64_t>(time_us % 1000000) / 1000;
}

// The whole per-frame path: p0f's packet count and expiry, decoding, p0f's acceptance
// rules, then the connection logic (or the evidence stage for other traffic).
void PassivePipeline::process(wire::LinkType link, std::int64_t time_us, Bytes captured,
                              std::uint32_t wire_length) {
    ++stats_.frames;
    set_time(time_us);
    if (wire_length < captured.size()) captured = captured.first(wire_length);
    TcpPacket pk;
    TcpPacketSkip skip;
    if (const auto plain = read_plain_tcp_frame(link, captured, pk)) {  // most frames
        if (++p0f_packets_ % kExpireInterval == 0) expire();
        skip = *plain;
    } else {
        const wire::DecodedFrame f = wire::decode_frame(link, captured);
        if (p0f_filter_passes(f) && ++p0f_packets_ % kExpireInterval == 0) expire();
        skip = read_tcp_packet(f, rules_, pk);
        if (skip == TcpPacketSkip::not_tcp) {
            if (f.udp && config_.tls_on()) on_quic(f);
            if (evidence_) on_datagram(f);
        }
    }
    if (skip != TcpPacketSkip::none) {
        ++stats_.skipped[static_cast<std::size_t>(skip)];
        return;
    }
    ++stats_.tcp_segments;
    dispatch(pk);
}

void PassivePipeline::dispatch(const TcpPacket& pk) {
    switch (pk.tcp_type) {
        case kTcpSyn: return on_syn(pk);
        case kTcpSyn | kTcpAck: return on_syn_ack(pk);
        case kTcpAck: return on_ack(pk);
        default: {  // FIN or RST, with or without ACK: a last uptime check, then forget it
            const auto found = flows_.find(pk.src, pk.sport, pk.dst, pk.dport);
            if (!found) return;
            check_uptime(found.to_server, pk, found.id);
            destroy_flow(found.id);
        }
    }
}

void PassivePipeline::on_syn(const TcpPacket& pk) {
    const std::uint32_t hash = FlowTable::hash(pk.src, pk.sport, pk.dst, pk.dport);
    if (const auto found = flows_.find(pk.src, pk.sport, pk.dst, pk.dport, hash)) {
        // A retransmitted SYN changes nothing; any other SYN restarts the connection.
        if (found.to_server && flows_[found.id].next_cli_seq - 1 == pk.seq) return;
        destroy_flow(found.id);
    }
    const std::uint32_t id = create_flow(pk, hash);
    const auto sig = fingerprint_tcp(true, pk, id);
    // Application signatures (nmap and such) end the connection's story right here.
    if (!sig && !flows_[id].sendsyn) return destroy_flow(id);
    fingerprint_mtu(true, pk, id);
    check_uptime(true, pk, id);
    if (sig) hosts_[flows_[id].client].nat.last_syn = *sig;
}

void PassivePipeline::on_syn_ack(const TcpPacket& pk) {
    const auto found = flows_.find(pk.src, pk.sport, pk.dst, pk.dport);
    if (!found) return;
    const std::uint32_t id = found.id;
    if (flows_[id].sendsyn) {  // as far as p0f goes with p0f-sendsyn
        fingerprint_tcp(false, pk, id);
        return destroy_flow(id);
    }
    if (found.to_server || flows_[id].acked) return;
    flows_[id].acked = true;
    const auto sig = fingerprint_tcp(false, pk, id);
    if (!sig) return destroy_flow(id);  // a user-land tool answering
    fingerprint_mtu(false, pk, id);
    check_uptime(false, pk, id);
    hosts_[flows_[id].server].nat.last_synack = *sig;
    flows_[id].next_srv_seq = pk.seq + 1;
}

void PassivePipeline::on_ack(const TcpPacket& pk) {
    const auto found = flows_.find(pk.src, pk.sport, pk.dst, pk.dport);
    if (!found) return;
    const std::uint32_t id = found.id;
    if (flows_[id].sendsyn || !flows_[id].acked) return destroy_flow(id);
    if (flows_[id].tls && flows_[id].tls->only) {  // p0f has let go of it: TLS alone reads on
        if (!tls_only_step(found.to_server, pk, id)) destroy_flow(id);
        return;
    }
    if (!append_payload(found.to_server, pk, id) || pk.payload.empty()) return;
    const bool tls_more = tls_step(found.to_server, pk.payload, id);
    const bool need_more = http_step(found.to_server, id);
    const PassiveFlow& f = flows_[id];
    if (!need_more ||
        (f.http->request.size() >= kHttpMaxFlowData && f.http->response.size() >= kHttpMaxFlowData)) {
        if (!tls_more) return destroy_flow(id);
        flows_[id].tls->only = true;
        flows_[id].http.reset();
    }
}

std::uint32_t PassivePipeline::create_flow(const TcpPacket& pk, std::uint32_t hash) {
    if (flows_.size() > config_.max_conn) prune_flows();
    const std::uint32_t client = host_for_flow(pk.src);
    const std::uint32_t server = host_for_flow(pk.dst);
    const std::uint32_t id = flows_.insert(pk.src, pk.sport, pk.dst, pk.dport, hash, now_.s);
    PassiveFlow& f = flows_[id];
    f.client = client;
    f.server = server;
    f.next_cli_seq = pk.seq + 1;
    for (std::uint32_t h : {client, server}) {
        hosts_.retain(h);
        ++hosts_[h].total_conn;
    }
    ++stats_.flows_created;
    return id;
}

// The host record for one end of a new connection: found and marked seen, or created
// (making room first if the table is over its cap).
std::uint32_t PassivePipeline::host_for_flow(const IpAddress& addr) {
    const std::uint32_t hash = hash_address(addr);
    std::uint32_t id = hosts_.find(addr, hash);
    if (id != kNoEntry) {
        hosts_.touch(id, now_.s);
        return id;
    }
    if (hosts_.size() > config_.max_hosts) make_room_for_host();
    ++stats_.hosts_created;
    return hosts_.insert(addr, hash, now_.s);
}

// Over the host cap: whorl drops the least recently seen host that no connection uses.
// p0f 3.09b first prunes a tenth of the connections, then looks at the single oldest host
// only (its loop walks towards older entries from the oldest), so nothing is freed when
// that one is in use; reproduced with p0f_exact.
void PassivePipeline::make_room_for_host() {
    if (config_.p0f_exact) {
        prune_flows();
        const std::uint32_t oldest = hosts_.oldest();
        if (oldest != kNoEntry && hosts_.use_count(oldest) == 0) {
            hosts_.erase(oldest);
            ++stats_.hosts_evicted;
        }
        return;
    }
    for (std::uint32_t id = hosts_.oldest(); id != kNoEntry; id = hosts_.newer(id)) {
        if (hosts_.use_count(id) != 0) continue;
        hosts_.erase(id);
        ++stats_.hosts_evicted;
        return;
    }
}

void PassivePipeline::prune_flows() {
    std::uint32_t count = 1 + static_cast<std::uint32_t>(flows_.size()) * kKillPercent / 100;
    while (count-- && flows_.oldest() != kNoEntry) {
        destroy_flow(flows_.oldest());
        ++stats_.flows_pruned;
    }
}

void PassivePipeline::destroy_flow(std::uint32_t id) {
    PassiveFlow& f = flows_[id];
    hosts_.release(f.client);
    hosts_.release(f.server);
    flows_.erase(id);
}

// p0f's expire_cache: at most once per second of capture time, connections older than the
// age limit (by creation), then hosts idle past the limit that no connection uses. Times
// are compared as p0f does, in unsigned 32-bit seconds.
void PassivePipeline::expire() {
    const std::uint32_t ct = now_.s;
    if (ct == last_expiry_) return;
    last_expiry_ = ct;
    while (flows_.oldest() != kNoEntry && ct - flows_[flows_.oldest()].created > config_.conn_max_age_s) {
        destroy_flow(flows_.oldest());
        ++stats_.flows_expired;
    }
    const std::uint32_t idle = config_.host_idle_limit_min * 60;
    for (std::uint32_t id = hosts_.oldest(); id != kNoEntry;) {
        if (ct - hosts_.last_seen(id) <= idle) break;
        const std::uint32_t next = hosts_.newer(id);
        if (hosts_.use_count(id) == 0) {
            hosts_.erase(id);
            ++stats_.hosts_expired;
        }
        id = next;
    }
}

PassiveHost& PassivePipeline::subject_host(std::uint32_t flow, bool to_srv) {
    const PassiveFlow& f = flows_[flow];
    return hosts_[to_srv ? f.client : f.server];
}

void PassivePipeline::emit(ObservationKind kind, std::uint32_t flow, bool to_srv,
                           ObservationDetail detail) {
    const PassiveFlow& f = flows_[flow];
    Observation o;
    o.kind = kind;
    o.time_us = now_.us;
    o.client = &f.client_addr;
    o.server = &f.server_addr;
    o.client_port = f.cli_port;
    o.server_port = f.srv_port;
    o.subject_is_client = to_srv;
    o.flow_serial = f.serial;
    o.detail = std::move(detail);
    ++stats_.observations;
    sink_.observe(o);
}

// A DHCP client message or ICMP echo the evidence stage can read: its evidence goes to
// the host it is about, a new host record unless --p0f-exact (whose host table, like p0f's,
// holds only hosts seen in a SYN, so that caps and eviction stay p0f's). The host is not
// marked seen: p0f's sightings are SYNs.
void PassivePipeline::on_datagram(const wire::DecodedFrame& f) {
    auto d = evidence_->classify_datagram(f, now_.us);
    if (!d) return;
    if (PassiveHost* host = evidence_host(d->subject)) evidence_->add(*host, std::move(d->evidence));
}

PassiveHost* PassivePipeline::evidence_host(const IpAddress& subject) {
    std::uint32_t id = hosts_.find(subject);
    if (id == kNoEntry) {
        if (config_.p0f_exact) return nullptr;
        if (hosts_.size() > config_.max_hosts) make_room_for_host();
        id = hosts_.insert(subject, now_.s);
        ++stats_.hosts_created;
    }
    return &hosts_[id];
}

void PassivePipeline::for_each_host(
    const std::function<void(const PassiveHost&, std::uint32_t last_seen)>& fn) const {
    for (std::uint32_t id = hosts_.oldest(); id != kNoEntry; id = hosts_.newer(id))
        fn(hosts_[id], hosts_.last_seen(id));
}

}  // namespace whorl::fp::passive
