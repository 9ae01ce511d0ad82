// SYN / SYN+ACK fingerprinting, MTU, uptime and TCP NAT scoring inside the pipeline
// (p0f 3.09b fp_tcp.c fingerprint_tcp / score_nat / check_ts_tcp, fp_mtu.c, and
// process.c add_nat_score / verify_tool_class).
#include "passive/passive_pipeline.hpp"

namespace whorl::fp::passive {

namespace {

MatchedIdentity identity(const P0fDatabase& db, const TcpSignatureRecord& r) {
    const Label& l = db.label(r.label);
    return MatchedIdentity{l.class_id, l.name_id, l.label_id, r.line, r.sig.bad_ttl};
}

}  // namespace

// One SYN (to_srv) or SYN+ACK: the observation, the host's distance, the SYN's MSS for the
// SYN+ACK, then either the application check (nmap and co.; no signature is kept), nothing
// (p0f-sendsyn), or NAT scoring. Returns what the host keeps as its last SYN / SYN+ACK.
std::optional<TcpNatSample> PassivePipeline::fingerprint_tcp(bool to_srv, const TcpPacket& pk,
                                                             std::uint32_t flow) {
    PassiveFlow& f = flows_[flow];
    if (pk.tcp_type == kTcpSyn && pk.window == kSendSynWindow && pk.options.mss == kSendSynMss)
        f.sendsyn = true;
    TcpSignatureInput in = make_tcp_input(pk.header, pk.options, pk.ttl, pk.ip_opt_len, pk.window,
                                          pk.total_header, !pk.payload.empty(), f.syn_mss, config_.ack_rule());
    const CachedTcpSignature& sig = signatures_.lookup(in);
    const TcpMatch m = sig.match;
    const bool sendsyn = f.sendsyn;
    const ObservationKind kind = to_srv ? (sendsyn ? ObservationKind::sendsyn_probe : ObservationKind::syn)
                                        : (sendsyn ? ObservationKind::sendsyn_response : ObservationKind::syn_ack);
    emit(kind, flow, to_srv, TcpDetail{&sig});

    PassiveHost& host = subject_host(flow, to_srv);
    if (!m.bad_ttl()) host.distance = m.dist;
    if (pk.tcp_type == kTcpSyn) flows_[flow].syn_mss = pk.options.mss;
    if (evidence_ && !sendsyn) evidence_->on_tcp(host, sig, now_.us);

    if (m.record && m.record->app) {
        if (auto s = verify_tool_class(host.nat, db_.label(m.record->label).sys))
            add_nat(to_srv, flow, s->reasons, s->score);
        return std::nullopt;
    }
    if (sendsyn) return std::nullopt;
    TcpNatSample sample{std::nullopt, m.fuzzy, in.quirks, in.layout, in.ttl, m.dist,
                        in.mss,       in.ts1,  now_.ms};
    if (m.record) sample.matched = identity(db_, *m.record);
    score_tcp_signature(to_srv, flow, sample, m);
    return sample;
}

// p0f's score_nat for an OS (or unknown) signature, and the host records it updates.
void PassivePipeline::score_tcp_signature(bool to_srv, std::uint32_t flow,
                                          const TcpNatSample& sample, const TcpMatch& m) {
    const std::uint16_t cli_port = flows_[flow].cli_port;
    const NatScore s = score_tcp_nat(subject_host(flow, to_srv).nat, to_srv, sample, cli_port);
    add_nat(to_srv, flow, s.reasons, s.score);
    PassiveHost& host = subject_host(flow, to_srv);
    note_tcp_signature(host.nat, sample, cli_port);
    if (m.record) {
        host.last_label = static_cast<std::int32_t>(m.record->label);
        host.last_quality = static_cast<std::uint8_t>((m.fuzzy ? 1 : 0) | (m.generic() ? 2 : 0));
    }
}

// A score for the client (to_srv) or server host; "host change" / "ip sharing" when due.
void PassivePipeline::add_nat(bool to_srv, std::uint32_t flow, std::uint16_t reasons,
                              std::uint8_t score) {
    PassiveHost& host = subject_host(flow, to_srv);
    const auto ev = add_nat_score(host.nat, to_srv, reasons, score);
    if (!ev) return;
    const bool sharing = ev->kind == NatEventKind::ip_sharing;
    (sharing ? host.last_nat : host.last_chg) = now_.s;
    emit(sharing ? ObservationKind::ip_sharing : ObservationKind::host_change, flow, to_srv, *ev);
}

void PassivePipeline::fingerprint_mtu(bool to_srv, const TcpPacket& pk, std::uint32_t flow) {
    if (pk.options.mss == 0 || flows_[flow].sendsyn) return;
    const auto mtu = mtu_from_mss(pk.options.mss, pk.header.ip_version);
    if (!mtu) return;
    // The same few MTUs come back all the time: a direct-mapped memo of the table lookup.
    auto& memo = mtu_memo_[*mtu % mtu_memo_.size()];
    if (memo.first != *mtu) memo = {*mtu, db_.mtu().find(*mtu)};
    const MtuResult r{*mtu, memo.second};
    if (r.entry) subject_host(flow, to_srv).link = r.entry;
    emit(ObservationKind::mtu, flow, to_srv, r);
    if (evidence_) evidence_->on_mtu(subject_host(flow, to_srv), r, now_.us);
}

// Uptime from the timestamp clock, against the host's last SYN (client) or SYN+ACK
// (server), once per direction and connection. An impossible clock rate marks the
// direction as bad, except on a SYN (that may be NAT or a new OS behind the address).
void PassivePipeline::check_uptime(bool to_srv, const TcpPacket& pk, std::uint32_t flow) {
    PassiveFlow& f = flows_[flow];
    if (pk.options.ts1 == 0 || f.sendsyn) return;
    std::int32_t& tps = to_srv ? f.cli_tps : f.srv_tps;
    PassiveHost& host = subject_host(flow, to_srv);
    const auto& ref = to_srv ? host.nat.last_syn : host.nat.last_synack;
    if (tps != 0 || !ref || ref->ts1 == 0) return;
    const UptimeEstimate e = estimate_uptime(ref->ts1, ref->recv_ms, pk.options.ts1, now_.ms);
    if (e.status == UptimeStatus::bad_frequency) {
        if (pk.tcp_type != kTcpSyn) tps = -1;
        return;
    }
    if (e.status != UptimeStatus::estimated) return;
    tps = static_cast<std::int32_t>(e.freq);
    host.last_up_min = static_cast<std::int32_t>(e.up_min);
    host.up_mod_days = e.up_mod_days;
    emit(ObservationKind::uptime, flow, to_srv, e);
    if (evidence_) evidence_->on_uptime(host, e, now_.us);
}

}  // namespace whorl::fp::passive
