// Option parsing and help formatting for every whorl command.
#include "cli/options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace whorl::cli {
namespace {

const OptionSpec* find_exact(std::span<const OptionSpec> specs, std::string_view name) {
    for (const auto& s : specs)
        for (auto n : s.names)
            if (n == name) return &s;
    return nullptr;
}

// A unique prefix of a long name (getopt_long_only's rule, which Nmap uses: --osscan-g).
// `ambiguous` is set when several options share the prefix.
const OptionSpec* find_prefix(std::span<const OptionSpec> specs, std::string_view name, bool& ambiguous) {
    const OptionSpec* found = nullptr;
    ambiguous = false;
    if (name.size() < 2) return nullptr;
    for (const auto& s : specs)
        for (auto n : s.names)
            if (n.size() > 2 && n.starts_with(name)) {
                if (found && found != &s) ambiguous = true;
                found = &s;
            }
    return ambiguous ? nullptr : found;
}

// -p80, -T4, -PS22: the longest glued name that prefixes the argument.
const OptionSpec* find_glued(std::span<const OptionSpec> specs, std::string_view body,
                             std::string_view& value) {
    const OptionSpec* best = nullptr;
    std::size_t best_len = 0;
    for (const auto& s : specs) {
        if (!s.glued) continue;
        for (auto n : s.names)
            if (n.size() > best_len && body.size() > n.size() && body.starts_with(n)) {
                best = &s;
                best_len = n.size();
            }
    }
    if (best) value = body.substr(best_len);
    return best;
}

}  // namespace

Result<std::vector<std::string>> parse_options(std::span<const OptionSpec> specs,
                                               std::span<const std::string> args) {
    std::vector<std::string> positional;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            positional.insert(positional.end(), args.begin() + static_cast<long>(i) + 1, args.end());
            break;
        }
        if (arg.size() < 2 || arg[0] != '-') {
            positional.push_back(arg);
            continue;
        }
        std::string_view body = arg;
        body.remove_prefix(body.starts_with("--") ? 2 : 1);
        std::string_view name = body;
        std::string_view value;
        bool has_value = false;
        if (auto eq = body.find('='); eq != std::string_view::npos) {
            name = body.substr(0, eq);
            value = body.substr(eq + 1);
            has_value = true;
        }
        const OptionSpec* spec = find_exact(specs, name);
        if (!spec) {
            name = body;
            has_value = false;
            spec = find_exact(specs, body);
        }
        if (!spec && !arg.starts_with("--")) {
            spec = find_glued(specs, body, value);
            has_value = spec != nullptr;
            if (spec) name = body.substr(0, body.size() - value.size());
        }
        if (!spec) {
            std::string_view prefix = body, after;
            bool eq_value = false;
            if (auto eq = body.find('='); eq != std::string_view::npos) {
                prefix = body.substr(0, eq);
                after = body.substr(eq + 1);
                eq_value = true;
            }
            bool ambiguous = false;
            spec = find_prefix(specs, prefix, ambiguous);
            if (ambiguous) return fail(Errc::usage, fmt::format("option '{}' is ambiguous", arg));
            if (spec) {
                name = prefix;
                value = after;
                has_value = eq_value;
            }
        }
        if (!spec) return fail(Errc::usage, fmt::format("unrecognized option '{}'", arg));
        if (!spec->takes_value && has_value)
            return fail(Errc::usage, fmt::format("option '{}' takes no value", arg));
        if (spec->takes_value && !has_value) {
            if (i + 1 >= args.size())
                return fail(Errc::usage, fmt::format("option '{}' requires an argument", arg));
            value = args[++i];
        }
        if (spec->apply) {
            auto r = spec->apply(value);
            // An option whorl knows but refuses: one message naming it, a usage error.
            if (!r && r.error().code == Errc::unsupported)
                return fail(Errc::usage, fmt::format("option '{}' is not supported by whorl ({})", arg, r.error().message));
            if (!r) return unexpected(r.error());
        }
    }
    return positional;
}

namespace {

// Text made safe for roff: backslashes and dashes escaped, no line starting with a
// control character.
std::string roff(std::string_view text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string option_spellings(const OptionSpec& s) {
    std::string left;
    for (auto n : s.names) {
        if (!left.empty()) left += ", ";
        left += (n.size() <= 2 || s.glued) ? fmt::format("-{}", n) : fmt::format("--{}", n);
    }
    return left;
}

}  // namespace

std::string format_man(const ManPage& page, std::span<const OptionSpec> specs) {
    std::string upper;
    for (char c : page.name) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    std::string out = fmt::format(".TH {} 1 \"\" \"whorl {}\" \"User Commands\"\n", upper, WHORL_VERSION);
    out += fmt::format(".SH NAME\n{} \\- {}\n.SH SYNOPSIS\n", roff(page.name), roff(page.summary));
    for (std::string_view rest = page.usage; !rest.empty();) {
        auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        out += fmt::format(".B {}\n.br\n", roff(line));
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    }
    out += ".SH DESCRIPTION\n";
    for (std::string_view rest = page.description; !rest.empty();) {
        auto gap = rest.find("\n\n");
        out += fmt::format(".PP\n{}\n", roff(rest.substr(0, gap)));
        rest = gap == std::string_view::npos ? std::string_view{} : rest.substr(gap + 2);
    }
    out += ".SH OPTIONS\n";
    std::vector<std::string_view> groups;
    for (const auto& s : specs)
        if (std::find(groups.begin(), groups.end(), s.group) == groups.end()) groups.push_back(s.group);
    for (auto g : groups) {
        if (!g.empty()) out += fmt::format(".SS {}\n", roff(g));
        for (const auto& s : specs) {
            if (s.group != g || s.help.empty()) continue;
            out += fmt::format(".TP\n.B {}", roff(option_spellings(s)));
            if (!s.metavar.empty()) out += fmt::format(" \\fI{}\\fR", roff(s.metavar));
            out += fmt::format("\n{}\n", roff(s.help));
        }
    }
    out += fmt::format(".SH SEE ALSO\n{}\n", roff(page.see_also));
    return out;
}

std::string format_help(std::string_view usage, std::span<const OptionSpec> specs) {
    std::string out = fmt::format("Usage: {}\n", usage);
    std::vector<std::string_view> groups;
    for (const auto& s : specs)
        if (std::find(groups.begin(), groups.end(), s.group) == groups.end()) groups.push_back(s.group);
    for (auto g : groups) {
        if (!g.empty()) out += fmt::format("{}:\n", g);
        for (const auto& s : specs) {
            if (s.group != g || s.help.empty()) continue;  // an alias spelling (-vv, -dd)
            std::string left = option_spellings(s);
            if (!s.metavar.empty()) left += fmt::format(" {}", s.metavar);
            out += fmt::format("  {:<28} {}\n", left, s.help);
        }
    }
    return out;
}

Result<long> option_int(std::string_view option, std::string_view value, long min, long max) {
    long v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || p != value.data() + value.size() || v < min || v > max)
        return fail(Errc::usage, fmt::format("bogus {} argument '{}': must be an integer between {} and {}",
                                             option, value, min, max));
    return v;
}

Result<double> option_seconds(std::string_view option, std::string_view value) {
    double v = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    std::string_view unit(p, value.data() + value.size() - p);
    double scale = unit.empty() || unit == "s" ? 1.0 : unit == "ms" ? 1e-3 : unit == "m" ? 60.0 : unit == "h" ? 3600.0 : -1.0;
    if (ec != std::errc() || p == value.data() || scale < 0 || v < 0 || !std::isfinite(v))
        return fail(Errc::usage, fmt::format("bogus {} argument '{}': expected a time such as 500ms, 2s, 1m", option, value));
    return v * scale;
}

}  // namespace whorl::cli
