// Grepable output (output.cc write_host_status, printportoutput, printosscanoutput).
#include "report/grepable_output.hpp"

#include <fmt/format.h>

#include "report/port_summary.hpp"
#include "report/report_format.hpp"
#include "scan/port_spec.hpp"

namespace whorl::report {
namespace {

std::string host_prefix(const HostReport& h) { return fmt::format("Host: {} ({})", address_text(h), h.rdns); }

// "80/open/tcp//http///": port, state, protocol, owner, service, RPC info, version.
std::string port_field(const PortEntry& p) {
    return fmt::format("{}/{}/{}//{}///", p.port, scan::port_state_name(p.state), scan::protocol_name(p.protocol),
                       p.service_listed ? p.service : std::string());
}

std::string os_fields(const OsReport& os) {
    std::string out;
    if (os.db && os.plan.verdict == fp::match::OsVerdict::details && !os.plan.details.empty()) {
        out += "\tOS: ";
        for (std::size_t i = 0; i < os.plan.details.size(); ++i) {
            if (i) out += '|';
            out += os.db->prints()[os.plan.details[i].print].name;
        }
    }
    if (os.tcp_sequence_index) out += fmt::format("\tSeq Index: {}", *os.tcp_sequence_index);
    if (!os.ip_id_class.empty()) out += "\tIP ID Seq: " + os.ip_id_class;
    return out;
}

std::string ports_scanned_line(const ScanReport& r) {
    std::string out = "# Ports scanned:";
    for (auto [proto, label] : {std::pair{scan::Protocol::tcp, "TCP"}, std::pair{scan::Protocol::udp, "UDP"},
                                std::pair{scan::Protocol::sctp, "SCTP"}}) {
        std::vector<std::uint16_t> ports;
        for (const ScanInfo& si : r.scaninfo)
            if (si.protocol == proto) ports.insert(ports.end(), si.ports.begin(), si.ports.end());
        out += fmt::format(" {}({};{})", label, ports.size(), scan::compress_ports(ports));
    }
    return out + " PROTOCOLS(0;)\n";
}

}  // namespace

std::string grepable_header(const ScanReport& r, const OutputOptions& o) {
    std::string out = fmt::format("# {} {} scan initiated {} as: {}\n", kScannerName, r.scanner_version,
                                  ctime_text(r.start_time), r.args);
    if (o.verbose) out += ports_scanned_line(r);
    return out;
}

std::string grepable_host(const HostReport& h, const OutputOptions& o) {
    if (!h.up) return o.verbose ? host_prefix(h) + "\tStatus: Down\n" : std::string();
    if (h.timed_out) return host_prefix(h) + "\tStatus: Up\n" + host_prefix(h) + "\tStatus: Timeout\n";
    std::string out = host_prefix(h) + "\tStatus: Up\n";
    if (h.ports.empty() && !h.os) return out;
    out += host_prefix(h);
    if (!h.ports.empty()) {
        PortSummary s = summarize_ports(h, o);
        out += "\tPorts: ";
        for (std::size_t i = 0; i < s.shown.size(); ++i) {
            if (i) out += ", ";
            out += port_field(*s.shown[i]);
        }
        if (s.ignored.size() == 1)
            out += fmt::format("\tIgnored State: {} ({})", scan::port_state_name(s.ignored[0].state),
                               s.ignored[0].count);
    }
    if (h.os) out += os_fields(*h.os);
    return out + "\n";
}

std::string grepable_footer(const ScanReport& r, const OutputOptions&) {
    std::string out;
    if (r.interrupted)
        out += fmt::format("# Scan interrupted{}; the results above are incomplete.\n",
                           r.error_message.empty() ? "" : " (" + r.error_message + ")");
    out += fmt::format("# {} done at {} -- {} scanned in {:.2f} seconds\n", kScannerName, ctime_text(r.end_time),
                       hosts_summary(r), r.elapsed_seconds);
    return out;
}

std::string grepable_output(const ScanReport& r, const OutputOptions& o) {
    std::string out = grepable_header(r, o);
    for (const HostReport& h : r.hosts) out += grepable_host(h, o);
    return out + grepable_footer(r, o);
}

}  // namespace whorl::report
