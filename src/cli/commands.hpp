// The command words of whorl: `whorl match ...`, `whorl passive ...`, and the default
// nmap-style scan (`whorl -Pn -O HOST`). Each command parses its own options and returns
// an exit status, or an Error that main() reports.
#pragma once

#include <cstdio>
#include <span>
#include <string>

#include "base/error.hpp"

namespace whorl::cli {

struct Streams {
    std::FILE* out = stdout;
    std::FILE* err = stderr;
};

using CommandFn = Result<int> (*)(std::span<const std::string> args, const Streams& io);

struct Command {
    std::string_view word;
    std::string_view summary;
    CommandFn run;
};

// Dispatches on the first argument (a command word) or runs the default scan command.
Result<int> run(std::span<const std::string> argv_without_program, const Streams& io);

}  // namespace whorl::cli
