// JSON lines for passive observations, hosts and the run summary; see passive_json.hpp and
// docs/passive-json.md. Each observation is written in one pass at a cursor into the output
// buffer, after reserving an upper bound of its length (as p0f_text.cpp does).
#include "report/passive_json.hpp"

#include <cassert>
#include <ctime>
#include <iterator>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "report/os_match_json.hpp"
#include "report/text_append.hpp"

namespace whorl::report {

namespace fpp = fp::passive;

namespace {

// Room for everything in an observation line but the texts escaped as JSON strings: keys,
// time, module, addresses, ports, numbers. The longest is an uptime line, under 700
// characters with a "%.2f" double of 309 integer digits.
constexpr std::size_t kObservationFixedBound = 1024;

// Room for put_word_list()'s words: each byte escaped in at most six characters, and each
// word's quotes and comma (at most one word more than there are spaces).
constexpr std::size_t word_list_bound(std::size_t n) { return 9 * n + 3; }

// ,"key":
char* put_key(char* p, std::string_view key) { return put(put(put(p, ",\""), key), "\":"); }

// "text" for a text that needs no escaping.
char* put_quoted(char* p, std::string_view text) { return put(put(put(p, "\""), text), "\""); }

char* put_bool(char* p, bool v) { return put(p, v ? std::string_view("true") : std::string_view("false")); }

// ,"key":"text" or ,"key":null
char* put_optional_string(char* p, std::string_view key, const std::optional<std::string_view>& v) {
    p = put_key(p, key);
    return v ? write_json_string(p, *v) : put(p, "null");
}

void optional_string(std::string& b, std::string_view key, const std::optional<std::string>& v) {
    const std::size_t room = key.size() + 4 + (v ? json_string_bound(v->size()) : 4);
    b.resize_and_overwrite(b.size() + room, [&, old = b.size()](char* base, std::size_t) {
        return static_cast<std::size_t>(put_optional_string(base + old, key, v) - base);
    });
}

// "generic fuzzy tos:0x10" -> ,"key":["generic","fuzzy","tos:0x10"]; "none" -> ,"key":[].
char* put_word_list(char* p, std::string_view key, std::string_view words) {
    p = put(put_key(p, key), "[");
    for (bool first = true; !words.empty() && words != "none"; first = false) {
        const auto sp = words.find(' ');
        if (!first) *p++ = ',';
        p = write_json_string(p, words.substr(0, sp));
        words = sp == std::string_view::npos ? std::string_view() : words.substr(sp + 1);
    }
    return put(p, "]");
}

// ,"key":{"ip":"198.51.100.7","port":34194}
char* put_endpoint(char* p, std::string_view key, const IpAddress& a, std::uint16_t port) {
    p = a.write_text(put(put_key(p, key), "{\"ip\":\""));
    return put(put_uint(put(p, "\",\"port\":"), port), "}");
}

char* mtu_fields(char* p, const fpp::MtuResult& m) {
    p = put_optional_string(p, "link", m.entry ? std::optional<std::string_view>(m.entry->link) : std::nullopt);
    return put_uint(put_key(p, "mtu"), m.mtu);
}

char* uptime_fields(char* p, const fpp::UptimeEstimate& u) {
    p = put_uint(put_key(p, "uptime_min"), u.up_min);
    p = put_uint(put_key(p, "modulo_days"), u.up_mod_days);
    p = fmt::format_to(put_key(p, "freq_hz"), FMT_COMPILE("{:.2f}"), u.raw_freq);
    return put_uint(put_key(p, "freq_rounded_hz"), u.freq);
}

char* nat_fields(char* p, const fpp::NatEvent& n, std::string_view reasons) {
    p = put(put_key(put_word_list(p, "reason", reasons), "raw_hits"), "[");
    for (std::size_t i = 0; i < n.raw_hits.size(); ++i) {
        if (i) *p++ = ',';
        p = put_uint(p, n.raw_hits[i]);
    }
    return put(p, "]");
}

std::string hex16_list(const std::vector<std::uint16_t>& values, bool skip_grease) {
    std::string out = "[";
    for (std::uint16_t v : values) {
        if (skip_grease && fp::tls::is_grease(v)) continue;
        out += fmt::format("{}\"{:04x}\"", out.size() > 1 ? "," : "", v);
    }
    return out + "]";
}

// ,"tls":{...}: a ClientHello's fingerprints, name and protocols, and what mercury's table
// says of it; or a ServerHello's choices.
std::string tls_fields(const fpp::TlsDetail& t) {
    std::string s;
    if (const auto* h = t.client) {
        s = fmt::format(",\"tls\":{{\"transport\":\"{}\",\"ja4\":{},\"ja4_r\":{},\"version\":\"{:04x}\","
                        "\"supported_versions\":{},\"sni\":{},\"alpn\":[",
                        t.quic ? "quic" : "tcp", json_string(t.ja4), json_string(t.ja4_r), h->legacy_version,
                        hex16_list(h->supported_versions, true), h->has_server_name ? json_string(h->server_name) : "null");
        for (std::size_t i = 0; i < h->alpn.size(); ++i) s += (i ? "," : "") + json_string(h->alpn[i]);
        s += fmt::format("],\"mercury\":{},\"os\":", json_string(t.mercury));
        if (const auto* g = t.guess)
            s += fmt::format("{{\"family\":{},\"os\":{},\"probability\":{:.4f},\"likelihood_ratio\":{:.2f},"
                             "\"nearest\":{:.3f},\"decisive\":{}}}",
                             json_string(g->family), json_string(g->os), g->probability, g->likelihood_ratio, g->nearest,
                             g->decisive());
        else
            s += "null";
        return s + "}";
    }
    if (const auto* h = t.server) {
        std::vector<std::uint16_t> types;
        for (const auto& e : h->extensions) types.push_back(e.type);
        return fmt::format(",\"tls\":{{\"version\":\"{:04x}\",\"cipher\":\"{:04x}\",\"alpn\":{},\"extensions\":{},"
                           "\"hello_retry_request\":{}}}",
                           h->version(), h->cipher_suite, h->alpn.empty() ? "null" : json_string(h->alpn),
                           hex16_list(types, false), h->hello_retry_request);
    }
    return s;
}

std::string match_head(const fpp::P0fDatabase& db, std::uint32_t label) {
    const fpp::Label& l = db.label(label);
    return fmt::format(",\"match\":{{\"label\":{},\"name\":{},\"flavor\":{},\"class\":{},\"kind\":\"{}\"",
                       json_string(db.label_text(label)), json_string(db.names()[l.name_id]),
                       l.flavor ? json_string(*l.flavor) : "null",
                       l.class_id >= 0 ? json_string(db.classes()[static_cast<std::size_t>(l.class_id)]) : "null",
                       l.is_app() ? "app" : "os");
}

}  // namespace

// The HTTP texts, NAT reasons and TLS fields: their length has no useful bound until they
// are built.
struct PassiveJsonWriter::BuiltTexts {
    std::optional<std::string_view> lang;
    std::string params, raw_sig, nat_reasons, tls;
};

PassiveJsonWriter::PassiveJsonWriter(const fpp::P0fDatabase& db, std::string& out)
    : db_(db), out_(out), match_heads_(db.labels().size()) {}

const std::string& PassiveJsonWriter::match_head_of(std::uint32_t label) {
    std::string& head = match_heads_[label];
    if (head.empty()) head = match_head(db_, label);
    return head;
}

void PassiveJsonWriter::observe(const fpp::Observation& o) {
    // The texts that have to be built first (HTTP, NAT), then one pass into the output buffer
    // within an upper bound of the line's length.
    BuiltTexts built;
    const std::size_t bound = kObservationFixedBound + detail_room(o.detail, built);
    std::string& b = out_;
    b.resize_and_overwrite(b.size() + bound, [&, old = b.size()](char* base, std::size_t) {
        char* p = put(detail_fields(common_fields(base + old, o), o.detail, built), "}\n");
        assert(static_cast<std::size_t>(p - base) <= old + bound);
        return static_cast<std::size_t>(p - base);
    });
}

std::size_t PassiveJsonWriter::detail_room(const fpp::ObservationDetail& d, BuiltTexts& built) {
    auto match_room = [this](const auto* record) { return record ? match_head_of(record->label).size() : 0; };
    if (const auto* t = std::get_if<fpp::TcpDetail>(&d))
        return match_room(t->match().record) + word_list_bound(t->signature->params().size()) +
               json_string_bound(t->signature->raw_sig().size());
    if (const auto* mtu = std::get_if<fpp::MtuResult>(&d))
        return mtu->entry ? json_string_bound(mtu->entry->link.size()) : 0;
    if (const auto* h = std::get_if<fpp::HttpDetail>(&d)) {
        built.lang = fpp::http_lang_field(*h->message);
        built.params = fpp::format_http_params(*h->message, h->match);
        built.raw_sig = fpp::format_http_raw_sig(*h->message, db_.headers(), h->direction);
        const auto& sw = h->message->software;
        return match_room(h->match.record) + json_string_bound(built.lang ? built.lang->size() : 0) +
               word_list_bound(built.params.size()) + json_string_bound(sw ? sw->size() : 0) +
               json_string_bound(built.raw_sig.size());
    }
    if (const auto* nat = std::get_if<fpp::NatEvent>(&d)) {
        built.nat_reasons = fpp::format_nat_reasons(nat->reasons);
        return word_list_bound(built.nat_reasons.size());
    }
    if (const auto* t = std::get_if<fpp::TlsDetail>(&d)) {
        built.tls = tls_fields(*t);
        return built.tls.size();
    }
    return 0;  // uptime: numbers only
}

// {"type":"observation","time":..,"module":..,"client":..,"server":..,"subject":..
char* PassiveJsonWriter::common_fields(char* p, const fpp::Observation& o) {
    p = time_field(put(p, "{\"type\":\"observation\","), o.time_us);
    p = put_quoted(put_key(p, "module"), fpp::observation_name(o.kind));
    p = put_endpoint(p, "client", *o.client, o.client_port);
    p = put_endpoint(p, "server", *o.server, o.server_port);
    return put_quoted(put_key(p, "subject"), o.subject_is_client ? "client" : "server");
}

// "time":"2023-11-14T22:13:20.001000Z" (UTC); all but the microseconds formatted once a second.
char* PassiveJsonWriter::time_field(char* p, std::int64_t time_us) {
    const std::int64_t second = time_us / 1000000;
    if (second != time_second_ || time_text_.empty()) {
        const std::time_t s = static_cast<std::time_t>(second);
        std::tm tm{};
        gmtime_r(&s, &tm);
        time_second_ = second;
        time_text_ = fmt::format("\"time\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.", tm.tm_year + 1900,
                                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    }
    return fmt::format_to(put(p, time_text_), FMT_COMPILE("{:06}Z\""), time_us % 1000000);
}

char* PassiveJsonWriter::detail_fields(char* p, const fpp::ObservationDetail& d, const BuiltTexts& built) const {
    if (const auto* t = std::get_if<fpp::TcpDetail>(&d)) return tcp_fields(p, *t);
    if (const auto* mtu = std::get_if<fpp::MtuResult>(&d)) return mtu_fields(p, *mtu);
    if (const auto* up = std::get_if<fpp::UptimeEstimate>(&d)) return uptime_fields(p, *up);
    if (const auto* h = std::get_if<fpp::HttpDetail>(&d)) return http_fields(p, *h, built);
    if (const auto* nat = std::get_if<fpp::NatEvent>(&d)) return nat_fields(p, *nat, built.nat_reasons);
    if (std::holds_alternative<fpp::TlsDetail>(d)) return put(p, built.tls);
    return p;
}

char* PassiveJsonWriter::tcp_fields(char* p, const fpp::TcpDetail& t) const {
    const fpp::TcpMatch& m = t.match();
    p = m.record ? match(p, m.record->label, m.generic(), m.fuzzy, m.record->line) : put(p, ",\"match\":null");
    p = put_bool(put_key(put_uint(put_key(p, "dist"), m.dist), "dist_is_bound"), m.bad_ttl());
    p = put_word_list(p, "params", t.signature->params());
    return write_json_string(put_key(p, "raw_sig"), t.signature->raw_sig());
}

char* PassiveJsonWriter::http_fields(char* p, const fpp::HttpDetail& h, const BuiltTexts& built) const {
    const fpp::HttpMatch& m = h.match;
    p = m.record ? match(p, m.record->label, m.generic(), false, m.record->line) : put(p, ",\"match\":null");
    p = put_optional_string(p, "lang", built.lang);
    p = put_word_list(p, "params", built.params);
    p = put_optional_string(p, "software", h.message->software);
    return write_json_string(put_key(p, "raw_sig"), built.raw_sig);
}

// The label's match head, then ,"generic":..,"fuzzy":..,"line":..}
char* PassiveJsonWriter::match(char* p, std::uint32_t label, bool generic, bool fuzzy, std::uint32_t line) const {
    p = put_bool(put_key(put(p, match_heads_[label]), "generic"), generic);
    p = put_bool(put_key(p, "fuzzy"), fuzzy);
    return put(put_uint(put_key(p, "line"), line), "}");
}

void PassiveJsonWriter::host(const fpp::HostSummary& h) {
    std::string& b = out_;
    fmt::format_to(std::back_inserter(b),
                   "{{\"type\":\"host\",\"ip\":\"{}\",\"first_seen\":{},\"last_seen\":{},\"connections\":{}",
                   h.addr.to_string(), h.first_seen, h.last_seen, h.connections);
    if (h.os_name) {
        fmt::format_to(std::back_inserter(b),
                       ",\"os\":{{\"name\":{},\"flavor\":{},\"class\":{},\"fuzzy\":{},\"generic\":{}}}",
                       json_string(*h.os_name), h.os_flavor ? json_string(*h.os_flavor) : "null",
                       h.os_class ? json_string(*h.os_class) : "null", h.os_fuzzy, h.os_generic);
    } else {
        b += ",\"os\":null";
    }
    if (h.http_name)
        fmt::format_to(std::back_inserter(b), ",\"http_app\":{{\"name\":{},\"flavor\":{}}}",
                       json_string(*h.http_name), h.http_flavor ? json_string(*h.http_flavor) : "null");
    else
        b += ",\"http_app\":null";
    optional_string(b, "link", h.link);
    b += h.distance ? fmt::format(",\"distance\":{}", *h.distance) : ",\"distance\":null";
    b += h.uptime_min ? fmt::format(",\"uptime\":{{\"minutes\":{},\"modulo_days\":{}}}", *h.uptime_min,
                                    h.uptime_mod_days.value_or(0))
                      : ",\"uptime\":null";
    optional_string(b, "language", h.language);
    fmt::format_to(std::back_inserter(b), ",\"last_ip_sharing\":{},\"last_host_change\":{},\"bad_sw\":{}",
                   h.last_nat, h.last_chg, h.bad_sw);
    if (h.verdict) {
        verdict(b, *h.verdict);
    } else {
        b += ",\"verdict\":null";
    }
    b += "}\n";
}

void PassiveJsonWriter::verdict(std::string& b, const fpp::HostSummary::Verdict& v) {
    fmt::format_to(std::back_inserter(b),
                   ",\"verdict\":{{\"family\":{},\"name\":{},\"flavor\":{},\"confidence\":{:.4f},"
                   "\"support\":{},\"conflict\":{},\"evidence\":{},\"sources\":[",
                   json_string(v.family), json_string(v.name), json_string(v.flavor), v.confidence, v.support,
                   v.conflict, v.evidence);
    const auto sources = v.sources();
    for (std::size_t i = 0; i < sources.size(); ++i) b += (i ? "," : "") + json_string(sources[i]);
    b += "],\"alternatives\":[";
    for (std::size_t i = 0; i < v.alternatives.size(); ++i)
        fmt::format_to(std::back_inserter(b), "{}{{\"family\":{},\"probability\":{:.4f}}}", i ? "," : "",
                       json_string(v.alternatives[i].first), v.alternatives[i].second);
    b += "],\"reasons\":[";
    for (std::size_t i = 0; i < v.reasons.size(); ++i) {
        const auto& r = v.reasons[i];
        fmt::format_to(std::back_inserter(b),
                       "{}{{\"role\":\"{}\",\"source\":{},\"family\":{},\"name\":{},\"flavor\":{},"
                       "\"strength\":{:.3f},\"reliability\":{:.3f},\"count\":{},\"detail\":{}}}",
                       i ? "," : "", fpp::reason_role_name(r.role), json_string(r.source), json_string(r.family),
                       json_string(r.name), json_string(r.flavor), r.strength, r.reliability, r.count,
                       json_string(r.detail));
    }
    b += "]}";
}

void PassiveJsonWriter::summary(const fpp::PassiveStats& s, const PassiveRunInfo& run) {
    std::string& b = out_;
    fmt::format_to(std::back_inserter(b),
                   "{{\"type\":\"summary\",\"source\":{},\"live\":{},\"interrupted\":{},\"frames\":{},"
                   "\"tcp_segments\":{},\"observations\":{},\"skipped\":{{",
                   json_string(run.source), run.live, run.interrupted, s.frames, s.tcp_segments,
                   s.observations);
    for (int i = 1; i < fpp::kTcpPacketSkipCount; ++i)
        fmt::format_to(std::back_inserter(b), "{}\"{}\":{}", i > 1 ? "," : "",
                       fpp::tcp_packet_skip_name(static_cast<fpp::TcpPacketSkip>(i)),
                       s.skipped[static_cast<std::size_t>(i)]);
    fmt::format_to(std::back_inserter(b),
                   "}},\"flows\":{{\"created\":{},\"expired\":{},\"pruned\":{},\"open\":{}}},"
                   "\"hosts\":{{\"created\":{},\"expired\":{},\"evicted\":{},\"known\":{}}}",
                   s.flows_created, s.flows_expired, s.flows_pruned, run.flows, s.hosts_created,
                   s.hosts_expired, s.hosts_evicted, run.hosts);
    if (run.live)
        fmt::format_to(std::back_inserter(b),
                       ",\"capture\":{{\"received\":{},\"dropped\":{},\"interface_dropped\":{}}}",
                       run.capture.received, run.capture.dropped, run.capture.interface_dropped);
    b += "}\n";
}

}  // namespace whorl::report
