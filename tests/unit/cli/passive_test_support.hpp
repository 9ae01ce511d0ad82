// Helpers for the cli tests: run a command in-process with its output captured (`whorl
// passive` in UTC, since p0f prints packet times in the local time zone), and run p0f
// 3.09b itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "cli/commands.hpp"

namespace whorl::cli::test {

struct CommandRun {
    Result<int> status = 0;
    std::string out, err;
};
using PassiveRun = CommandRun;

// `run(ARGS...)` with standard output and error captured.
CommandRun run_captured(CommandFn run, const std::vector<std::string>& args);

// `whorl passive ARGS...` with TZ=UTC.
PassiveRun run_passive_utc(const std::vector<std::string>& args);

// A fresh path in a private temporary directory (removed at exit).
std::string temp_path(const std::string& name);

std::string read_text(const std::string& path);
void write_text(const std::string& path, const std::string& text);

// Whether /usr/sbin/p0f (3.09b) is installed.
bool have_p0f();

// p0f -r PCAP -o LOG ARGS... with TZ=UTC; the log's text, or nullopt if p0f failed.
std::optional<std::string> run_p0f(const std::string& pcap, const std::vector<std::string>& args = {});

std::vector<std::string> lines(const std::string& text);

}  // namespace whorl::cli::test
