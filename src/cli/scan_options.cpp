// Nmap's flags for whorl's scan command.
#include "cli/scan_options.hpp"

#include <algorithm>
#include <cstdlib>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "base/text.hpp"
#include "cli/scan_resume.hpp"
#include "scan/walk/shard.hpp"

namespace whorl::cli {
namespace {

using std::chrono::milliseconds;
using Ok = Result<void>;

// Times are kept in milliseconds and, as Nmap keeps them, fit an int: at most 2^31 - 1 ms
// (24.8 days). A larger value is an error, never a wrap-around into "no limit".
constexpr double kMaxMilliseconds = 2147483647.0;

Result<milliseconds> duration_value(std::string_view option, std::string_view v) {
    auto s = option_seconds(option, v);
    if (!s) return unexpected(s.error());
    double ms = *s * 1000 + 0.5;
    if (!(ms <= kMaxMilliseconds))
        return fail(Errc::usage, fmt::format("{} '{}' is too long: at most 24 days (2147483647ms)", option, v));
    return milliseconds(static_cast<long long>(ms));
}

// Packet rates: finite, and such that one packet's interval fits the same millisecond
// range (a rate of 1e-300 is not "no limit").
constexpr double kMinRate = 1e-6, kMaxRate = 1e9;

Result<int> timing_template(std::string_view v) {
    static constexpr std::string_view kNames[] = {"paranoid", "sneaky", "polite", "normal", "aggressive", "insane"};
    for (int i = 0; i < 6; ++i)
        if (v == kNames[i] || v == std::to_string(i)) return i;
    return fail(Errc::usage, fmt::format("unknown timing mode (-T argument): '{}'. Use 0-5 or paranoid, sneaky, polite, "
                                         "normal, aggressive, insane", v));
}

std::vector<OptionSpec> table(ScanCommandLine& cl) {
    ScanConfig& c = cl.config;
    auto flag = [](bool& b) { return [&b](std::string_view) -> Ok { b = true; return {}; }; };
    auto text = [](std::string& s) { return [&s](std::string_view v) -> Ok { s = std::string(v); return {}; }; };
    auto unsupported = [](std::string_view what) {
        // parse_options names the option as typed in front of this.
        return [what](std::string_view) -> Ok { return fail(Errc::unsupported, fmt::format("{}", what)); };
    };
    auto duration = [](std::optional<milliseconds>& d, std::string_view name) {
        return [&d, name](std::string_view v) -> Ok {
            auto r = duration_value(name, v);
            if (!r) return unexpected(r.error());
            d = *r;
            return {};
        };
    };
    auto rate = [](std::optional<double>& d, std::string_view name) {
        return [&d, name](std::string_view v) -> Ok {
            double x = 0;
            auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
            if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(x) || x <= 0)
                return fail(Errc::usage, fmt::format("argument to {} must be a positive number, not '{}'", name, v));
            if (x < kMinRate || x > kMaxRate)
                return fail(Errc::usage, fmt::format("argument to {} must be between {} and {} packets per second, not '{}'",
                                                     name, kMinRate, kMaxRate, v));
            d = x;
            return {};
        };
    };
    const char* kTarget = "TARGET SPECIFICATION";
    const char* kDiscovery = "HOST DISCOVERY";
    const char* kScan = "SCAN TECHNIQUES";
    const char* kPorts = "PORT SPECIFICATION AND SCAN ORDER";
    const char* kOs = "OS DETECTION";
    const char* kTiming = "TIMING AND PERFORMANCE";
    const char* kOutput = "OUTPUT";
    const char* kMisc = "MISC";
    const char* kRefused = "NMAP OPTIONS WHORL REFUSES";
    std::vector<OptionSpec> specs{
        {{"iL"}, true, true, "<file>", "input from a list of hosts/networks", kTarget, text(c.input_list)},
        {{"exclude"}, true, false, "<host1[,host2]...>", "exclude hosts/networks", kTarget,
         [&c](std::string_view v) -> Ok { c.excludes.emplace_back(v); return {}; }},
        {{"excludefile"}, true, false, "<file>", "exclude the hosts listed in a file", kTarget, text(c.exclude_file)},
        {{"6"}, false, false, "", "IPv6 targets", kTarget, flag(c.ipv6)},
        {{"4"}, false, false, "", "IPv4 targets (the default; after -6, the last one given counts, as in Nmap)", kTarget,
         [&c](std::string_view) -> Ok { c.ipv6 = false; return {}; }},
        {{"randomize-hosts", "rH"}, false, false, "",
         "scan the targets in a pseudo-random order (of the whole list, not Nmap's groups of 16384)", kTarget,
         flag(c.randomize_hosts)},
        {{"seed"}, true, false, "<number>", "the seed of that order: the same list and seed, the same order anywhere",
         kTarget,
         [&c](std::string_view v) -> Ok {
             auto n = parse_uint(v);
             if (!n) return fail(Errc::usage, fmt::format("--seed takes a number from 0 to {}, not '{}'", ~std::uint64_t{0}, v));
             c.seed = *n;
             return {};
         }},
        {{"shard"}, true, false, "<K/N>",
         "scan share K of N (1 <= K <= N) of the seeded order; with --seed, N machines split a list without overlap",
         kTarget,
         [&c](std::string_view v) -> Ok {
             auto s = scan::walk::parse_shard(v);
             if (!s) return unexpected(s.error());
             c.shard = *s;
             return {};
         }},
        {{"Pn", "PN", "P0"}, false, false, "", "treat all hosts as online: skip host discovery", kDiscovery, flag(c.skip_discovery)},
        {{"sn", "sP"}, false, false, "", "ping scan: host discovery only, no port scan", kDiscovery, flag(c.ping_only)},
        {{"disable-arp-ping"}, false, false, "", "no ARP on local Ethernet links", kDiscovery, flag(c.disable_arp)},
        {{"n"}, false, false, "", "never do DNS resolution", kDiscovery, flag(c.no_dns)},
        {{"R"}, false, false, "", "always resolve names (reverse DNS)", kDiscovery, flag(c.always_dns)},
        {{"PS", "PA", "PU", "PY", "PE", "PP", "PM", "PO", "PR"}, true, true, "", "custom discovery probes (not supported)", kDiscovery,
         unsupported("choosing discovery probes")},
        {{"sS"}, false, false, "", "TCP SYN scan (the default)", kScan, [](std::string_view) -> Ok { return {}; }},
        {{"sT", "sA", "sW", "sM", "sU", "sN", "sF", "sX", "sO", "sY", "sZ", "sV", "sC", "sL", "sI"}, false, false, "",
         "other scan types (not supported)", kScan, unsupported("scan types other than -sS")},
        {{"p"}, true, true, "<port ranges>", "only scan these ports (-p22; -p1-65535; -p U:53,T:21-25,80)", kPorts, text(c.ports)},
        {{"F"}, false, false, "", "fast mode: the top 100 ports", kPorts, flag(c.fast)},
        {{"top-ports"}, true, false, "<number>", "scan the <number> most common ports", kPorts,
         [&c](std::string_view v) -> Ok {
             auto n = option_int("--top-ports", v, 1, 65536);
             if (!n) return unexpected(n.error());
             c.top_ports = static_cast<int>(*n);
             return {};
         }},
        {{"r"}, false, false, "", "scan ports in order, not randomized", kPorts, flag(c.sequential_ports)},
        {{"O"}, false, false, "", "enable OS detection", kOs, flag(c.os_detection)},
        {{"osscan-limit"}, false, false, "", "OS detection only for promising targets", kOs, flag(c.osscan_limit)},
        {{"nmap-compat"}, true, false, "<7.93|7.95>", "follow this Nmap release (default: the database's)", kOs,
         [&c](std::string_view v) -> Ok {
             auto b = fp::parse_nmap_behaviour(v);
             if (!b) return fail(Errc::usage, fmt::format("--nmap-compat takes 7.93 or 7.95, not '{}'", v));
             c.nmap_compat = *b;
             return {};
         }},
        {{"osscan-guess", "fuzzy"}, false, false, "", "guess OS more aggressively", kOs, flag(c.osscan_guess)},
        {{"max-os-tries"}, true, false, "<tries>", "OS detection tries per host (1-50, default 5)", kOs,
         [&c](std::string_view v) -> Ok {
             auto n = option_int("--max-os-tries", v, 1, 50);
             if (!n) return fail(Errc::usage, "Bogus --max-os-tries argument specified, must be between 1 and 50 (inclusive)");
             c.max_os_tries = static_cast<int>(*n);
             return {};
         }},
        {{"T"}, true, true, "<0-5>", "timing template (higher is faster)", kTiming,
         [&c](std::string_view v) -> Ok {
             auto t = timing_template(v);
             if (!t) return unexpected(t.error());
             c.timing_level = *t;
             return {};
         }},
        {{"min-rate"}, true, false, "<number>", "send at least <number> packets per second", kTiming, rate(c.min_rate, "--min-rate")},
        {{"max-rate"}, true, false, "<number>", "send at most <number> packets per second", kTiming, rate(c.max_rate, "--max-rate")},
        {{"max-retries"}, true, false, "<tries>", "cap on port scan probe retransmissions", kTiming,
         [&c](std::string_view v) -> Ok {
             auto n = option_int("--max-retries", v, 0, 1000);
             if (!n) return unexpected(n.error());
             c.max_retries = static_cast<int>(*n);
             return {};
         }},
        {{"host-timeout"}, true, false, "<time>", "give up on a target after this long", kTiming, duration(c.host_timeout, "--host-timeout")},
        {{"scan-delay"}, true, false, "<time>", "wait this long between probes", kTiming, duration(c.scan_delay, "--scan-delay")},
        {{"max-scan-delay"}, true, false, "<time>", "cap on the scan delay (whorl never raises the delay, so it always holds)", kTiming, duration(c.max_scan_delay, "--max-scan-delay")},
        {{"min-rtt-timeout"}, true, false, "<time>", "probe round trip time floor", kTiming, duration(c.min_rtt_timeout, "--min-rtt-timeout")},
        {{"max-rtt-timeout"}, true, false, "<time>", "probe round trip time cap", kTiming, duration(c.max_rtt_timeout, "--max-rtt-timeout")},
        {{"initial-rtt-timeout"}, true, false, "<time>", "round trip time before any measurement", kTiming,
         duration(c.initial_rtt_timeout, "--initial-rtt-timeout")},
        {{"max-hostgroup"}, true, false, "<size>", "at most this many hosts in parallel", kTiming,
         [&c](std::string_view v) -> Ok {
             auto n = option_int("--max-hostgroup", v, 1, 100000);
             if (!n) return unexpected(n.error());
             c.max_hostgroup = static_cast<int>(*n);
             return {};
         }},
        {{"oN"}, true, true, "<file>", "normal output to a file", kOutput, text(c.output.normal)},
        {{"oX"}, true, true, "<file>", "XML output (nmap.dtd) to a file", kOutput, text(c.output.xml)},
        {{"oG"}, true, true, "<file>", "grepable output to a file", kOutput, text(c.output.grepable)},
        {{"oJ"}, true, true, "<file>", "JSON output to a file", kOutput, text(c.output.json)},
        {{"oA"}, true, true, "<basename>", "normal, XML and grepable output at once", kOutput,
         [&c](std::string_view v) -> Ok {
             c.output.normal = std::string(v) + ".nmap";
             c.output.xml = std::string(v) + ".xml";
             c.output.grepable = std::string(v) + ".gnmap";
             return {};
         }},
        {{"append-output"}, false, false, "", "append to output files", kOutput, flag(c.output.append)},
        {{"resume"}, true, false, "<file>", "resume an interrupted scan from its -oN or -oG file (no other options)",
         kOutput, text(cl.resume_file)},
        {{"v"}, false, false, "", "more verbose (-vv or more for greater effect)", kOutput, [&c](std::string_view) -> Ok { ++c.verbose; return {}; }},
        {{"vv"}, false, false, "", "", kOutput, [&c](std::string_view) -> Ok { c.verbose += 2; return {}; }},
        {{"vvv"}, false, false, "", "", kOutput, [&c](std::string_view) -> Ok { c.verbose += 3; return {}; }},
        {{"d"}, false, false, "", "debugging output (-dd for more)", kOutput, [&c](std::string_view) -> Ok { ++c.debugging; return {}; }},
        {{"dd"}, false, false, "", "", kOutput, [&c](std::string_view) -> Ok { c.debugging += 2; return {}; }},
        {{"reason"}, false, false, "", "say why each port is in its state", kOutput, flag(c.reason)},
        {{"open"}, false, false, "", "show only open (or possibly open) ports", kOutput, flag(c.open_only)},
        {{"packet-trace"}, false, false, "", "show every packet sent and received", kOutput, flag(c.packet_trace)},
        {{"stats-every"}, true, false, "<time>", "print progress at this interval", kOutput, duration(c.stats_every, "--stats-every")},
        {{"xml-scanner-name"}, true, false, "<nmap|whorl>", "the scanner attribute of -oX (nmap.dtd allows only nmap)", kOutput,
         [&c](std::string_view v) -> Ok {
             if (v != "nmap" && v != "whorl") return fail(Errc::usage, "--xml-scanner-name takes nmap or whorl");
             c.xml_scanner_name = std::string(v);
             return {};
         }},
        {{"e"}, true, false, "<iface>", "use this network interface", kMisc, text(c.interface)},
        {{"g", "source-port"}, true, false, "<portnum>", "use this source port", kMisc,
         [&c](std::string_view v) -> Ok {
             auto n = option_int("-g", v, 1, 65535);
             if (!n) return unexpected(n.error());
             c.source_port = static_cast<std::uint16_t>(*n);
             return {};
         }},
        {{"ttl"}, true, false, "<val>", "IP time-to-live of the probes", kMisc,
         [&c](std::string_view v) -> Ok {
             auto n = option_int("--ttl", v, 0, 255);
             if (!n) return unexpected(n.error());
             c.ttl = static_cast<int>(*n);
             return {};
         }},
        {{"datadir"}, true, false, "<dir>", "where nmap-os-db, nmap-services ... are", kMisc, text(c.datadir)},
        {{"send-ip", "send-eth"}, false, false, "", "accepted for Nmap compatibility", kMisc,
         [](std::string_view) -> Ok { return {}; }},
        {{"privileged"}, false, false, "", "scan without root, with CAP_NET_RAW and CAP_NET_ADMIN (also $NMAP_PRIVILEGED)",
         kMisc, flag(c.privileged)},
        {{"u"}, true, false, "<user>", "become this user once the scan is set up, keeping only CAP_NET_RAW and CAP_NET_ADMIN",
         kMisc, text(c.user)},
        {{"V", "version"}, false, false, "", "print the version and exit", kMisc, flag(cl.version)},
        {{"h", "help"}, false, false, "", "print this help and exit", kMisc, flag(cl.help)},
        // Nmap's options for what whorl does not do: refused, each with one message naming it
        // (exit status 2), instead of "unrecognized" or silently ignored.
        {{"A"}, false, false, "", "OS and version detection, scripts, traceroute", kRefused, unsupported("version detection, scripts and traceroute")},
        {{"script", "script-args", "script-args-file", "script-trace", "script-updatedb", "script-help",
          "script-timeout"},
         true, false, "", "the scripting engine", kRefused, unsupported("the scripting engine (NSE)")},
        {{"traceroute"}, false, false, "", "traceroute", kRefused, unsupported("traceroute")},
        {{"version-intensity", "version-light", "version-all", "version-trace", "allports"}, false, false, "",
         "version detection", kRefused, unsupported("version detection")},
        {{"iR"}, true, false, "", "random targets", kRefused, unsupported("random targets")},
        {{"D", "S", "b", "proxies", "spoof-mac", "data", "data-string", "data-length", "ip-options", "mtu"}, true,
         false, "", "decoys, spoofing, bounce scans, payloads and options", kRefused,
         unsupported("decoys, spoofed sources, bounce scans and custom payloads")},
        {{"f", "badsum", "sctp-scan", "sR"}, false, false, "", "fragments, bad checksums, other probes", kRefused,
         unsupported("fragmented or malformed probes")},
        {{"webxml", "stylesheet", "no-stylesheet", "oS", "oM", "noninteractive", "iflist", "unprivileged"}, false,
         false, "", "other Nmap options", kRefused, unsupported("this Nmap option")},
    };
    // A worker of a scanner fleet: its targets come from a queue (whorl submit).
    std::vector<OptionSpec> fleet;
    append_fleet_options(fleet, c.fleet, "SCANNER FLEET (a worker: targets from the queue, see whorl submit --help)");
    auto refused = std::find_if(specs.begin(), specs.end(), [kRefused](const OptionSpec& o) { return o.group == kRefused; });
    specs.insert(refused, fleet.begin(), fleet.end());
    return specs;
}

// A fleet worker takes its targets from the queue and sends its results there: what would
// choose targets or write reports is refused with it.
Result<void> check_fleet_worker(const ScanConfig& c) {
    if (!c.fleet.given()) return {};
    if (auto q = fleet_queue(c.fleet); !q) return unexpected(q.error());
    auto refuse = [](std::string_view what) {
        return fail(Errc::usage, fmt::format("a fleet worker (--jetstream) takes its targets from the queue and "
                                             "publishes its results there: {} cannot go with it",
                                             what));
    };
    if (!c.targets.empty()) return refuse(fmt::format("a target ('{}')", c.targets.front()));
    if (!c.input_list.empty() || !c.excludes.empty() || !c.exclude_file.empty())
        return refuse("-iL, --exclude or --excludefile (give them to whorl submit)");
    if (c.shard || c.seed || c.randomize_hosts) return refuse("--shard, --seed or --randomize-hosts");
    if (!c.output.normal.empty() || !c.output.xml.empty() || !c.output.grepable.empty() || !c.output.json.empty() ||
        c.output.append)
        return refuse("-oN, -oX, -oG, -oJ, -oA or --append-output (whorl results reads the results)");
    return {};
}

Result<void> check_combinations(const ScanConfig& c) {
    if (c.os_detection && c.ping_only)
        return fail(Errc::usage, "WARNING: OS Scan is unreliable without a port scan.  You need to use a scan type "
                                 "along with it, such as -sS, -sT, -sF, etc instead of -sn");
    if (c.ping_only && (!c.ports.empty() || c.fast || c.top_ports))
        return fail(Errc::usage, "you cannot use -F (fast scan), --top-ports or -p (explicit port selection) with -sn");
    if (c.fast && !c.ports.empty()) return fail(Errc::usage, "you cannot use -F (fast scan) with -p (explicit port selection)");
    if (c.min_rate && c.max_rate && *c.min_rate > *c.max_rate)
        return fail(Errc::usage, "--min-rate may not be greater than --max-rate");
    if (c.shard && !c.seed)
        return fail(Errc::usage, "--shard needs --seed N, the same on every machine: each shard is a share of the "
                                 "order that seed gives");
    return check_fleet_worker(c);
}

// --resume FILE (Nmap's): the interrupted run's arguments, from FILE, after Nmap's
// --append-output, and what that run reported.
Result<ScanCommandLine> resumed_command_line(const std::string& file) {
    auto log = read_resume_file(file, kResumeTail);
    if (!log) return unexpected(wrap(log.error(), "--resume"));
    if (log->finished)
        return fail(Errc::usage, fmt::format("--resume: {}: that scan finished; there is nothing to resume", file));
    std::vector<std::string> args{"--append-output"};
    args.insert(args.end(), log->args.begin(), log->args.end());
    auto cl = parse_scan_command_line(args);
    if (!cl) return unexpected(wrap(cl.error(), fmt::format("--resume: {}", file)));
    cl->config.resume = ScanConfig::Resume{log->last, std::move(log->reported)};
    return cl;
}

}  // namespace

Result<ScanCommandLine> parse_scan_command_line(std::span<const std::string> args) {
    ScanCommandLine cl;
    auto t = table(cl);
    auto positional = parse_options(t, args);
    if (!positional) return unexpected(positional.error());
    if (!cl.resume_file.empty()) {
        // Nmap's rule: the run's options are the interrupted run's, all of them.
        if (args.size() > 2 || !positional->empty())
            return fail(Errc::usage, "--resume takes no other options or targets: whorl --resume FILE reads them from "
                                     "FILE");
        return resumed_command_line(cl.resume_file);
    }
    cl.config.targets = *positional;
    std::string joined = "whorl";
    for (const auto& a : args) joined += " " + a;
    cl.config.command_line = joined;
    // Nmap reads $NMAP_PRIVILEGED as --privileged (and -u means nothing to it).
    if (const char* p = std::getenv("NMAP_PRIVILEGED"); p) cl.config.privileged = true;
    if (cl.help || cl.version) return cl;
    if (auto r = check_combinations(cl.config); !r) return unexpected(r.error());
    return cl;
}

std::string scan_man_page() {
    ScanCommandLine cl;
    auto t = table(cl);
    ManPage page{"whorl", "operating-system fingerprinting, active as nmap -O and passive as p0f",
                 "whorl [Options] {target specification}\nwhorl passive|match|version|help ...",
                 "whorl scans the targets as Nmap does (a SYN scan of the top 1000 TCP ports, then, with -O, "
                 "Nmap's OS detection probes) and prints Nmap's report: the normal output, XML (-oX), grepable "
                 "(-oG) and JSON (-oJ). The fingerprint is matched against the nmap-os-db of the installed Nmap "
                 "(Debian's nmap-common), by the rules of the Nmap release that database is written for.\n\n"
                 "Options are Nmap's spellings; those not listed here are refused with one message naming them. "
                 "An output file named - is standard output, which then carries that format alone.\n\n"
                 "Targets are scanned in the order given, as by Nmap. --randomize-hosts, --seed or --shard choose a "
                 "pseudo-random order of the whole list instead, the same on every machine for the same list and "
                 "seed; --shard K/N scans every N-th target of it from the K-th, so that N machines split a list "
                 "without overlap. --resume FILE, alone, continues an interrupted scan from its -oN or -oG file.\n\n"
                 "whorl's own data (DHCP fingerprints, TCP signatures, its reference prints) is read from "
                 "$WHORL_DATADIR, else PREFIX/share/whorl beside the installed binary.\n\n"
                 "Exit status: 0 on success, 2 for a usage error, 4 without the privileges raw packets need, 1 for other errors, 130 when interrupted.",
                 "whorl-passive(1), whorl-match(1), nmap(1), p0f(1)"};
    return format_man(page, t);
}

std::string scan_help_text() {
    ScanCommandLine cl;
    auto t = table(cl);
    return format_help("whorl [Options] {target specification}\n       whorl match|passive|version ... (see whorl COMMAND --help)", t);
}

}  // namespace whorl::cli
