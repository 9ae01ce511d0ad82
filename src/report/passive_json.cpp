// JSON lines for passive observations, hosts and the run summary; see passive_json.hpp and
// docs/passive-json.md.
#include "report/passive_json.hpp"

#include <ctime>
#include <iterator>

#include <fmt/format.h>

#include "report/os_match_json.hpp"

namespace whorl::report {

namespace fpp = fp::passive;

namespace {

void append_time(std::string& b, std::int64_t time_us) {
    const std::time_t s = static_cast<std::time_t>(time_us / 1000000);
    std::tm tm{};
    gmtime_r(&s, &tm);
    fmt::format_to(std::back_inserter(b), "\"time\":\"{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z\"",
                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                   time_us % 1000000);
}

void endpoint(std::string& b, std::string_view key, const IpAddress& a, std::uint16_t port) {
    fmt::format_to(std::back_inserter(b), ",\"{}\":{{\"ip\":\"{}\",\"port\":{}}}", key, a.to_string(), port);
}

void optional_string(std::string& b, std::string_view key, const std::optional<std::string>& v) {
    fmt::format_to(std::back_inserter(b), ",\"{}\":{}", key, v ? json_string(*v) : "null");
}

// "generic fuzzy tos:0x10" -> ["generic","fuzzy","tos:0x10"]; "none" -> [].
void word_list(std::string& b, std::string_view key, std::string_view words) {
    fmt::format_to(std::back_inserter(b), ",\"{}\":[", key);
    bool first = true;
    while (!words.empty() && words != "none") {
        const auto sp = words.find(' ');
        b += first ? "" : ",";
        b += json_string(words.substr(0, sp));
        first = false;
        words = sp == std::string_view::npos ? std::string_view() : words.substr(sp + 1);
    }
    b += ']';
}

}  // namespace

PassiveJsonWriter::PassiveJsonWriter(const fpp::P0fDatabase& db, io::BufferedOutput& out)
    : db_(db), out_(out) {}

void PassiveJsonWriter::match(std::string& b, const fpp::P0fDatabase& db, std::uint32_t label,
                              bool generic, bool fuzzy, std::uint32_t line) {
    const fpp::Label& l = db.label(label);
    fmt::format_to(std::back_inserter(b),
                   ",\"match\":{{\"label\":{},\"name\":{},\"flavor\":{},\"class\":{},\"kind\":\"{}\","
                   "\"generic\":{},\"fuzzy\":{},\"line\":{}}}",
                   json_string(db.label_text(label)), json_string(db.names()[l.name_id]),
                   l.flavor ? json_string(*l.flavor) : "null",
                   l.class_id >= 0 ? json_string(db.classes()[static_cast<std::size_t>(l.class_id)]) : "null",
                   l.is_app() ? "app" : "os", generic, fuzzy, line);
}

void PassiveJsonWriter::observe(const fpp::Observation& o) {
    std::string& b = out_.buffer();
    b += "{\"type\":\"observation\",";
    append_time(b, o.time_us);
    fmt::format_to(std::back_inserter(b), ",\"module\":\"{}\"", fpp::observation_name(o.kind));
    endpoint(b, "client", *o.client, o.client_port);
    endpoint(b, "server", *o.server, o.server_port);
    b += o.subject_is_client ? ",\"subject\":\"client\"" : ",\"subject\":\"server\"";
    if (const auto* t = std::get_if<fpp::TcpDetail>(&o.detail)) {
        const fpp::TcpMatch& m = t->match();
        if (m.record) match(b, db_, m.record->label, m.generic(), m.fuzzy, m.record->line);
        else b += ",\"match\":null";
        fmt::format_to(std::back_inserter(b), ",\"dist\":{},\"dist_is_bound\":{}", m.dist, m.bad_ttl());
        word_list(b, "params", t->signature->params());
        fmt::format_to(std::back_inserter(b), ",\"raw_sig\":{}", json_string(t->signature->raw_sig()));
    } else if (const auto* mtu = std::get_if<fpp::MtuResult>(&o.detail)) {
        optional_string(b, "link", mtu->entry ? std::optional<std::string>(mtu->entry->link) : std::nullopt);
        fmt::format_to(std::back_inserter(b), ",\"mtu\":{}", mtu->mtu);
    } else if (const auto* up = std::get_if<fpp::UptimeEstimate>(&o.detail)) {
        fmt::format_to(std::back_inserter(b),
                       ",\"uptime_min\":{},\"modulo_days\":{},\"freq_hz\":{:.2f},\"freq_rounded_hz\":{}",
                       up->up_min, up->up_mod_days, up->raw_freq, up->freq);
    } else if (const auto* h = std::get_if<fpp::HttpDetail>(&o.detail)) {
        const fpp::HttpMatch& m = h->match;
        if (m.record) match(b, db_, m.record->label, m.generic(), false, m.record->line);
        else b += ",\"match\":null";
        const auto lang = fpp::http_lang_field(*h->message);
        optional_string(b, "lang", lang ? std::optional<std::string>(*lang) : std::nullopt);
        word_list(b, "params", fpp::format_http_params(*h->message, m));
        optional_string(b, "software", h->message->software);
        fmt::format_to(std::back_inserter(b), ",\"raw_sig\":{}",
                       json_string(fpp::format_http_raw_sig(*h->message, db_.headers(), h->direction)));
    } else if (const auto* nat = std::get_if<fpp::NatEvent>(&o.detail)) {
        word_list(b, "reason", fpp::format_nat_reasons(nat->reasons));
        fmt::format_to(std::back_inserter(b), ",\"raw_hits\":[{},{},{},{}]", nat->raw_hits[0],
                       nat->raw_hits[1], nat->raw_hits[2], nat->raw_hits[3]);
    }
    b += "}\n";
    out_.maybe_flush();
}

void PassiveJsonWriter::host(const fpp::HostSummary& h) {
    std::string& b = out_.buffer();
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
    out_.maybe_flush();
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
    std::string& b = out_.buffer();
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
    out_.maybe_flush();
}

}  // namespace whorl::report
