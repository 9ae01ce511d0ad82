// The JSON document, member by member in the order docs/json-output.md lists them.
#include "report/json_output.hpp"

#include <cmath>
#include <ctime>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/active/seq_analysis.hpp"
#include "report/json_writer.hpp"
#include "report/os_match_json.hpp"
#include "report/os_block.hpp"
#include "report/port_summary.hpp"
#include "report/report_format.hpp"
#include "scan/port_spec.hpp"

namespace whorl::report {
namespace {

std::string utc_text(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf, n);
}

std::string_view verdict_name(fp::match::OsVerdict v) {
    switch (v) {
        case fp::match::OsVerdict::details: return "details";
        case fp::match::OsVerdict::no_exact: return "no_exact";
        case fp::match::OsVerdict::no_matches: return "no_matches";
        case fp::match::OsVerdict::too_many: return "too_many";
    }
    return "no_matches";
}

template <typename T>
void number_array(JsonWriter& j, std::string_view name, const std::vector<T>& values) {
    j.key(name).begin_array(true);
    for (T v : values) j.value(static_cast<unsigned long long>(v));
    j.end_array();
}

void write_ports(JsonWriter& j, const HostReport& h, const OutputOptions& o) {
    PortSummary s = summarize_ports(h, o);
    j.key("ports").begin_array();
    for (const PortEntry* p : s.shown) {
        j.begin_object()
            .member("port", p->port)
            .member("protocol", scan::protocol_name(p->protocol))
            .member("state", scan::port_state_name(p->state))
            .member("reason", scan::reason_name(p->reason))
            .member("reason_ttl", p->reason_ttl);
        j.key("reason_ip");
        p->reason_addr ? j.value(p->reason_addr->to_string()) : j.null();
        j.key("service");
        p->service_listed ? j.value(p->service) : j.null();
        j.end_object();
    }
    j.end_array();
    j.key("ignored").begin_array();
    for (const IgnoredState& st : s.ignored) {
        j.begin_object().member("state", scan::port_state_name(st.state)).member("count", st.count);
        j.key("reasons").begin_array();
        for (const ReasonGroup& g : st.reasons)
            j.begin_object()
                .member("reason", scan::reason_name(g.reason))
                .member("protocol", scan::protocol_name(g.protocol))
                .member("count", g.ports.size())
                .member("ports", scan::compress_ports(g.ports))
                .end_object();
        j.end_array().end_object();
    }
    j.end_array();
}

void write_match(JsonWriter& j, const fp::db::OsDb& db, const fp::match::PlannedMatch& m) {
    const fp::db::RefPrint& p = db.prints()[m.print];
    int accuracy = fp::match::accuracy_percent(m.accuracy);
    j.begin_object().member("name", p.name).member("accuracy", accuracy).member("line", p.line);
    j.key("classes").begin_array();
    for (const fp::db::OsClass& c : p.classes) {
        j.begin_object()
            .member("vendor", c.vendor)
            .member("family", c.family)
            .member("generation", c.generation)
            .member("type", c.device_type)
            .member("accuracy", accuracy);
        j.key("cpe").begin_array(true);
        for (const auto& cpe : c.cpes) j.value(cpe);
        j.end_array().end_object();
    }
    j.end_array().end_object();
}

void write_classification(JsonWriter& j, const fp::match::ClassSummary& s) {
    j.begin_object();
    j.key("device_types").begin_array(true);
    for (const auto& t : s.device_types) j.value(t);
    j.end_array();
    j.member("guessing", s.guessing);
    j.key("running").begin_array();
    for (const auto& f : s.families) {
        j.begin_object().member("family", f.name);
        j.key("generations").begin_array(true);
        if (!f.generations.empty())
            for (auto g : split(f.generations, '|')) j.value(g);
        j.end_array().member("accuracy", f.percent).end_object();
    }
    j.end_array();
    j.key("cpe").begin_array(true);
    for (const auto& c : s.cpes) j.value(c);
    j.end_array().end_object();
}

void write_os_matches(JsonWriter& j, const OsReport& os) {
    j.member("verdict", verdict_name(os.plan.verdict))
        .member("result", match_outcome_name(os.result.outcome))
        .member("perfect", os.result.perfect > 0)
        .member("unreliable", os.plan.unreliable_warning);
    j.key("details").begin_array(true);
    if (os.db)
        for (const auto& m : os.plan.details) j.value(os.db->prints()[m.print].name);
    j.end_array();
    j.key("matches").begin_array();
    if (os.db)
        for (const auto& m : os.plan.xml_matches) write_match(j, *os.db, m);
    j.end_array();
    j.key("classification");
    os.plan.summary ? write_classification(j, *os.plan.summary) : (void)j.null();
    j.key("os_verdict");
    if (os.verdict) {
        j.begin_object()
            .member("text", os.verdict->text())
            .member("probability", std::round(os.verdict->probability * 1e4) / 1e4)
            .member("named", static_cast<std::uint64_t>(os.verdict->named))
            .key("classes")
            .begin_array();
        for (const auto& c : os.verdict->classes)
            j.begin_object()
                .member("vendor", c.vendor)
                .member("family", c.family)
                .member("generation", c.generation)
                .member("type", c.device_type)
                .member("probability", std::round(c.probability * 1e4) / 1e4)
                .end_object();
        j.end_array().end_object();
    } else {
        j.null();
    }
    j.key("fingerprint");
    if (os.fingerprint.scan || !os.fingerprint.tests().empty())
        j.value(os.fingerprint.text(fp::FingerprintLayout::unwrapped));
    else
        j.null();
}

void write_os(JsonWriter& j, const OsReport& os) {
    j.begin_object();
    write_os_matches(j, os);
    j.key("ports_used").begin_array();
    for (const OsPortUsed& u : os.ports_used)
        j.begin_object()
            .member("state", scan::port_state_name(u.state))
            .member("protocol", scan::protocol_name(u.protocol))
            .member("port", u.port)
            .end_object();
    j.end_array();
    j.member("distance", os.distance);
    j.key("uptime");
    if (os.uptime_seconds && !os.lastboot.empty())
        j.begin_object().member("seconds", *os.uptime_seconds).member("lastboot", os.lastboot).end_object();
    else
        j.null();
    j.key("tcp_sequence");
    if (os.tcp_sequence_index) {
        std::string difficulty = os.tcp_sequence_difficulty;
        if (difficulty.empty()) difficulty = fp::active::difficulty_label(static_cast<unsigned>(*os.tcp_sequence_index));
        j.begin_object().member("index", *os.tcp_sequence_index).member("difficulty", difficulty);
        number_array(j, "values", os.isns);
        j.end_object();
    } else {
        j.null();
    }
    j.key("ip_id_sequence");
    if (!os.ip_id_class.empty()) {
        j.begin_object().member("class", os.ip_id_class);
        number_array(j, "values", os.ip_ids);
        j.end_object();
    } else {
        j.null();
    }
    j.key("tcp_ts_sequence");
    if (!os.ts_class.empty()) {
        j.begin_object().member("class", os.ts_class);
        number_array(j, "values", os.tsvals);
        j.end_object();
    } else {
        j.null();
    }
    j.member("tries", os.tries).end_object();
}

void write_host_identity(JsonWriter& j, const HostReport& h) {
    j.member("address", address_text(h)).member("address_family", h.address.is_v4() ? "ipv4" : "ipv6");
    j.member("status", h.up ? "up" : "down")
        .member("reason", scan::reason_name(h.status_reason))
        .member("reason_ttl", h.status_reason_ttl)
        .member("timed_out", h.timed_out);
    j.key("hostnames").begin_array();
    if (!h.user_hostname.empty())
        j.begin_object().member("name", h.user_hostname).member("type", "user").end_object();
    if (!h.rdns.empty()) j.begin_object().member("name", h.rdns).member("type", "PTR").end_object();
    j.end_array();
    j.key("other_addresses").begin_array(true);
    for (const auto& a : h.other_addresses) j.value(a.to_string());
    j.end_array();
    j.key("mac");
    h.mac ? j.value(mac_text(*h.mac)) : j.null();
    j.key("mac_vendor");
    auto vendor = known_mac_vendor(h);
    h.mac && !vendor.empty() ? j.value(vendor) : j.null();
}

void write_host(JsonWriter& j, const HostReport& h, const OutputOptions& o) {
    j.begin_object();
    write_host_identity(j, h);
    j.member("latency_seconds", h.latency_seconds);
    j.key("start");
    h.start_time ? j.value(h.start_time) : j.null();
    j.key("end");
    h.start_time ? j.value(h.end_time) : j.null();
    j.key("times");
    if (h.up)
        j.begin_object()
            .member("srtt_us", h.srtt_us)
            .member("rttvar_us", h.rttvar_us)
            .member("timeout_us", h.timeout_us)
            .end_object();
    else
        j.null();
    j.key("warnings").begin_array();
    for (const auto& w : h.warnings) j.value(w);
    j.end_array();
    write_ports(j, h, o);
    j.key("os");
    h.os ? write_os(j, *h.os) : (void)j.null();
    j.end_object();
}

void write_run(JsonWriter& j, const ScanReport& r) {
    j.member("format", "whorl-scan").member("format_version", kJsonFormatVersion);
    j.key("scanner").begin_object().member("name", kScannerName).member("version", r.scanner_version).end_object();
    j.member("args", r.args)
        .member("start", r.start_time)
        .member("start_utc", utc_text(r.start_time))
        .member("end", r.end_time)
        .member("end_utc", utc_text(r.end_time))
        .member("elapsed_seconds", r.elapsed_seconds)
        .member("verbose", r.verbose)
        .member("debugging", r.debugging)
        .member("os_detection", r.os_detection);
    j.key("scaninfo").begin_array();
    for (const ScanInfo& si : r.scaninfo)
        j.begin_object()
            .member("type", si.type)
            .member("protocol", scan::protocol_name(si.protocol))
            .member("count", si.ports.size())
            .member("ports", scan::compress_ports(si.ports))
            .end_object();
    j.end_array();
}

}  // namespace

void write_json_host(JsonWriter& j, const HostReport& h, const OutputOptions& o) { write_host(j, h, o); }

std::string json_output(const ScanReport& r, const OutputOptions& o) {
    std::string out;
    JsonWriter j(out);
    j.begin_object();
    write_run(j, r);
    j.key("hosts").begin_array();
    for (const HostReport& h : r.hosts) write_host(j, h, o);
    j.end_array();
    int up = hosts_up(r);
    j.key("summary")
        .begin_object()
        .member("total", hosts_total(r))
        .member("up", up)
        .member("down", static_cast<long long>(hosts_total(r)) - up)
        .end_object();
    j.key("packets");
    if (r.packets)
        j.begin_object()
            .member("sent", r.packets->sent)
            .member("sent_bytes", r.packets->sent_bytes)
            .member("received", r.packets->received)
            .member("received_bytes", r.packets->received_bytes)
            .end_object();
    else
        j.null();
    j.member("interrupted", r.interrupted);
    j.key("error");
    r.error_message.empty() ? j.null() : j.value(r.error_message);
    j.end_object();
    return out;
}

}  // namespace whorl::report
