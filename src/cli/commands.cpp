// Command dispatch: the table of command words and the default command.
#include "cli/commands.hpp"

#include <array>

#include <fmt/format.h>

#include "cli/match_command.hpp"
#include "cli/passive_command.hpp"
#include "cli/results_command.hpp"
#include "cli/scan_command.hpp"
#include "cli/scan_options.hpp"
#include "cli/submit_command.hpp"
#include "cli/version.hpp"

namespace whorl::cli {
namespace {

Result<int> run_version(std::span<const std::string>, const Streams& io) {
    fmt::print(io.out, "{}", version_text());
    return 0;
}

Result<int> run_help(std::span<const std::string> args, const Streams& io);

// Each command word and the function that runs it. A command lives in its own file
// (cli/<word>_command.cpp) and adds one row here.
constexpr std::array kCommands{
    Command{"version", "print the version and the databases found", run_version},
    Command{"match", "match an Nmap OS fingerprint against nmap-os-db, print Nmap's OS block", run_match},
    Command{"passive", "fingerprint hosts from a capture file or a live interface, as p0f", run_passive},
    Command{"submit", "put targets on a scanner fleet's NATS JetStream queue, in blocks", run_submit},
    Command{"results", "the results a fleet's workers stored, one JSON line per host", run_results},
    Command{"help", "this list, or a command's options: whorl help passive", run_help},
};

std::string command_list() {
    std::string s = "Commands (whorl COMMAND --help for its options):\n";
    s += fmt::format("  {:<9} {}\n", "(none)", "scan as Nmap does: whorl -Pn -O 198.51.100.2");
    for (const auto& c : kCommands) s += fmt::format("  {:<9} {}\n", c.word, c.summary);
    return s;
}

Result<int> run_help(std::span<const std::string> args, const Streams& io) {
    if (args.empty()) {
        fmt::print(io.out, "{}\n{}", scan_help_text(), command_list());
        return 0;
    }
    static const std::string kHelp = "--help";
    for (const auto& c : kCommands)
        if (args[0] == c.word && c.word != "help") return c.run(std::span(&kHelp, 1), io);
    return fail(Errc::usage, fmt::format("no command '{}'\n{}", args[0], command_list()));
}

// A lone word of letters (`whorl pasive`, `whorl foo`) is taken for a mistyped command,
// not looked up in DNS as a host name: naming one host needs an option before it
// (`whorl -Pn foo`) or a dot (`foo.example`).
bool looks_like_a_command(std::span<const std::string> args) {
    if (args.size() != 1 || args[0].empty()) return false;
    for (char c : args[0])
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    return true;
}

}  // namespace

Result<int> run(std::span<const std::string> args, const Streams& io) {
    if (!args.empty()) {
        for (const auto& c : kCommands)
            if (args[0] == c.word) return c.run(args.subspan(1), io);
    }
    if (looks_like_a_command(args))
        return fail(Errc::usage, fmt::format("'{}' is not a whorl command (to scan a host of that name, put an option "
                                             "first: whorl -Pn {})\n{}",
                                             args[0], args[0], command_list()));
    // Anything else is Nmap's command line: `whorl -Pn -O 198.51.100.2`.
    return run_scan(args, io);
}

}  // namespace whorl::cli
