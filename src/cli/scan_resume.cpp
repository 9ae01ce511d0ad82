// Reading an interrupted run's -oN or -oG file for --resume.
#include "cli/scan_resume.hpp"

#include <cerrno>
#include <deque>
#include <filesystem>
#include <fstream>

#include "base/text.hpp"
#include "report/report_format.hpp"

namespace whorl::cli {
namespace {

// "NAME (ADDRESS)" or "ADDRESS", as a report line names a host.
std::optional<IpAddress> named_address(std::string_view s) {
    if (!s.empty() && s.back() == ')') {
        auto open = s.rfind('(');
        if (open == std::string_view::npos) return std::nullopt;
        s = s.substr(open + 1, s.size() - open - 2);
    }
    return IpAddress::parse(s);
}

// The host a line reports: -oN's "whorl scan report for X" (" [host down...]" after it
// with -v), -oG's "Host: X (NAME)\t...".
std::optional<IpAddress> reported_host(std::string_view line) {
    std::string report_for(report::kScannerName);  // built in steps: g++ 12's -Warray-bounds
    report_for += " scan report for ";               // misfires on operator+ here at -O2
    if (line.starts_with(report_for)) {
        line.remove_prefix(report_for.size());
        if (auto down = line.find(" [host down"); down != std::string_view::npos) line = line.substr(0, down);
        return named_address(line);
    }
    if (line.starts_with("Host: ")) {
        line.remove_prefix(6);
        return IpAddress::parse(line.substr(0, line.find(' ')));
    }
    return std::nullopt;
}

}  // namespace

Result<ResumeLog> read_resume_log(std::istream& in, std::size_t tail) {
    const std::string header = "# " + std::string(report::kScannerName) + " ";
    ResumeLog log;
    bool any_header = false, interrupted = false;
    std::deque<IpAddress> reported;  // the last `tail` of them
    // Whole lines only: a last line without its newline was cut short.
    for (std::string text; std::getline(in, text) && !in.eof();) {
        const std::string_view line = text;
        if (!any_header && line.starts_with("<?xml"))
            return fail(Errc::usage, "this is XML output; whorl resumes from normal (-oN) or grepable (-oG) output");
        if (line.starts_with(header) && line.find(" scan initiated ") != std::string_view::npos) {
            auto as = line.find(" as: ");
            if (as == std::string_view::npos) continue;
            // Each run appended to the file starts here; the first one's arguments are the scan's.
            if (!any_header) {
                auto words = split(trim(line.substr(as + 5)), ' ');
                for (std::size_t i = 1; i < words.size(); ++i)  // words[0]: the program
                    if (!words[i].empty()) log.args.emplace_back(words[i]);
            }
            any_header = true;
            interrupted = log.finished = false;
            continue;
        }
        if (line.starts_with("WARNING: Scan interrupted") || line.starts_with("# Scan interrupted")) {
            interrupted = true;
            continue;
        }
        if (line.starts_with(header + "done at ")) {
            log.finished = !interrupted;
            continue;
        }
        auto host = reported_host(line);
        if (!host) continue;
        if (log.last == *host) continue;  // -oG: a host's second line
        log.last = *host;
        reported.push_back(*host);
        if (reported.size() > tail) reported.pop_front();
    }
    if (in.bad()) return fail(Errc::io, "read failed");
    if (!any_header)
        return fail(Errc::usage, "not whorl's normal (-oN) or grepable (-oG) output: no '" + header +
                                     "... scan initiated ... as: whorl ...' line");
    log.reported.assign(reported.begin(), reported.end());
    return log;
}

Result<ResumeLog> read_resume_file(const std::string& path, std::size_t tail) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return fail(Errc::io, "is a directory", path);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int err = errno;
        return fail(err == ENOENT ? Errc::not_found : Errc::io, errno_text(err), path);
    }
    auto log = read_resume_log(in, tail);
    if (!log) return unexpected(wrap(log.error(), path));
    return log;
}

}  // namespace whorl::cli
