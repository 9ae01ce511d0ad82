// whorl-lab: creates a throwaway lab (a scanner namespace and N target hosts on
// 198.51.100.0/24 and 2001:db8::/64, see src/lab/lab.hpp), runs one command inside the
// scanner namespace, and removes the lab, even when interrupted.
//   whorl-lab --persona ttl128 --open 22,80 -- whorl -Pn -O {host}
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/text.hpp"
#include "cli/options.hpp"
#include "lab/cleanup.hpp"
#include "lab/lab.hpp"

namespace {

using namespace whorl;

struct LabOptions {
    lab::HostSpec host;
    std::vector<std::string> personas;
    long hosts = 1;
    bool list = false, sweep = false, help = false;
};

Result<std::vector<std::uint16_t>> port_list(std::string_view option, std::string_view text) {
    std::vector<std::uint16_t> ports;
    for (auto item : split(text, ',')) {
        auto p = cli::option_int(option, trim(item), 1, 65535);
        if (!p) return unexpected(p.error());
        ports.push_back(static_cast<std::uint16_t>(*p));
    }
    return ports;
}

std::vector<cli::OptionSpec> option_table(LabOptions& o) {
    return {
        {{"persona"}, true, false, "<name>", "target persona (repeat for several hosts)", "",
         [&o](auto v) { o.personas.emplace_back(v); return Result<void>{}; }},
        {{"hosts"}, true, false, "<n>", "number of target hosts (1-250)", "",
         [&o](auto v) -> Result<void> { auto n = cli::option_int("--hosts", v, 1, 250); if (!n) return unexpected(n.error()); o.hosts = *n; return {}; }},
        {{"open"}, true, false, "<ports>", "TCP ports with a listener on every host", "",
         [&o](auto v) -> Result<void> { auto p = port_list("--open", v); if (!p) return unexpected(p.error()); o.host.open_tcp = *p; return {}; }},
        {{"filtered"}, true, false, "<ports>", "TCP ports whose packets are dropped", "",
         [&o](auto v) -> Result<void> { auto p = port_list("--filtered", v); if (!p) return unexpected(p.error()); o.host.filtered_tcp = *p; return {}; }},
        {{"filter-all"}, false, false, "", "drop every incoming TCP segment", "",
         [&o](auto) { o.host.filter_all_tcp = true; return Result<void>{}; }},
        {{"loss"}, true, false, "<percent>", "drop this share of packets each way", "",
         [&o](auto v) -> Result<void> { auto n = cli::option_int("--loss", v, 0, 100); if (!n) return unexpected(n.error()); o.host.loss_percent = static_cast<double>(*n); return {}; }},
        {{"list-personas"}, false, false, "", "print the personas and exit", "",
         [&o](auto) { o.list = true; return Result<void>{}; }},
        {{"sweep"}, false, false, "", "remove labs left behind by dead processes and exit", "",
         [&o](auto) { o.sweep = true; return Result<void>{}; }},
        {{"h", "help"}, false, false, "", "this help", "", [&o](auto) { o.help = true; return Result<void>{}; }},
    };
}

std::string expand(const std::string& arg, const lab::Lab& l) {
    std::string out = arg;
    auto replace = [&out](const std::string& key, const std::string& value) {
        for (auto pos = out.find(key); pos != std::string::npos; pos = out.find(key, pos + value.size()))
            out.replace(pos, key.size(), value);
    };
    replace("{host6}", lab::Lab::host_v6(0).to_string());
    replace("{host}", lab::Lab::host_v4(0).to_string());
    std::string last = lab::Lab::host_v4(l.host_count() - 1).to_string();
    replace("{range}", fmt::format("{}-{}", lab::Lab::host_v4(0).to_string(), last.substr(last.rfind('.') + 1)));
    return out;
}

Result<int> run(const std::vector<std::string>& args) {
    LabOptions o;
    auto table = option_table(o);
    auto command = cli::parse_options(table, args);
    if (!command) return unexpected(command.error());
    if (o.help) {
        fmt::print("{}", cli::format_help("whorl-lab [options] -- COMMAND [ARGS...]   ({host}, {host6}, {range} are replaced)", table));
        return 0;
    }
    if (o.list) {
        for (const auto& p : lab::builtin_personas()) fmt::print("{:<14} {}\n", p.name, p.description);
        return 0;
    }
    if (o.sweep) {
        fmt::print("removed {} stale lab namespaces\n", lab::sweep_stale_namespaces());
        return 0;
    }
    if (command->empty()) return fail(Errc::usage, "no command given (whorl-lab [options] -- COMMAND)");
    lab::LabSpec spec;
    spec.hosts.clear();
    for (long i = 0; i < o.hosts; ++i) {
        lab::HostSpec h = o.host;
        if (!o.personas.empty()) {
            const auto& name = o.personas[static_cast<std::size_t>(i) % o.personas.size()];
            auto p = lab::find_persona(name);
            if (!p) return fail(Errc::usage, fmt::format("unknown persona '{}' (see --list-personas)", name));
            h.persona = *p;
        }
        spec.hosts.push_back(h);
    }
    auto l = lab::Lab::create(spec);
    if (!l) return unexpected(l.error());
    fmt::print(stderr, "whorl-lab: {} host(s) from {} ({}), scanner namespace {}\n", o.hosts,
               lab::Lab::host_v4(0).to_string(), spec.hosts[0].persona.name, (*l)->scanner_namespace());
    std::vector<std::string> argv{"ip", "netns", "exec", (*l)->scanner_namespace()};
    for (const auto& a : *command) argv.push_back(expand(a, **l));
    return lab::run_foreground(argv);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    auto status = run(args);
    if (!status) {
        fmt::print(stderr, "whorl-lab: {}\n", status.error().describe());
        return whorl::exit_status(status.error().code);
    }
    return *status;
}
