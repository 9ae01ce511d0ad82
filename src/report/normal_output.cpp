// Normal output, line by line in Nmap 7.93's order (output.cc write_host_header,
// printportoutput, printmacinfo, printosscanoutput, printtimes, printfinaloutput).
#include "report/normal_output.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/os_block.hpp"
#include "report/port_summary.hpp"
#include "report/report_format.hpp"

namespace whorl::report {
namespace {

void line(std::string& out, std::string_view text) {
    out += text;
    out += '\n';
}

void host_status_lines(std::string& out, const HostReport& h, const OutputOptions& o) {
    std::string up = "Host is up";
    if (o.reason) up += ", received " + reason_text(h.status_reason, h.status_reason_ttl);
    if (h.latency_seconds) up += fmt::format(" ({}s latency)", significant_digits(*h.latency_seconds, 2));
    line(out, up + ".");
    if (!h.user_hostname.empty() && !h.other_addresses.empty()) {
        std::string others = fmt::format("Other addresses for {} (not scanned):", h.user_hostname);
        for (const auto& a : h.other_addresses) others += " " + a.to_string();
        line(out, others);
    }
    if (!h.user_hostname.empty() && !h.rdns.empty() && h.user_hostname != h.rdns)
        line(out, fmt::format("rDNS record for {}: {}", address_text(h), h.rdns));
}

std::string not_shown_line(const PortSummary& s) {
    std::string text = "Not shown: ";
    bool first = true;
    for (const IgnoredState& st : s.ignored) {
        for (const ReasonGroup& g : st.reasons) {
            if (!first) text += ", ";
            first = false;
            text += fmt::format("{} {} {} port{} ({})", g.ports.size(), scan::port_state_name(st.state),
                                scan::protocol_name(g.protocol), g.ports.size() == 1 ? "" : "s",
                                scan::reason_name(g.reason));
        }
    }
    return text;
}

bool any_filtered_tcp(const HostReport& h) {
    return std::any_of(h.ports.begin(), h.ports.end(), [](const PortEntry& p) {
        return p.protocol == scan::Protocol::tcp && p.state == scan::PortState::filtered;
    });
}

void port_lines(std::string& out, const HostReport& h, const OutputOptions& o) {
    if (h.ports.empty()) return;
    if ((o.verbose > 1 || o.debugging) && h.start_time)
        line(out, fmt::format("Scanned at {} for {}s", local_time_text(h.start_time, "%Y-%m-%d %H:%M:%S %Z"),
                              h.end_time - h.start_time));
    PortSummary s = summarize_ports(h, o);
    if (s.all_ignored())
        line(out, fmt::format("All {} scanned ports on {} are in ignored states.", s.total, name_ip(h)));
    line(out, s.ignored.empty() ? std::string() : not_shown_line(s));
    if (o.defeat_rst_ratelimit && any_filtered_tcp(h))
        line(out, "Some closed ports may be reported as filtered due to --defeat-rst-ratelimit");
    if (!s.all_ignored()) out += port_table(s.shown, o.reason);
}

void os_lines(std::string& out, const OsReport& os) {
    if (!os.db) return;
    OsBlock block;
    block.db = os.db;
    block.plan = os.plan;
    block.fingerprint = os.fingerprint;
    block.distance = os.distance;
    block.seq = os.seq_text;
    out += os_block_text(block);
    if (os.verdict) out += os_verdict_line(*os.verdict) + '\n';
}

}  // namespace

std::string port_table(const std::vector<const PortEntry*>& ports, bool with_reason) {
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"PORT", "STATE", "SERVICE"});
    if (with_reason) rows.back().emplace_back("REASON");
    for (const PortEntry* p : ports) {
        rows.push_back({fmt::format("{}/{}", p->port, scan::protocol_name(p->protocol)),
                        std::string(scan::port_state_name(p->state)), p->service.empty() ? "unknown" : p->service});
        if (with_reason) rows.back().push_back(reason_text(p->reason, p->reason_ttl, p->reason_addr));
    }
    std::vector<std::size_t> width(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string out;
    for (const auto& row : rows) {
        std::string text;
        for (std::size_t c = 0; c < row.size(); ++c) {
            text += row[c];
            if (c + 1 < row.size()) text += std::string(width[c] - row[c].size() + 1, ' ');
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        line(out, text);
    }
    return out;
}

std::string normal_header(const ScanReport& r, const OutputOptions&, NormalDestination to) {
    if (to == NormalDestination::file)
        return fmt::format("# {} {} scan initiated {} as: {}\n", kScannerName, r.scanner_version,
                           ctime_text(r.start_time), r.args);
    return fmt::format("Starting {} {} ( {} ) at {}\n", kScannerName, r.scanner_version, kScannerTagline,
                       local_time_text(r.start_time, "%Y-%m-%d %H:%M %Z"));
}

std::string normal_host(const HostReport& h, const OutputOptions& o) {
    std::string out;
    if (!h.up) {
        if (o.verbose == 0) return out;
        std::string down = fmt::format("{} scan report for {} [host down", kScannerName, name_ip(h));
        if (o.reason) down += ", received " + reason_text(h.status_reason, h.status_reason_ttl);
        line(out, down + "]");
        return out;
    }
    line(out, fmt::format("{} scan report for {}", kScannerName, name_ip(h)));
    host_status_lines(out, h, o);
    if (h.timed_out) {  // Nmap: the header, then this line, and nothing after
        line(out, fmt::format("Skipping host {} due to host timeout", name_ip(h)));
        return out;
    }
    for (const auto& w : h.warnings) line(out, w);
    port_lines(out, h, o);
    if (h.mac) line(out, fmt::format("MAC Address: {} ({})", mac_text(*h.mac), mac_vendor_text(h)));
    if (h.os) os_lines(out, *h.os);
    if (o.debugging)
        line(out, fmt::format("Final times for host: srtt: {} rttvar: {}  to: {}", h.srtt_us, h.rttvar_us,
                              h.timeout_us));
    line(out, "");
    return out;
}

std::string normal_footer(const ScanReport& r, const OutputOptions& o, NormalDestination to) {
    std::string out;
    if ((o.verbose || o.debugging) && !r.data_dir.empty()) line(out, "Read data files from: " + r.data_dir);
    int up = hosts_up(r);
    if (to == NormalDestination::terminal && hosts_total(r) == 1 && up == 0)
        line(out, "Note: Host seems down. If it is really up, but blocking our ping probes, try -Pn");
    else if (up > 0 && r.os_detection)
        line(out, fmt::format("OS detection performed. Please report any incorrect results at {} .", o.submit_url));
    if (r.interrupted)
        line(out, fmt::format("WARNING: Scan interrupted{}; the results above are incomplete.",
                              r.error_message.empty() ? "" : " (" + r.error_message + ")"));
    if (to == NormalDestination::file) {
        line(out, fmt::format("# {} done at {} -- {} scanned in {:.2f} seconds", kScannerName, ctime_text(r.end_time),
                              hosts_summary(r), r.elapsed_seconds));
        return out;
    }
    line(out, fmt::format("{} done: {} scanned in {:.2f} seconds", kScannerName, hosts_summary(r), r.elapsed_seconds));
    if (o.verbose && r.packets)
        line(out, fmt::format("           Raw packets sent: {} ({}) | Rcvd: {} ({})", r.packets->sent,
                              format_bytes(r.packets->sent_bytes), r.packets->received,
                              format_bytes(r.packets->received_bytes)));
    return out;
}

std::string normal_output(const ScanReport& r, const OutputOptions& o, NormalDestination to) {
    std::string out = normal_header(r, o, to);
    for (const HostReport& h : r.hosts) out += normal_host(h, o);
    return out + normal_footer(r, o, to);
}

}  // namespace whorl::report
