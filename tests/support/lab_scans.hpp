// What the integration tests set up again and again: a lab of one host, and whorl's scan
// session run in-process in the lab's scanner namespace. Failures are recorded (gtest's
// ADD_FAILURE) and answered with an empty value, so a test ends with one ASSERT_TRUE.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "base/log.hpp"
#include "cli/scan_options.hpp"
#include "cli/scan_session.hpp"
#include "lab/lab.hpp"
#include "report/scan_report.hpp"

namespace whorl::test {

// One lab host of `persona` with `open_tcp` listening (198.51.100.2).
inline std::unique_ptr<lab::Lab> one_host_lab(std::vector<std::uint16_t> open_tcp = {22},
                                              std::string_view persona = "linux") {
    lab::HostSpec h;
    auto p = lab::find_persona(persona);
    if (!p) {
        ADD_FAILURE() << "no persona " << persona;
        return nullptr;
    }
    h.persona = *p;
    h.open_tcp = std::move(open_tcp);
    auto l = lab::Lab::create({{h}});
    if (!l) {
        ADD_FAILURE() << l.error().describe();
        return nullptr;
    }
    return std::move(*l);
}

// whorl's scan of `args` (as on the command line), quiet, from the lab's scanner namespace.
inline std::optional<report::ScanReport> scan_in_lab(const lab::Lab& l, const std::vector<std::string>& args) {
    auto guard = l.enter_scanner();
    if (!guard) {
        ADD_FAILURE() << guard.error().describe();
        return std::nullopt;
    }
    auto cl = cli::parse_scan_command_line(args);
    if (!cl) {
        ADD_FAILURE() << cl.error().describe();
        return std::nullopt;
    }
    Logger quiet(LogLevel::quiet);
    auto report = cli::run_scan_session(cl->config, quiet, {});
    if (!report) {
        ADD_FAILURE() << report.error().describe();
        return std::nullopt;
    }
    return std::move(*report);
}

// A shell command line run in the scanner namespace with `hosts_file` bind-mounted over
// /etc/hosts, in a mount namespace of its own: names that resolve there and nowhere else.
inline Result<lab::CommandResult> run_in_scanner_with_hosts(const lab::Lab& l, const std::string& hosts_file,
                                                            const std::string& command) {
    return l.run_in_scanner({"unshare", "-m", "sh", "-c", "mount --bind " + hosts_file + " /etc/hosts && exec " + command});
}

}  // namespace whorl::test
