// `whorl [options] TARGETS`: parse, run the session, write every requested output.
#include "cli/scan_command.hpp"

#include <fmt/format.h>

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <memory>

#include "cli/fleet_worker.hpp"
#include "cli/progress.hpp"
#include "cli/scan_options.hpp"
#include "cli/scan_outputs.hpp"
#include "io/capabilities.hpp"
#include "cli/scan_session.hpp"
#include "cli/version.hpp"
#include "engine/signal_watch.hpp"

namespace whorl::cli {

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
    if (c.fleet.given()) return run_fleet_worker(c, io);
    // From the first byte written until the files are closed, Ctrl-C is a request to stop
    // (read by the event loops), never a kill that leaves a half-written XML document.
    engine::SignalWatch signals;
    // With "-oX -" (or -oN/-oG/-oJ -) standard output carries that report alone.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> discard(nullptr, std::fclose);
    std::FILE* terminal = io.out;
    if (takes_standard_output(c)) {
        discard.reset(std::fopen("/dev/null", "w"));
        if (!discard) return fail(Errc::io, "cannot open /dev/null");
        terminal = discard.get();
    }
    auto outputs = ScanOutputs::open(c, terminal, io.out);
    if (!outputs) return unexpected(outputs.error());
    LogLevel level = c.debugging ? LogLevel::debug : c.verbose ? LogLevel::verbose : LogLevel::warning;
    Logger log(level, io.err, terminal);
    // The report files are open: from here on the scan needs raw sockets and captures only.
    // Every other capability goes (and with -u, root too), before any thread starts, as
    // capabilities are per thread.
    if (::geteuid() == 0 || c.privileged || !c.user.empty()) {
        auto kept = io::keep_only_network_capabilities(c.user);
        if (!kept) return unexpected(kept.error());
        log.debug("Privileges: uid {}, gid {}, capabilities {}", kept->uid, kept->gid, io::effective_capabilities_text());
    }
    bool interactive = ::isatty(::fileno(io.err)) == 1 && !c.packet_trace;
    ProgressPrinter progress(terminal, io.err, c.stats_every, interactive);
    // What has been reported so far, to close the files if the session fails half-way.
    report::ScanReport so_far;
    SessionCallbacks cb;
    cb.on_start = [&](const report::ScanReport& r) {
        so_far = r;
        outputs->start(r);
    };
    cb.progress = [&progress](const SessionCallbacks::Progress& p) {
        progress.update(p.phase, p.fraction, p.completed, p.up, p.undergoing);
    };
    cb.idle = [&progress] { progress.clear(); };
    cb.on_host = [&](const report::ScanReport&, const report::HostReport& h) {
        progress.clear();
        if (keeps_in_report(c, h)) so_far.hosts.push_back(h);
        else ++so_far.down_hosts_not_kept;
        outputs->host(h);
    };
    cb.trace = [terminal](const std::string& line) { fmt::print(terminal, "{}\n", line); };
    auto report = run_scan_session(c, log, cb);
    if (!report) {
        so_far.interrupted = true;
        so_far.error_message = report.error().describe();
        so_far.end_time = static_cast<std::int64_t>(std::time(nullptr));
        (void)outputs->finish(so_far);  // the session's error is the one to report
        return unexpected(report.error());
    }
    // A signal that came after the last event loop ended still marks the run interrupted.
    if (signals.raised()) report->interrupted = true;
    if (auto written = outputs->finish(*report); !written) return unexpected(written.error());
    return report->interrupted ? exit_status(Errc::interrupted) : 0;
}

}  // namespace whorl::cli
