// `whorl [options] TARGETS`: parse, run the session, write every requested output.
#include "cli/scan_command.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include "cli/progress.hpp"
#include "cli/scan_options.hpp"
#include "cli/scan_session.hpp"
#include "cli/version.hpp"
#include "report/os_block.hpp"

namespace whorl::cli {
namespace {

// Provisional host printing until the report writers land: ports that are not closed,
// then Nmap's OS block.
void print_host(std::FILE* out, const report::HostReport& h) {
    fmt::print(out, "whorl scan report for {}\n", h.address.to_string());
    if (!h.up) {
        fmt::print(out, "Host seems down.\n\n");
        return;
    }
    for (const auto& p : h.ports)
        if (p.state != scan::PortState::closed)
            fmt::print(out, "{}/tcp {} {}\n", p.port, scan::port_state_name(p.state), p.service);
    if (h.os) {
        report::OsBlock b{h.os->db, h.os->plan, h.os->fingerprint, h.os->distance, h.os->seq_text};
        fmt::print(out, "{}", report::os_block_text(b));
    }
    fmt::print(out, "\n");
}

}  // namespace

Result<int> run_scan(std::span<const std::string> args, const Streams& io) {
    auto cl = parse_scan_command_line(args);
    if (!cl) return unexpected(cl.error());
    if (cl->help || args.empty()) {
        fmt::print(io.out, "{}", scan_help_text());
        return 0;
    }
    if (cl->version) {
        fmt::print(io.out, "{}", version_text());
        return 0;
    }
    const ScanConfig& c = cl->config;
    LogLevel level = c.debugging ? LogLevel::debug : c.verbose ? LogLevel::verbose : LogLevel::warning;
    Logger log(level, io.err);
    bool interactive = ::isatty(::fileno(io.err)) == 1 && !c.packet_trace;
    ProgressPrinter progress(io.out, io.err, c.stats_every, interactive);
    SessionCallbacks cb;
    cb.progress = [&progress](const SessionCallbacks::Progress& p) {
        progress.update(p.phase, p.fraction, p.completed, p.up, p.undergoing);
    };
    cb.idle = [&progress] { progress.clear(); };
    cb.on_host = [&io, &progress](const report::ScanReport&, const report::HostReport& h) {
        progress.clear();
        print_host(io.out, h);
    };
    cb.trace = [&io](const std::string& line) { fmt::print(io.out, "{}\n", line); };
    auto report = run_scan_session(c, log, cb);
    if (!report) return unexpected(report.error());
    int up = 0;
    for (const auto& h : report->hosts) up += h.up;
    fmt::print(io.out, "whorl done: {} IP address{} ({} host{} up) scanned in {:.2f} seconds\n", report->hosts.size(),
               report->hosts.size() == 1 ? "" : "es", up, up == 1 ? "" : "s", report->elapsed_seconds);
    return report->interrupted ? exit_status(Errc::interrupted) : 0;
}

}  // namespace whorl::cli
