// XML output in Nmap 7.93's layout (output.cc and nmap.cc write it element by element).
#include "report/xml_output.hpp"

#include <fmt/format.h>

#include "fp/active/seq_analysis.hpp"
#include "report/os_block.hpp"
#include "report/port_summary.hpp"
#include "report/report_format.hpp"
#include "report/xml_writer.hpp"
#include "scan/port_spec.hpp"

namespace whorl::report {
namespace {

// Nmap writes "--" as "-&#45;" so that the command line can sit inside a comment.
std::string xml_escape_dashes(std::string_view text) {
    std::string s = xml_escape(text);
    for (std::size_t p = 0; (p = s.find("--", p)) != std::string::npos;) s.replace(p + 1, 1, "&#45;");
    return s;
}

template <typename T>
std::string hex_list(const std::vector<T>& values) {
    std::string s;
    for (std::size_t i = 0; i < values.size(); ++i) s += fmt::format("{}{:X}", i ? "," : "", values[i]);
    return s;
}

void write_ports(XmlWriter& w, const HostReport& h, const OutputOptions& o) {
    PortSummary s = summarize_ports(h, o);
    w.open("ports");
    for (const IgnoredState& st : s.ignored) {
        w.open("extraports").attr("state", scan::port_state_name(st.state)).attr("count", st.count).raw("\n");
        for (const ReasonGroup& g : st.reasons)
            w.open("extrareasons")
                .attr("reason", scan::reason_name(g.reason))
                .attr("count", static_cast<long long>(g.ports.size()))
                .attr("proto", scan::protocol_name(g.protocol))
                .attr("ports", scan::compress_ports(g.ports))
                .close();
        w.close();
    }
    for (const PortEntry* p : s.shown) {
        w.open("port").attr("protocol", scan::protocol_name(p->protocol)).attr("portid", p->port);
        w.open("state")
            .attr("state", scan::port_state_name(p->state))
            .attr("reason", scan::reason_name(p->reason))
            .attr("reason_ttl", p->reason_ttl);
        if (p->reason_addr) w.attr("reason_ip", p->reason_addr->to_string());
        w.close(false);
        if (p->service_listed)
            w.open("service").attr("name", p->service).attr("method", "table").attr("conf", 3).close(false);
        w.close();
    }
    w.close();
}

void write_osmatch(XmlWriter& w, const fp::db::OsDb& db, const fp::match::PlannedMatch& m) {
    const fp::db::RefPrint& print = db.prints()[m.print];
    int accuracy = fp::match::accuracy_percent(m.accuracy);
    w.open("osmatch").attr("name", print.name).attr("accuracy", accuracy).attr("line", print.line).raw("\n");
    for (const fp::db::OsClass& c : print.classes) {
        w.open("osclass").attr("type", c.device_type).attr("vendor", c.vendor).attr("osfamily", c.family);
        if (c.generation) w.attr("osgen", *c.generation);
        w.attr("accuracy", accuracy);
        for (const std::string& cpe : c.cpes) w.open("cpe").text(cpe).close(false);
        w.close();
    }
    w.close();
}

void write_os(XmlWriter& w, const OsReport& os) {
    w.open("os");
    for (const OsPortUsed& u : os.ports_used)
        w.open("portused")
            .attr("state", scan::port_state_name(u.state))
            .attr("proto", scan::protocol_name(u.protocol))
            .attr("portid", u.port)
            .close();
    if (os.db)
        for (const auto& m : os.plan.xml_matches) write_osmatch(w, *os.db, m);
    if (auto text = printed_fingerprint(os.fingerprint, os.plan.fingerprint))
        w.open("osfingerprint").attr("fingerprint", *text).close();
    w.close();
}

void write_sequences(XmlWriter& w, const OsReport& os) {
    if (os.uptime_seconds && !os.lastboot.empty())
        w.open("uptime").attr("seconds", *os.uptime_seconds).attr("lastboot", os.lastboot).close();
    if (os.distance) w.open("distance").attr("value", *os.distance).close();
    if (os.tcp_sequence_index) {
        std::string difficulty = os.tcp_sequence_difficulty;
        if (difficulty.empty()) difficulty = fp::active::difficulty_label(static_cast<unsigned>(*os.tcp_sequence_index));
        w.open("tcpsequence")
            .attr("index", *os.tcp_sequence_index)
            .attr("difficulty", difficulty)
            .attr("values", hex_list(os.isns))
            .close();
    }
    if (!os.ip_id_class.empty())
        w.open("ipidsequence").attr("class", os.ip_id_class).attr("values", hex_list(os.ip_ids)).close();
    if (!os.ts_class.empty()) {
        w.open("tcptssequence").attr("class", os.ts_class);
        if (!os.tsvals.empty()) w.attr("values", hex_list(os.tsvals));
        w.close();
    }
}

void write_addresses(XmlWriter& w, const HostReport& h) {
    w.open("address").attr("addr", address_text(h)).attr("addrtype", h.address.is_v4() ? "ipv4" : "ipv6").close();
    if (h.mac) {
        w.open("address").attr("addr", mac_text(*h.mac)).attr("addrtype", "mac");
        if (auto vendor = known_mac_vendor(h); !vendor.empty()) w.attr("vendor", vendor);
        w.close();
    }
}

}  // namespace

std::string xml_header(const ScanReport& r, const OutputOptions& o) {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE nmaprun>\n";
    if (!o.xml_stylesheet.empty())
        out += fmt::format("<?xml-stylesheet href=\"{}\" type=\"text/xsl\"?>\n", xml_escape(o.xml_stylesheet));
    std::string start = ctime_text(r.start_time);
    out += fmt::format("<!-- {} {} scan initiated {} as: {} -->\n", kScannerName, r.scanner_version, start,
                       xml_escape_dashes(r.args));
    out += fmt::format(
        "<nmaprun scanner=\"{}\" args=\"{}\" start=\"{}\" startstr=\"{}\" version=\"{}\" xmloutputversion=\"1.05\">\n",
        xml_escape(o.xml_scanner_name), xml_escape_dashes(r.args), r.start_time, start, xml_escape(r.scanner_version));
    XmlWriter w(out);
    for (const ScanInfo& si : r.scaninfo)
        w.open("scaninfo")
            .attr("type", si.type)
            .attr("protocol", scan::protocol_name(si.protocol))
            .attr("numservices", static_cast<long long>(si.ports.size()))
            .attr("services", scan::compress_ports(si.ports))
            .close();
    w.open("verbose").attr("level", r.verbose).close();
    w.open("debugging").attr("level", r.debugging).close();
    return out;
}

std::string xml_host(const HostReport& h, const OutputOptions& o) {
    std::string out;
    if (!h.up && o.verbose == 0) return out;
    XmlWriter w(out);
    w.open("host");
    if (h.up && h.start_time) w.attr("starttime", h.start_time).attr("endtime", h.end_time);
    if (h.timed_out) w.attr("timedout", "true");
    w.open("status")
        .attr("state", h.up ? "up" : "down")
        .attr("reason", scan::reason_name(h.status_reason))
        .attr("reason_ttl", h.status_reason_ttl)
        .close();
    write_addresses(w, h);
    if (!h.up) {
        w.close();
        return out;
    }
    w.open("hostnames").raw("\n");
    if (!h.user_hostname.empty()) w.open("hostname").attr("name", h.user_hostname).attr("type", "user").close();
    if (!h.rdns.empty()) w.open("hostname").attr("name", h.rdns).attr("type", "PTR").close();
    w.close();
    if (h.timed_out) {  // Nmap: the header and the times only
        w.open("times").attr("srtt", h.srtt_us).attr("rttvar", h.rttvar_us).attr("to", h.timeout_us).close();
        w.close();
        return out;
    }
    if (!h.ports.empty()) write_ports(w, h, o);
    if (h.os) {
        write_os(w, *h.os);
        write_sequences(w, *h.os);
    }
    w.open("times").attr("srtt", h.srtt_us).attr("rttvar", h.rttvar_us).attr("to", h.timeout_us).close();
    w.close();
    return out;
}

std::string xml_footer(const ScanReport& r, const OutputOptions&) {
    std::string out;
    XmlWriter w(out);
    std::string end = ctime_text(r.end_time);
    std::string elapsed = fmt::format("{:.2f}", r.elapsed_seconds);
    int up = hosts_up(r);
    w.open("runstats");
    w.open("finished")
        .attr("time", r.end_time)
        .attr("timestr", end)
        .attr("summary", fmt::format("{} done at {}; {} scanned in {} seconds", kScannerName, end, hosts_summary(r), elapsed))
        .attr("elapsed", elapsed)
        .attr("exit", r.interrupted ? "error" : "success");
    if (r.interrupted) w.attr("errormsg", r.error_message.empty() ? "Scan interrupted" : r.error_message);
    w.close(false);
    w.open("hosts")
        .attr("up", up)
        .attr("down", static_cast<long long>(hosts_total(r)) - up)
        .attr("total", static_cast<long long>(hosts_total(r)))
        .close();
    w.close();
    return out + "</nmaprun>\n";
}

std::string xml_output(const ScanReport& r, const OutputOptions& o) {
    std::string out = xml_header(r, o);
    for (const HostReport& h : r.hosts) out += xml_host(h, o);
    return out + xml_footer(r, o);
}

}  // namespace whorl::report
