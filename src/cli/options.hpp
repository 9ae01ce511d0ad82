// A declarative option table that drives argument parsing and --help. Accepts nmap's
// spellings: long options with one or two dashes (-max-os-tries, --max-os-tries),
// "--name=value", values in the next argument, and values glued to short options
// (-p80, -T4, -PS22) for options marked `glued`.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl::cli {

struct OptionSpec {
    // Spellings without leading dashes: {"p"}, {"max-os-tries"}, {"V", "version"}.
    std::vector<std::string_view> names;
    bool takes_value = false;
    // The value may follow the name in the same argument (-p80, -T4); only for names of
    // one or two characters.
    bool glued = false;
    std::string_view metavar;  // shown in --help: "<port ranges>"
    std::string_view help;
    std::string_view group;  // --help heading
    std::function<Result<void>(std::string_view value)> apply;
};

// Parses args (argv without the program name and command word). Calls each matched
// spec's apply() in order and returns the positional arguments. "--" ends the options.
Result<std::vector<std::string>> parse_options(std::span<const OptionSpec> specs,
                                               std::span<const std::string> args);

// Help text grouped by OptionSpec::group in table order.
std::string format_help(std::string_view usage, std::span<const OptionSpec> specs);

// A manual page made from the same table as --help, so the two cannot drift apart.
struct ManPage {
    std::string_view name;      // "whorl-passive"
    std::string_view summary;   // the NAME line's text after the dash
    std::string_view usage;     // SYNOPSIS lines, '\n'-separated
    std::string_view description;  // paragraphs separated by blank lines
    std::string_view see_also;  // "nmap(1), p0f(1)"
};
// roff (man(7) macros), section 1.
std::string format_man(const ManPage& page, std::span<const OptionSpec> specs);

// Strict conversions for option values; the error names the option.
Result<long> option_int(std::string_view option, std::string_view value, long min, long max);
Result<double> option_seconds(std::string_view option, std::string_view value);  // 500ms, 2s, 1m, 1h

}  // namespace whorl::cli
