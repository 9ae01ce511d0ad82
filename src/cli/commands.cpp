// Command dispatch: the table of command words and the default command.
#include "cli/commands.hpp"

#include <array>

#include <fmt/format.h>

#include "cli/match_command.hpp"
#include "cli/passive_command.hpp"
#include "cli/scan_command.hpp"
#include "cli/version.hpp"

namespace whorl::cli {
namespace {

Result<int> run_version(std::span<const std::string>, const Streams& io) {
    fmt::print(io.out, "{}", version_text());
    return 0;
}

// Each command word and the function that runs it. A command lives in its own file
// (cli/<word>_command.cpp) and adds one row here.
constexpr std::array kCommands{
    Command{"version", "print the version and the databases found", run_version},
    Command{"match", "match an Nmap OS fingerprint against nmap-os-db, print Nmap's OS block", run_match},
    Command{"passive", "fingerprint hosts from a capture file or a live interface, as p0f", run_passive},
};

}  // namespace

Result<int> run(std::span<const std::string> args, const Streams& io) {
    if (!args.empty()) {
        for (const auto& c : kCommands)
            if (args[0] == c.word) return c.run(args.subspan(1), io);
    }
    // Anything else is Nmap's command line: `whorl -Pn -O 198.51.100.2`.
    return run_scan(args, io);
}

}  // namespace whorl::cli
