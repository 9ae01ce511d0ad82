// The active scan session: targets -> groups -> discovery -> SYN scan -> OS detection.
#include "cli/scan_session.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <future>
#include <memory>
#include <map>
#include <random>

#include <fmt/format.h>

#include "base/text.hpp"
#include "cli/scan_targets.hpp"
#include "engine/event_loop.hpp"
#include "fp/active/seq_analysis.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/verdict/os_knowledge.hpp"
#include "io/pcap_source.hpp"
#include "io/packet_socket.hpp"
#include "io/raw_socket.hpp"
#include "io/resolver.hpp"
#include "io/route.hpp"
#include "scan/discovery_driver.hpp"
#include "scan/mac_vendors.hpp"
#include "scan/os_scan.hpp"
#include "scan/os_scan6.hpp"
#include "scan/port_spec.hpp"
#include "scan/syn_scan_driver.hpp"
#include "scan/target_spec.hpp"
#include "scan/walk/target_walk.hpp"
#include "wire/arp.hpp"
#include "wire/ethernet.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/link_type.hpp"
#include "wire/packet_summary.hpp"
#include "wire/reply_check.hpp"

namespace whorl::cli {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// What a group of targets shares: the interface and source address that reach them.
struct Group {
    std::string interface;
    IpAddress source;
    bool ethernet = false;
    std::vector<std::size_t> members;  // indices into the target list
};

// The databases. nmap-os-db (~70 ms to parse) and nmap-mac-prefixes load on their own
// threads while discovery and the port scan run; the first use waits for them.
class Databases {
public:
    static Result<std::unique_ptr<Databases>> start(const ScanConfig& c) {
        auto services = scan::ServicesDb::load(c.datadir);
        if (!services) return unexpected(services.error());
        std::unique_ptr<Databases> d(new Databases);
        d->services = std::move(*services);
        std::string dir = c.datadir;
        d->vendors_future_ = std::async(std::launch::async, [dir] { return scan::MacVendors::load(dir); });
        if (c.os_detection)  // IPv6 targets: with whorl's own IPv6 prints (docs/decisions/0027)
            d->os_future_ = std::async(std::launch::async, [dir, ipv6 = c.ipv6] {
                return ipv6 ? fp::verdict::OsKnowledge::load_for_ipv6(dir) : fp::verdict::OsKnowledge::load(dir);
            });
        return d;
    }

    scan::ServicesDb services;

    const scan::MacVendors* vendors() {
        if (vendors_future_.valid()) {
            auto r = vendors_future_.get();
            if (r) vendors_ = std::move(*r);
        }
        return vendors_ ? &*vendors_ : nullptr;
    }

    Result<const fp::db::OsDb*> os() {
        if (os_future_.valid()) {
            auto r = os_future_.get();
            if (!r) os_error_ = r.error();
            else os_ = std::move(*r);
        }
        if (os_error_) return unexpected(*os_error_);
        return os_.db.get();
    }
    std::shared_ptr<const fp::db::OsDb> os_shared() const { return os_.db; }

    // whorl's verdict on a host's fingerprint (after os() succeeded).
    fp::verdict::OsVerdict verdict(const fp::Fingerprint& fp) {
        if (!verdict_matcher_) verdict_matcher_ = std::make_unique<fp::match::OsMatcher>(*os_.db);
        return os_.model->judge(*verdict_matcher_, fp);
    }

private:
    Databases() = default;
    std::future<Result<scan::MacVendors>> vendors_future_;
    std::future<Result<fp::verdict::OsKnowledge>> os_future_;
    std::optional<scan::MacVendors> vendors_;
    fp::verdict::OsKnowledge os_;
    std::unique_ptr<fp::match::OsMatcher> verdict_matcher_;
    std::optional<Error> os_error_;
};

Result<std::vector<std::uint16_t>> tcp_ports(const ScanConfig& c, const scan::ServicesDb& services, const Logger& log) {
    scan::PortList list;
    if (!c.ports.empty()) {
        auto p = scan::parse_port_spec(c.ports, services);
        if (!p) return unexpected(p.error());
        list = std::move(*p);
        if (!list.udp.empty() && list.tcp.empty())
            log.warn("WARNING: Your ports include \"U:\" but you haven't specified UDP scan with -sU.");
    } else {
        list = scan::top_ports(services, c.fast ? 100 : static_cast<std::size_t>(c.top_ports.value_or(1000)), true, false);
    }
    if (list.tcp.empty() && !c.ping_only) return fail(Errc::usage, "no TCP ports to scan in the port specification");
    return list.tcp;
}

// The targets, walked (docs/decisions/0026): the expressions as read (the command line,
// then -iL) make one numbered space, which this scanner walks in the given order or in a
// seeded pseudo-random one, its shard's share of it, a batch of steps at a time. Memory
// follows the number of expressions and the batch, not the addresses (a /8 in -iL starts
// scanning at once).
class TargetSource {
public:
    static Result<TargetSource> open(const ScanConfig& c, std::optional<std::uint64_t> seed, std::size_t batch,
                                     const Logger& log) {
        auto walk = open_target_walk(c, seed, log);
        if (!walk) return unexpected(walk.error());
        TargetSource t(std::move(*walk), batch, c.ipv6, log);
        if (c.resume) {
            if (!c.resume->last) {
                log.warn("Warning: You asked for --resume but it doesn't look like any hosts in the log file were "
                         "successfully scanned.  Starting from the beginning.");
            } else {
                std::vector<std::string> unresolved;
                auto r = t.walk_.resume_after(*c.resume->last, c.resume->reported, batch, unresolved);
                t.warn_unresolved(unresolved);
                if (!r) return unexpected(wrap(r.error(), "--resume"));
            }
        }
        return t;
    }

    // The targets of the next batch of steps (possibly none); names that do not resolve are
    // warned about, as Nmap does, and skipped.
    Result<std::vector<scan::Target>> next() {
        std::vector<std::string> unresolved;
        auto batch = walk_.next(batch_, unresolved);
        warn_unresolved(unresolved);
        return batch;
    }
    bool done() const { return walk_.done(); }

private:
    TargetSource(scan::walk::TargetWalk walk, std::size_t batch, bool ipv6, const Logger& log)
        : walk_(std::move(walk)), batch_(batch), ipv6_(ipv6), log_(log) {}
    // Nmap's lines: a name with addresses of the other family only is told so first.
    void warn_unresolved(const std::vector<std::string>& names) const {
        for (const auto& u : names) {
            if (!io::resolve_name(u, !ipv6_).empty())
                log_.warn("Warning: Hostname {} resolves, but not to any IPv{} address. Try scanning {} -6", u,
                          ipv6_ ? 6 : 4, ipv6_ ? "without" : "with");
            log_.warn("Failed to resolve \"{}\".", u);
        }
    }
    scan::walk::TargetWalk walk_;
    std::size_t batch_;
    bool ipv6_;
    const Logger& log_;
};

scan::PortScanTiming port_timing(const ScanConfig& c) {
    scan::PortScanTiming t;
    switch (c.timing_level) {
        case 0: t.scan_delay = milliseconds(300000); break;
        case 1: t.scan_delay = milliseconds(15000); break;
        case 2: t.scan_delay = milliseconds(400); break;
        case 4:
            t.rtt.initial = milliseconds(500);
            t.rtt.max = milliseconds(1250);
            t.max_retries = 6;
            break;
        case 5:
            t.rtt.initial = milliseconds(250);
            t.rtt.min = milliseconds(50);
            t.rtt.max = milliseconds(300);
            t.max_retries = 2;
            break;
        default: break;
    }
    if (c.timing_level <= 2) t.window.initial = t.window.max = 1;
    if (c.max_retries) t.max_retries = *c.max_retries;
    if (c.scan_delay) t.scan_delay = *c.scan_delay;
    t.in_order = c.sequential_ports;
    if (c.host_timeout) t.host_timeout = std::chrono::duration_cast<microseconds>(*c.host_timeout);
    if (c.min_rtt_timeout) t.rtt.min = *c.min_rtt_timeout;
    if (c.max_rtt_timeout) t.rtt.max = *c.max_rtt_timeout;
    if (c.initial_rtt_timeout) t.rtt.initial = *c.initial_rtt_timeout;
    t.min_rate = c.min_rate;
    t.max_rate = c.max_rate;
    return t;
}

// What a captured frame adds to Nmap's "Rcvd" count, in bytes: an IP packet not from `self`
// (the capture also sees our own probes) by its IP length, an ARP reply to `self` by its 28
// bytes (link headers and Ethernet padding never count); nullopt for anything else.
std::optional<std::size_t> received_size(const wire::DecodedFrame& f, const IpAddress& self) {
    if (f.ipv4)
        return wire::to_ip_address(f.ipv4->src()) != self ? std::optional<std::size_t>(f.ipv4->total_length())
                                                            : std::nullopt;
    if (f.ipv6)
        return wire::to_ip_address(f.ipv6->src()) != self ? std::optional<std::size_t>(40 + f.ipv6->payload_length())
                                                            : std::nullopt;
    if (f.link.ethertype != wire::ethertype::kArp) return std::nullopt;
    auto arp = wire::ArpView::parse(f.frame.subspan(f.link.network_offset));
    if (!arp || arp->operation() != wire::ArpView::kReply || wire::to_ip_address(arp->target_ip()) != self)
        return std::nullopt;
    return wire::ArpView::kLength;
}

// Runs one phase (anything with poll/on_frame/next_wakeup/done) on the loop until it is done.
template <class Phase>
Result<void> run_phase(engine::EventLoop& loop, io::PcapSource& cap, wire::LinkType link, Phase& phase,
                       const std::function<void(const wire::DecodedFrame&)>& trace, const SessionCallbacks& cb,
                       SessionCallbacks::Progress counts, report::PacketCounts& packets, const IpAddress& self) {
    Result<void> capture_error;
    auto drain = [&] {
        for (int i = 0; i < 4096; ++i) {
            auto p = cap.next();
            if (!p) {
                capture_error = unexpected(p.error());
                loop.stop();
                return;
            }
            if (!*p) return;
            auto f = wire::decode_frame(link, (*p)->data);
            // What Nmap's reader drops (a TCP header or option that is not whole, a later
            // fragment, UDP shorter than its header) no scan sees, counts or traces.
            if (!wire::nmap_reader_accepts(f)) continue;
            if (auto size = received_size(f, self)) {
                ++packets.received;
                packets.received_bytes += *size;
            }
            if (trace) trace(f);
            phase.on_frame(f);
        }
    };
    if (auto r = loop.watch(cap.selectable_fd(), drain); !r) return r;
    std::optional<engine::TimerQueue::Id> wake;
    auto r = loop.run(
        [&] {
            phase.poll();
            if (cb.progress) {
                auto p = counts;
                p.phase = Phase::kName;
                p.fraction = phase.progress();
                cb.progress(p);
            }
            if (phase.done()) return true;
            if (wake) loop.timers().cancel(*wake);
            wake.reset();
            if (auto t = phase.next_wakeup()) wake = loop.timers().schedule(*t, [] {});
            return false;
        },
        milliseconds(1));
    loop.unwatch(cap.selectable_fd());
    if (!capture_error) return capture_error;
    return r;
}

struct GroupContext {
    const ScanConfig& config;
    Databases& dbs;
    const Logger& log;
    io::SystemClock& clock;
    std::mt19937_64& rng;
    const SessionCallbacks& callbacks;
    std::chrono::steady_clock::time_point start;
    SessionCallbacks::Progress counts;  // hosts completed and up so far, in this group
    report::PacketCounts& packets;      // raw packets over the whole run
};

// Every packet we send is counted (the -v "Raw packets sent" line) and, with
// --packet-trace, summarised as Nmap does before it goes out.
class CountingSink final : public io::PacketSink {
public:
    CountingSink(io::PacketSink& inner, const SessionCallbacks& cb, std::chrono::steady_clock::time_point start,
                 report::PacketCounts& counts, bool trace)
        : inner_(inner), cb_(cb), start_(start), counts_(counts), trace_(trace) {}
    Result<void> send(Bytes packet, const IpAddress& dst) override {
        if (trace_ && cb_.trace) {
            wire::DecodedFrame f;
            wire::decode_network(0, packet, 0, f);
            cb_.trace(fmt::format("SENT ({:.4f}s) {}", seconds_since(start_), wire::packet_summary(f)));
        }
        auto r = inner_.send(packet, dst);
        if (r) {
            ++counts_.sent;
            counts_.sent_bytes += packet.size();
        }
        return r;
    }
    static double seconds_since(std::chrono::steady_clock::time_point t) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    }

private:
    io::PacketSink& inner_;
    const SessionCallbacks& cb_;
    std::chrono::steady_clock::time_point start_;
    report::PacketCounts& counts_;
    bool trace_;
};

std::string capture_filter(const IpAddress& source) {
    return fmt::format("arp or (dst host {} and (tcp or icmp or icmp6))", source.to_string());
}


// The OS scan's ports from the port scan (Nmap's initScanStats): the first open port (not
// 0 if another exists), the first closed one; unreliable without one of each.
fp::active::OsTarget os_target(const report::HostReport& h, bool on_link) {
    fp::active::OsTarget t;
    t.address = h.address;
    std::optional<std::uint16_t> open0, closed0;
    for (const auto& p : h.ports) {
        if (p.protocol != scan::Protocol::tcp) continue;
        if (p.state == scan::PortState::open) {
            if (p.port == 0) open0 = 0;
            else if (!t.open_port) t.open_port = p.port;
        } else if (p.state == scan::PortState::closed) {
            if (p.port == 0) closed0 = 0;
            else if (!t.closed_port) t.closed_port = p.port;
        }
    }
    if (!t.open_port) t.open_port = open0;
    if (!t.closed_port) t.closed_port = closed0;
    t.unreliable = !t.open_port || !t.closed_port;
    t.localhost = h.address.is_loopback();
    t.directly_connected = on_link;
    t.mac = h.mac;
    return t;
}

report::OsReport os_report(const fp::db::OsDb& db, const fp::active::HostOsScan::Final& f, const ScanConfig& c) {
    report::OsReport r;
    r.db = &db;
    r.result = f.result;
    fp::match::OsPrintOptions po{c.verbose, c.debugging, c.osscan_guess};
    r.plan = fp::match::plan_os_output(db, f.result, f.classes, po, f.conditions);
    r.fingerprint = f.fingerprint;
    r.distance = f.distance;
    r.tries = f.tries;
    const auto& seq = f.seq;
    if (seq.responses > 3 && seq.sp) {
        r.tcp_sequence_index = static_cast<int>(*seq.sp);
        r.tcp_sequence_difficulty = std::string(fp::active::difficulty_label(*seq.sp));
        r.isns = seq.isns;
        r.seq_text.tcp_sequence_index = r.tcp_sequence_index;
    }
    if (seq.responses > 2) {
        r.ip_id_class = std::string(seq.ti.description());
        r.ip_ids = seq.ip_ids;
        r.seq_text.ip_id_class = r.ip_id_class;
        r.ts_class = std::string(fp::active::ts_class_text(seq.ts_class));
        if (seq.ts_class != fp::active::TsClass::unsupported) r.tsvals = seq.tsvals;
    }
    if (seq.lastboot != 0) {
        std::time_t boot = static_cast<std::time_t>(seq.lastboot);
        char buf[64];
        ctime_r(&boot, buf);
        std::string text(buf);
        if (!text.empty() && text.back() == '\n') text.pop_back();
        r.lastboot = text;
        std::int64_t now = unix_now();
        r.uptime_seconds = now - seq.lastboot;
        r.seq_text.uptime = report::SeqExtras::Uptime{static_cast<double>(now - seq.lastboot), text};
    }
    return r;
}

void fill_ports_used(report::OsReport& r, const fp::Fingerprint& fp) {
    if (!fp.scan) return;
    if (fp.scan->open_tcp_port && *fp.scan->open_tcp_port > 0)
        r.ports_used.push_back({scan::PortState::open, scan::Protocol::tcp, static_cast<std::uint16_t>(*fp.scan->open_tcp_port)});
    if (fp.scan->closed_tcp_port && *fp.scan->closed_tcp_port > 0)
        r.ports_used.push_back({scan::PortState::closed, scan::Protocol::tcp, static_cast<std::uint16_t>(*fp.scan->closed_tcp_port)});
    if (fp.scan->closed_udp_port && *fp.scan->closed_udp_port > 0)
        r.ports_used.push_back({scan::PortState::closed, scan::Protocol::udp, static_cast<std::uint16_t>(*fp.scan->closed_udp_port)});
}

// -v: Nmap's "Initiating <phase> at HH:MM", "Scanning <target> [N ports]" and, when the
// phase ends, "Completed <phase> at HH:MM, 0.02s elapsed (N total <unit>)".
class PhaseNote {
public:
    PhaseNote(const Logger& log, std::string phase, const std::vector<IpAddress>& targets, std::size_t probes,
              std::string_view unit)
        : log_(log), phase_(std::move(phase)), unit_(unit), start_(std::chrono::steady_clock::now()) {
        if (!log_.enabled(LogLevel::verbose) || targets.empty()) return;
        log_.verbose("Initiating {} at {}", phase_, clock_text());
        std::string what = targets.size() == 1 ? targets.front().to_string() : fmt::format("{} hosts", targets.size());
        const char* per = targets.size() == 1 ? "" : "/host";
        log_.verbose("Scanning {} [{} port{}{}]", what, probes, probes == 1 ? "" : "s", per);
    }
    void complete(std::size_t total) const {
        if (!log_.enabled(LogLevel::verbose)) return;
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        log_.verbose("Completed {} at {}, {:.2f}s elapsed ({} total {})", phase_, clock_text(), elapsed, total, unit_);
    }

private:
    static std::string clock_text() {
        std::time_t now = std::time(nullptr);
        std::tm local{};
        ::localtime_r(&now, &local);
        return fmt::format("{:02}:{:02}", local.tm_hour, local.tm_min);
    }
    const Logger& log_;
    std::string phase_;
    std::string_view unit_;
    std::chrono::steady_clock::time_point start_;
};

// IPv6 targets: Nmap's IPv6 engine and its print. Nmap names the OS from a model compiled
// into it that whorl does not have, so Nmap's lines always say "No OS matches"; whorl's
// verdict comes from the TCP answers read as nmap-os-db's tests (docs/decisions/0027).
Result<void> os_scan_ipv6(GroupContext& ctx, const Group& g, engine::EventLoop& loop, io::PcapSource& cap,
                          wire::LinkType link, io::PacketSink& sink,
                          const std::function<void(const wire::DecodedFrame&)>& trace,
                          std::vector<scan::OsHostInput> inputs, const std::vector<std::size_t>& os_hosts,
                          const scan::OsScanOptions& oo, std::vector<report::HostReport>& hosts) {
    const ScanConfig& c = ctx.config;
    scan::OsScan6 os(std::move(inputs), g.source, oo, sink, ctx.clock, ctx.log, ctx.rng());
    if (auto r = run_phase(loop, cap, link, os, trace, ctx.callbacks, ctx.counts, ctx.packets, g.source); !r) return r;
    auto os_db = ctx.dbs.os();
    if (!os_db) return unexpected(os_db.error());
    // V= on the SCAN line: --nmap-compat, else the database's release.
    const auto behaviour = c.nmap_compat ? *c.nmap_compat : (*os_db)->behaviour();
    for (std::size_t j = 0; j < os_hosts.size(); ++j) {
        auto& h = hosts[os_hosts[j]];
        if (os.timed_out(j)) {
            h.timed_out = true;
            h.ports.clear();
            continue;
        }
        auto final = os.result(j, behaviour);
        auto r = std::make_shared<report::OsReport>();
        r->db = *os_db;
        r->db_owner = ctx.dbs.os_shared();
        r->plan.verdict = fp::match::OsVerdict::no_matches;
        r->plan.reason = final.not_ideal_reason;
        r->plan.fingerprint.print = !final.not_ideal_reason || c.verbose > 1 || c.debugging > 0;
        r->plan.fingerprint.layout =
            final.not_ideal_reason ? fp::FingerprintLayout::unwrapped : fp::FingerprintLayout::wrapped;
        r->plan.fingerprint.good = !final.not_ideal_reason;
        r->fingerprint = final.fingerprint;
        r->distance = final.distance;
        r->tries = 1;
        r->verdict = ctx.dbs.verdict(final.verdict_print);
        ctx.log.debug("OS verdict for {} from its IPv6 answers read as nmap-os-db tests:\n{}", h.address.to_string(),
                      final.verdict_print.text(fp::FingerprintLayout::unwrapped));
        fill_ports_used(*r, final.fingerprint);
        h.os = std::move(r);
    }
    return {};
}

Result<void> scan_group(GroupContext& ctx, const Group& g, const std::vector<scan::Target>& targets,
                        const std::vector<std::uint16_t>& ports, std::vector<report::HostReport>& hosts) {
    const ScanConfig& c = ctx.config;
    auto cap = io::PcapSource::open_live(g.interface, capture_filter(g.source));
    if (!cap) return unexpected(cap.error());
    auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>((*cap)->datalink()));
    if (!link) return fail(Errc::unsupported, fmt::format("unsupported link type {}", (*cap)->datalink()), g.interface);
    auto raw = io::RawIpSink::open(g.source.family());
    if (!raw) return unexpected(raw.error());
    CountingSink counted(*raw, ctx.callbacks, ctx.start, ctx.packets, c.packet_trace);
    io::PacketSink* sink = &counted;
    std::optional<io::EthernetSink> eth;
    if (g.ethernet && !c.disable_arp) {  // ARP, or neighbor discovery over IPv6
        auto e = io::EthernetSink::open(g.interface);
        if (!e) return unexpected(e.error());
        eth.emplace(std::move(*e));
    }
    auto loop = engine::EventLoop::create(ctx.clock);
    if (!loop) return unexpected(loop.error());
    std::function<void(const wire::DecodedFrame&)> trace;
    if (c.packet_trace && ctx.callbacks.trace)
        trace = [&ctx](const wire::DecodedFrame& f) {
            ctx.callbacks.trace(fmt::format("RCVD ({:.4f}s) {}", CountingSink::seconds_since(ctx.start), wire::packet_summary(f)));
        };

    // 1. Host discovery. On an Ethernet link Nmap ARPs even under -Pn (for the MAC).
    std::vector<IpAddress> addresses;
    std::vector<scan::HostDiscovery::Target> kinds;
    for (auto i : g.members) {
        addresses.push_back(targets[i].address);
        bool on_link = eth.has_value() && hosts[i].start_time >= 0;
        kinds.push_back({on_link && g.ethernet, !c.skip_discovery});
    }
    scan::DiscoveryDriver discovery(addresses, kinds, g.source, *sink, eth ? &*eth : nullptr, ctx.clock, ctx.log, ctx.rng());
    // -v: Nmap's phase lines. ARP when every host is on the link, its ping probes otherwise.
    bool arp_all = !kinds.empty(), pings = false;
    for (const auto& k : kinds) {
        arp_all = arp_all && k.on_link;
        pings = pings || (!k.on_link && k.ping);
    }
    std::optional<PhaseNote> discovery_note;
    if (arp_all || pings)
        discovery_note.emplace(ctx.log, arp_all ? (g.source.is_v6() ? "ND Ping Scan" : "ARP Ping Scan") : "Ping Scan",
                               addresses, arp_all ? 1 : 4, "hosts");
    if (auto r = run_phase(*loop, **cap, *link, discovery, trace, ctx.callbacks, ctx.counts, ctx.packets, g.source); !r) return r;
    if (discovery_note) discovery_note->complete(addresses.size());
    ctx.packets.sent += discovery.arp_sent();
    ctx.packets.sent_bytes += wire::ArpView::kLength * discovery.arp_sent();  // as Nmap counts an ARP request
    std::vector<std::size_t> up;  // positions in g.members
    for (std::size_t k = 0; k < g.members.size(); ++k) {
        auto& h = hosts[g.members[k]];
        const auto& d = discovery.result(k);
        h.mac = d.mac;
        h.up = d.up || c.skip_discovery;
        h.status_reason = d.up ? d.reason : scan::Reason::user_set;
        h.status_reason_ttl = d.reason_ttl;
        if (h.up) up.push_back(k);
    }
    if (c.ping_only || up.empty()) return {};

    // 2. SYN port scan of the hosts that are up.
    std::vector<IpAddress> up_addresses;
    for (auto k : up) up_addresses.push_back(addresses[k]);
    scan::SynScanDriver syn(up_addresses, ports, port_timing(c), g.source, *sink, ctx.clock, ctx.log, ctx.rng(),
                            c.source_port, c.ttl);
    for (std::size_t j = 0; j < up.size(); ++j)
        if (auto rtt = discovery.result(up[j]).rtt) syn.seed_rtt(j, *rtt);
    PhaseNote syn_note(ctx.log, "SYN Stealth Scan", up_addresses, ports.size(), "ports");
    if (auto r = run_phase(*loop, **cap, *link, syn, trace, ctx.callbacks, ctx.counts, ctx.packets, g.source); !r) return r;
    syn_note.complete(up_addresses.size() * ports.size());
    // --host-timeout: each host's clock ran from its first probe to the end of this phase;
    // the OS scan gets what is left. A host given up reports nothing more.
    std::vector<std::optional<microseconds>> time_left(up.size());
    for (std::size_t j = 0; j < up.size(); ++j) {
        if (!c.host_timeout) continue;
        auto left = std::chrono::duration_cast<microseconds>(*c.host_timeout) - syn.scan().time_used(j, ctx.clock.now());
        time_left[j] = std::max(left, microseconds(0));
        if (syn.scan().timed_out(j) || left <= microseconds(0)) hosts[g.members[up[j]]].timed_out = true;
    }
    for (std::size_t j = 0; j < up.size(); ++j) {
        auto& h = hosts[g.members[up[j]]];
        for (const auto& pr : h.timed_out ? std::vector<scan::PortResult>{} : syn.scan().results(j))
            h.ports.push_back({pr.port, scan::Protocol::tcp, pr.state, pr.reason, pr.reason_ttl,
                               std::string(ctx.dbs.services.name(pr.port, scan::Protocol::tcp)), std::nullopt,
                               ctx.dbs.services.is_listed(pr.port, scan::Protocol::tcp)});
        if (!h.mac && g.ethernet) h.mac = syn.answer_mac(j);  // IPv6 on a local link: no ARP
        if (auto srtt = syn.scan().srtt(j)) {
            h.latency_seconds = static_cast<double>(srtt->count()) / 1e6;
            h.srtt_us = srtt->count();
            h.rttvar_us = syn.scan().rttvar(j).count();
            h.timeout_us = syn.scan().timeout(j).count();
        }
    }

    // 3. OS detection.
    if (!c.os_detection) return {};
    std::vector<scan::OsHostInput> inputs;
    std::vector<std::size_t> os_hosts;
    for (std::size_t j = 0; j < up.size(); ++j) {
        auto& h = hosts[g.members[up[j]]];
        if (h.timed_out) continue;
        auto t = os_target(h, g.ethernet);
        if (t.unreliable && c.osscan_limit) {
            ctx.log.verbose("Skipping OS Scan against {} due to absence of open (or perhaps closed) ports",
                            h.address.to_string());
            continue;
        }
        std::optional<microseconds> rtt;
        if (h.srtt_us > 0) rtt = microseconds(h.srtt_us);
        inputs.push_back({t, rtt, time_left[j]});
        os_hosts.push_back(g.members[up[j]]);
    }
    if (inputs.empty()) return {};
    scan::OsScanOptions oo;
    oo.settings.max_tries = c.max_os_tries;
    oo.settings.timing_level = c.timing_level;
    // The delay between probes, -T0..-T2's included (Nmap's o.scan_delay): the OS probes
    // keep it too, and it makes a print non-ideal above 500 ms.
    const auto delay = std::chrono::duration_cast<milliseconds>(port_timing(c).scan_delay);
    oo.settings.scan_delay_ms = static_cast<double>(delay.count());
    oo.scan_delay = delay;
    oo.ttl = c.ttl;
    oo.source_port = c.source_port;
    // IPv6: no release-dependent values in the probes, so they start while nmap-os-db loads.
    if (g.source.is_v6()) return os_scan_ipv6(ctx, g, *loop, **cap, *link, *sink, trace, inputs, os_hosts, oo, hosts);
    // The Nmap release to follow: --nmap-compat, else the database's (7.95 for a 7.94.2+
    // nmap-os-db). It decides the probes' source ports from the first round, so without the
    // flag this waits for the database (its load started with the session and has usually
    // finished by now; docs/decisions/0011).
    if (c.nmap_compat) oo.settings.behaviour = *c.nmap_compat;
    else if (auto db = ctx.dbs.os(); db && *db) oo.settings.behaviour = (*db)->behaviour();
    // With --nmap-compat, probing starts while nmap-os-db may still be loading; a broken
    // database ends the scan at the first match with its error.
    std::optional<Error> db_error;
    static const fp::db::OsDb kEmpty{};
    auto provider = [&ctx, &db_error]() -> const fp::db::OsDb& {
        auto db = ctx.dbs.os();
        if (db && *db) return **db;
        db_error = db ? Error{Errc::internal, "nmap-os-db not loaded", {}} : db.error();
        return kEmpty;
    };
    scan::OsScan os(inputs, g.source, oo, provider, *sink, ctx.clock, ctx.log, ctx.rng());
    if (auto r = run_phase(*loop, **cap, *link, os, trace, ctx.callbacks, ctx.counts, ctx.packets, g.source); !r) return r;
    if (db_error) return unexpected(*db_error);
    auto os_db = ctx.dbs.os();
    if (!os_db) return unexpected(os_db.error());
    for (std::size_t j = 0; j < os_hosts.size(); ++j) {
        auto& h = hosts[os_hosts[j]];
        if (os.timed_out(j)) {
            h.timed_out = true;
            h.ports.clear();
            continue;
        }
        auto final = os.result(j);
        h.os = std::make_shared<report::OsReport>(os_report(**os_db, final, c));
        h.os->db_owner = ctx.dbs.os_shared();
        h.os->verdict = ctx.dbs.verdict(final.fingerprint);
        fill_ports_used(*h.os, final.fingerprint);
        if (final.conditions.unreliable && h.os->plan.unreliable_warning) { /* printed by the OS block */ }
    }
    return {};
}

}  // namespace

bool keeps_in_report(const ScanConfig& c, const report::HostReport& h) { return h.up || !c.output.json.empty(); }

Result<report::ScanReport> run_scan_session(const ScanConfig& c, const Logger& log, const SessionCallbacks& cb) {
    if (::geteuid() != 0 && !c.privileged && c.user.empty()) {  // -u: root became the user, with the capabilities
        if (c.os_detection) return fail(Errc::permission, "TCP/IP fingerprinting (for OS scan) requires root privileges.");
        return fail(Errc::permission, "You requested a scan type which requires root privileges.");
    }
    auto dbs = Databases::start(c);
    if (!dbs) return unexpected(dbs.error());
    auto ports = tcp_ports(c, (*dbs)->services, log);
    if (!ports) return unexpected(ports.error());
    const std::size_t max_group = static_cast<std::size_t>(c.max_hostgroup.value_or(256));
    // Targets a batch of steps at a time (memory for the batch only); within a batch, grouped
    // by interface and source address, each group scanned max_group hosts at a time.
    const std::size_t batch_size = std::max<std::size_t>(4096, max_group);
    // Nmap's order (the order given) unless --randomize-hosts, --seed or --shard ask for a
    // seeded pseudo-random one. A seed whorl picks goes into the reports' command line, so
    // that --resume walks the same order again.
    std::optional<std::uint64_t> seed = c.seed;
    std::string args = c.command_line;
    if (!seed && c.randomize_hosts) {
        std::random_device device;
        seed = (std::uint64_t{device()} << 32) | device();
        args += fmt::format(" --seed {}", *seed);
    }
    auto targets = TargetSource::open(c, seed, batch_size, log);
    if (!targets) return unexpected(targets.error());

    report::ScanReport report;
    report.scanner_version = WHORL_VERSION;
    report.args = args;
    report.start_time = unix_now();
    report.verbose = c.verbose;
    report.debugging = c.debugging;
    report.os_detection = c.os_detection;
    // The nmap data files read, for Nmap's note at the end (printdatafilepaths): the footer
    // prints -v's "Read data files from: DIR" (data_dir); the "Read from DIR: FILES." lines
    // of -d, or of files from several directories, go to the log.
    std::map<std::string, std::string> data_files;
    auto note_data_file = [&](const char* name) {
        if (auto path = fp::db::find_nmap_file(name, c.datadir)) data_files.emplace(name, *path);
        report.data_dir = fp::db::nmap_data_files_brief_dir(data_files, c.verbose, c.debugging).value_or("");
    };
    if (c.os_detection) note_data_file("nmap-os-db");
    if (!c.ping_only) note_data_file("nmap-services");
    if (auto warning = fp::db::nmap_local_copy_warning(data_files)) log.warn("{}", *warning);
    if (!c.ping_only) report.scaninfo.push_back({"syn", scan::Protocol::tcp, *ports});
    if (cb.on_start) cb.on_start(report);
    auto started = std::chrono::steady_clock::now();
    io::SystemClock clock;
    std::mt19937_64 rng(std::random_device{}());
    report::PacketCounts packets;
    GroupContext ctx{c, **dbs, log, clock, rng, cb, started, {}, packets};
    bool any_routed = false, any_mac = false;
    std::size_t completed = 0, up = 0;
    while (!report.interrupted && !targets->done()) {
        auto batch = targets->next();
        if (!batch) return unexpected(batch.error());
        if (batch->empty()) continue;  // every step of it excluded
        std::vector<report::HostReport> hosts(batch->size());
        std::map<std::pair<std::string, std::string>, Group> groups;
        for (std::size_t i = 0; i < batch->size(); ++i) {
            auto& h = hosts[i];
            h.address = (*batch)[i].address;
            h.user_hostname = (*batch)[i].hostname;
            h.start_time = unix_now();
            auto route = io::route_to(h.address);
            if (!route) {
                // Nmap's words; the host is not scanned and not reported.
                log.warn("setup_target: failed to determine route to {}", h.address.to_string());
                log.debug("route to {}: {}", h.address.to_string(), route.error().describe());
                continue;
            }
            std::string iface = c.interface.empty() ? route->interface : c.interface;
            auto& g = groups[{iface, route->source.to_string()}];
            g.interface = iface;
            g.source = route->source;
            // An Ethernet interface and an on-link target: ARP applies and the MAC is the host's.
            g.ethernet = !route->gateway && !route->local && iface != "lo";
            g.members.push_back(i);
            any_routed = true;
        }
        for (auto& [key, g] : groups) {
            for (std::size_t start = 0; start < g.members.size(); start += max_group) {
                Group part = g;
                part.members.assign(g.members.begin() + static_cast<long>(start),
                                    g.members.begin() + static_cast<long>(std::min(g.members.size(), start + max_group)));
                ctx.counts.completed = completed;
                ctx.counts.up = up;
                ctx.counts.undergoing = part.members.size();
                auto r = scan_group(ctx, part, *batch, *ports, hosts);
                if (cb.idle) cb.idle();
                // A group that could not scan at all (no capture, no raw socket: root without
                // CAP_NET_RAW) reports nothing about its hosts: they were not found down.
                if (!r && r.error().code != Errc::interrupted) return unexpected(r.error());
                // Nor does a group cut short by an interruption: as in Nmap, a group's hosts
                // are reported once it is done, and --resume scans this one again.
                if (!r) {
                    report.interrupted = true;
                    break;
                }
                for (auto i : part.members) {
                    auto& h = hosts[i];
                    h.end_time = unix_now();
                    if (h.mac && ctx.dbs.vendors()) h.mac_vendor = std::string(ctx.dbs.vendors()->vendor(*h.mac));
                    if ((h.up || c.always_dns) && !c.no_dns) {  // -R: down hosts too
                        if (auto name = io::reverse_lookup(h.address)) h.rdns = *name;
                    }
                    ++completed;
                    up += h.up;
                    any_mac = any_mac || h.mac.has_value();
                    report.hosts.push_back(std::move(h));
                    if (cb.on_host) cb.on_host(report, report.hosts.back());
                    if (!keeps_in_report(c, report.hosts.back())) {
                        report.hosts.pop_back();
                        ++report.down_hosts_not_kept;
                    }
                }
            }
            if (report.interrupted) break;
        }
    }
    if (!any_routed) log.warn("WARNING: No targets were specified, so 0 hosts scanned.");
    if (any_mac) note_data_file("nmap-mac-prefixes");
    if (report.data_dir.empty())
        for (const auto& line : fp::db::nmap_data_files_lines(data_files, c.verbose, c.debugging))
            log.warn("{}", line);
    report.end_time = unix_now();
    report.packets = packets;
    report.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace whorl::cli
