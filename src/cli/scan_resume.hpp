// --resume FILE, as Nmap's: the normal (-oN) or grepable (-oG) output of an interrupted run
// gives that run's arguments (its first "# whorl ... as: whorl ARGS" line) and the hosts it
// reported, the last one last; the scan goes on after them and appends to the same files.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/ip_address.hpp"

namespace whorl::cli {

struct ResumeLog {
    std::vector<std::string> args;    // the first run's arguments, without the program name
    std::optional<IpAddress> last;    // the last host reported; none: none was
    std::vector<IpAddress> reported;  // the last `tail` hosts reported, in order
    bool finished = false;            // the last run in the file ended without interruption
};

// Reads an -oN or -oG file, line by line (several runs appended: the first one's arguments,
// every run's hosts). Only whole lines count: a line cut short by a crash is not a host.
Result<ResumeLog> read_resume_log(std::istream& in, std::size_t tail);
// The same from a file; the error names it.
Result<ResumeLog> read_resume_file(const std::string& path, std::size_t tail);

// The most hosts a resumed scan needs from the file's end: its largest batch of targets
// (--max-hostgroup's limit).
inline constexpr std::size_t kResumeTail = 100000;

}  // namespace whorl::cli
