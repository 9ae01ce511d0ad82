// The passive command: p0f's options where they make sense (-r, -i, -p, -L, -f, -o, -u, -t,
// -m, a trailing BPF filter) plus --json, --quiet, --no-summary and --p0f-exact.
#include "cli/passive_command.hpp"

#include <fmt/format.h>

#include <tuple>

#include "cli/options.hpp"
#include "cli/passive_session.hpp"
#include "io/capture_interfaces.hpp"

namespace whorl::cli {
namespace {

constexpr std::string_view kPassiveUsage =
    "whorl passive (-r FILE | -i IFACE) [options] ['BPF filter']\n"
    "       whorl passive -L";

struct PassiveCli {
    PassiveOptions opt;
    bool help = false;
    bool list = false;
};

auto setter(std::string& field) {
    return [&field](std::string_view v) {
        field = v;
        return Result<void>{};
    };
}

auto flag(bool& field, bool value = true) {
    return [&field, value](std::string_view) {
        field = value;
        return Result<void>{};
    };
}

// "A,B": two positive integers within limits (p0f's -t and -m).
Result<std::pair<std::uint32_t, std::uint32_t>> pair_option(std::string_view option, std::string_view v,
                                                            long max_a, long max_b) {
    const auto comma = v.find(',');
    if (comma == std::string_view::npos)
        return fail(Errc::usage,
                    fmt::format("bogus {} argument '{}': expected two numbers, as in 30,120", option, v));
    auto a = option_int(option, v.substr(0, comma), 1, max_a);
    if (!a) return unexpected(a.error());
    auto b = option_int(option, v.substr(comma + 1), 1, max_b);
    if (!b) return unexpected(b.error());
    return std::pair{static_cast<std::uint32_t>(*a), static_cast<std::uint32_t>(*b)};
}

Result<void> not_supported(std::string_view what) {
    return fail(Errc::unsupported, fmt::format("{} is not supported by whorl passive", what));
}

std::vector<OptionSpec> passive_options(PassiveCli& c) {
    auto& o = c.opt;
    auto& cfg = o.config;
    return {
        {{"r"}, true, false, "<file>", "read packets from a pcap or pcapng file", "Input", setter(o.read_file)},
        {{"i"}, true, false, "<iface>", "capture live on an interface", "Input", setter(o.interface)},
        {{"p"}, false, false, "", "put the interface in promiscuous mode", "Input", flag(o.promiscuous)},
        {{"L"}, false, false, "", "list the interfaces that can be captured on", "Input", flag(c.list)},
        {{"f"}, true, false, "<file>", "p0f signature database (default /etc/p0f/p0f.fp)", "Fingerprinting",
         setter(o.fp_file)},
        {{"p0f-exact"}, false, false, "",
         "reproduce p0f 3.09b's bugs (ack+, VLAN, IPv6 extension headers, split responses, host eviction, Date)",
         "Fingerprinting", flag(cfg.p0f_exact)},
        {{"ettercap"}, true, false, "<file>", "Ettercap etter.finger.os (default: the installed one)",
         "Fingerprinting", setter(o.evidence.ettercap_path)},
        {{"nmap-os-db"}, true, false, "<file>",
         "Nmap's nmap-os-db, for SYN+ACK signatures derived from its prints (default: the installed one)",
         "Fingerprinting", setter(o.evidence.nmap_os_db_path)},
        {{"o"}, true, false, "<file|->", "append observations to a log file in p0f's format", "Output",
         setter(o.log_file)},
        {{"json"}, true, false, "<file|->", "append JSON lines (observations, hosts, summary)", "Output",
         setter(o.json_file)},
        {{"q", "quiet"}, false, false, "", "no console observations, banner or counters (the host table stays)",
         "Output", flag(o.quiet)},
        {{"no-summary"}, false, false, "", "no host table at the end", "Output", flag(o.summary, false)},
        {{"u"}, true, false, "<user>", "switch to this user once capturing, and chroot into its home (or an empty directory)",
         "Live capture", setter(o.user)},
        {{"no-chroot"}, false, false, "", "with -u: do not chroot", "Live capture", flag(o.chroot, false)},
        {{"t"}, true, false, "<c,h>", "connection and host age limits, seconds and minutes (30,120)", "Limits",
         [&cfg](std::string_view v) -> Result<void> {
             auto p = pair_option("-t", v, 86400 * 7, 60 * 24 * 365);
             if (!p) return unexpected(p.error());
             std::tie(cfg.conn_max_age_s, cfg.host_idle_limit_min) = *p;
             return {};
         }},
        {{"m"}, true, false, "<c,h>", "connection and host caps (1000,10000; at most 100000,500000)", "Limits",
         [&cfg](std::string_view v) -> Result<void> {
             auto p = pair_option("-m", v, fp::passive::PassiveConfig::kMaxConnLimit,
                                  fp::passive::PassiveConfig::kMaxHostsLimit);
             if (!p) return unexpected(p.error());
             std::tie(cfg.max_conn, cfg.max_hosts) = *p;
             return {};
         }},
        {{"s"}, true, false, "<path>", "p0f's query socket: not supported", "Not supported",
         [](std::string_view) { return not_supported("the API socket (-s)"); }},
        {{"S"}, true, false, "<n>", "p0f's API client limit: not supported", "Not supported",
         [](std::string_view) { return not_supported("the API socket (-S)"); }},
        {{"d"}, false, false, "", "p0f's daemon mode: not supported (use a service manager)", "Not supported",
         [](std::string_view) { return not_supported("daemon mode (-d)"); }},
        {{"h", "help"}, false, false, "", "this help", "", flag(c.help)},
    };
}

Result<void> check(const PassiveCli& c) {
    const auto& o = c.opt;
    if (!o.read_file.empty() && !o.interface.empty())
        return fail(Errc::usage, "-r and -i are mutually exclusive");
    if (o.read_file.empty() && o.interface.empty())
        return fail(Errc::usage, fmt::format("no input: give -r FILE or -i IFACE\nusage: {}", kPassiveUsage));
    if (o.promiscuous && !o.read_file.empty()) return fail(Errc::usage, "-p applies to live capture (-i) only");
    if (!o.chroot && o.user.empty()) return fail(Errc::usage, "--no-chroot applies with -u only");
    return {};
}

Result<int> list_interfaces(const Streams& io) {
    auto list = io::list_capture_interfaces();
    if (!list) return unexpected(list.error());
    if (list->empty())
        return fail(Errc::not_found, "no interfaces to capture on (root or CAP_NET_RAW may be needed)");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& itf = (*list)[i];
        fmt::print(io.out, "{:3}: {}{}{}\n", i, itf.name, itf.up ? "" : " (down)",
                   itf.loopback ? " (loopback)" : "");
        if (!itf.description.empty()) fmt::print(io.out, "     {}\n", itf.description);
        for (const auto& a : itf.addresses) fmt::print(io.out, "     {}\n", a);
    }
    return 0;
}

}  // namespace

std::string passive_man_page() {
    PassiveCli c;
    const auto specs = passive_options(c);
    ManPage page{"whorl-passive", "passive OS fingerprinting from a capture file or a live interface, as p0f",
                 kPassiveUsage,
                 "whorl passive reads packets from a pcap or pcapng file (-r) or captures them live (-i) and "
                 "prints what p0f 3 prints for them: the same observation blocks on the console and the same "
                 "log lines (-o), matched against the installed p0f.fp. It then fuses every channel it sees "
                 "per host (TCP SYN and SYN+ACK, TLS hellos, HTTP, DHCP, ICMP, MTU, uptime) into one verdict "
                 "with a probability, shown in the host table at the end and in the JSON lines (--json).\n\n"
                 "A file named - is standard output, which then carries that format alone.",
                 "whorl(1), whorl-match(1), p0f(1)"};
    return format_man(page, specs);
}

Result<int> run_passive(std::span<const std::string> args, const Streams& io) {
    PassiveCli c;
    const auto specs = passive_options(c);
    auto positional = parse_options(specs, args);
    if (!positional) return unexpected(positional.error());
    if (c.help) {
        fmt::print(io.out, "{}", format_help(kPassiveUsage, specs));
        return 0;
    }
    if (c.list) return list_interfaces(io);
    for (const auto& word : *positional) c.opt.filter += (c.opt.filter.empty() ? "" : " ") + word;
    if (auto r = check(c); !r) return unexpected(r.error());
    return run_passive_session(c.opt, io);
}

}  // namespace whorl::cli
