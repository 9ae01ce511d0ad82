// In-order payload and HTTP fingerprinting inside the pipeline (p0f 3.09b process.c
// flow_dispatch's ACK case, fp_http.c process_http / fingerprint_http / score_nat): the
// first 8 KB of each direction, a GET or HEAD request and then its response, nothing else.
#include <array>
#include <ctime>

#include "fp/http/http_headers.hpp"
#include "passive/passive_pipeline.hpp"

namespace whorl::fp::passive {

namespace {

// An RFC 1123 date ("Sun, 06 Nov 1994 08:49:37 GMT") as unix seconds.
std::optional<std::int64_t> parse_http_date(std::string_view v) {
    static constexpr std::array<std::string_view, 12> kMonths = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (v.size() < 29 || v[3] != ',' || v[4] != ' ' || v[7] != ' ' || v[11] != ' ' ||
        v[16] != ' ' || v[19] != ':' || v[22] != ':' || v[25] != ' ')
        return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n) -> int {
        int x = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (v[i] < '0' || v[i] > '9') return -1;
            x = x * 10 + (v[i] - '0');
        }
        return x;
    };
    std::tm t{};
    t.tm_mday = num(5, 2);
    t.tm_year = num(12, 4) - 1900;
    t.tm_hour = num(17, 2);
    t.tm_min = num(20, 2);
    t.tm_sec = num(23, 2);
    t.tm_mon = -1;
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (v.substr(8, 3) == kMonths[i]) t.tm_mon = static_cast<int>(i);
    if (t.tm_mday < 1 || t.tm_year < 0 || t.tm_hour < 0 || t.tm_min < 0 || t.tm_sec < 0 || t.tm_mon < 0)
        return std::nullopt;
    return static_cast<std::int64_t>(timegm(&t));
}

}  // namespace

// Appends in-order payload (p0f does no reassembly: anything else is ignored) and checks
// the timestamp clock. False when the segment is not the next one expected.
bool PassivePipeline::append_payload(bool to_srv, const TcpPacket& pk, std::uint32_t flow) {
    PassiveFlow& f = flows_[flow];
    std::uint32_t& next = to_srv ? f.next_cli_seq : f.next_srv_seq;
    if (next != pk.seq) return false;
    if (!pk.payload.empty()) {
        if (!f.http) f.http = std::make_unique<HttpFlowState>();
        std::string& buf = to_srv ? f.http->request : f.http->response;
        if (buf.size() < kHttpMaxFlowData) {
            const std::size_t n = std::min(pk.payload.size(), kHttpMaxFlowData - buf.size());
            buf.append(reinterpret_cast<const char*>(pk.payload.data()), n);
        }
    }
    check_uptime(to_srv, pk, flow);
    flows_[flow].next_cli_seq += to_srv ? static_cast<std::uint32_t>(pk.payload.size()) : 0;
    flows_[flow].next_srv_seq += to_srv ? 0 : static_cast<std::uint32_t>(pk.payload.size());
    return true;
}

// p0f's process_http on new data: whether the connection is still worth following.
bool PassivePipeline::http_step(bool to_srv, std::uint32_t flow) {
    HttpFlowState& h = *flows_[flow].http;  // made by append_payload with the payload
    if (h.state < 0) return false;
    if (to_srv && h.request_done) return true;  // waiting for the response
    if (!to_srv && !h.request_done) {           // a response before the request: not HTTP
        h.state = -1;
        return false;
    }
    const std::string& buf = to_srv ? h.request : h.response;
    const Bytes bytes = as_bytes(buf);
    HttpParseResult r = to_srv             ? parse_http_request(bytes)
                        : config_.p0f_exact ? h.p0f_response.feed(buf, buf.size() < kHttpMaxFlowData)
                                            : parse_http_response(bytes);
    switch (r.status) {
        case HttpParseStatus::need_more: return true;
        case HttpParseStatus::rejected:
            h.state = -1;
            return r.keeps_flow;
        case HttpParseStatus::complete: break;
    }
    h.state = 1;
    fingerprint_http(to_srv, flow, r.message);
    HttpFlowState& after = *flows_[flow].http;
    if (to_srv) {
        after.request_done = true;
        return true;
    }
    after.state = -1;  // the response ends HTTP on this connection
    return false;
}

void PassivePipeline::fingerprint_http(bool to_srv, std::uint32_t flow, const HttpMessage& msg) {
    const Direction dir = to_srv ? Direction::request : Direction::response;
    const HttpObservation obs = resolve_http(msg, db_.headers(), dir);
    const HttpMatch m = db_.http(dir).match(obs);
    emit(to_srv ? ObservationKind::http_request : ObservationKind::http_response, flow, to_srv,
         HttpDetail{&obs, m, dir});
    score_http(to_srv, flow, obs, m);

    PassiveHost& host = subject_host(flow, to_srv);
    if (auto lang = http_lang_field(obs); lang && *lang != "none") host.language = *lang;
    if (m.record) {
        const auto label = static_cast<std::int32_t>(m.record->label);
        if (!m.record->app) {
            host.last_label = label;
            host.last_quality = m.generic() ? 2 : 0;
        } else {
            host.http_label = label;
        }
    }
    if (evidence_) evidence_->on_http(host, obs, m, dir, now_.us);
}

// p0f's HTTP score_nat: the application's `sys` check, then the HTTP scores, then the
// host's stored HTTP signature. The Date check works in whorl; p0f 3.09b reads the wrong
// header for it and never sees a Date, which p0f_exact reproduces.
void PassivePipeline::score_http(bool to_srv, std::uint32_t flow, const HttpObservation& obs,
                                 const HttpMatch& m) {
    HttpNatInput in;
    in.to_srv = to_srv;
    in.sample.recv_time = now_.s;
    in.software = obs.software ? &*obs.software : nullptr;
    in.dishonest = m.dishonest;
    in.via = obs.via;
    in.srv_port = flows_[flow].srv_port;
    if (!to_srv && !config_.p0f_exact)
        for (const auto& h : obs.headers)
            if (h.id == static_cast<std::int32_t>(HttpHeaderRegistry::kDate) && h.value)
                in.sample.date = parse_http_date(*h.value);
    if (m.record) {
        const Label& l = db_.label(m.record->label);
        in.sample.matched = MatchedIdentity{l.class_id, l.name_id, l.label_id, m.record->line, false};
        in.app = l.is_app();
        if (in.app)
            if (auto s = verify_tool_class(subject_host(flow, to_srv).nat, l.sys))
                add_nat(to_srv, flow, s->reasons, s->score);
    }
    const NatScore s = score_http_nat(subject_host(flow, to_srv).nat, in, db_.ua_os());
    add_nat(to_srv, flow, s.reasons, s.score);
    note_http_signature(subject_host(flow, to_srv).nat, in);
}

}  // namespace whorl::fp::passive
