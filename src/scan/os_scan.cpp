// The OS-detection state machine: rounds, probe schedule, retransmissions, reply intake.
#include "scan/os_scan.hpp"

#include <algorithm>
#include <ctime>

#include "fp/active/os_port_bases.hpp"
#include "fp/active/replies.hpp"
#include "fp/active/tcp_reply.hpp"
#include "scan/os_probe_packet.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/tcp_options.hpp"

namespace whorl::scan {

using fp::active::ProbeId;
using fp::active::ProbeKind;
using fp::active::probe_spec;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

constexpr auto kSeqSpacing = milliseconds(100);  // OS_SEQ_PROBE_DELAY
constexpr std::size_t kProbes = fp::active::kProbeCount;

std::int64_t micros(io::MonoTime t) {
    return std::chrono::duration_cast<microseconds>(t.time_since_epoch()).count();
}

fp::active::IpMeta ip_meta(const wire::Ipv4View& ip) {
    return {ip.ttl(), ip.dont_fragment(), ip.id(), ip.total_length()};
}

std::vector<std::byte> copy(Bytes b) { return {b.begin(), b.end()}; }



}  // namespace

struct OsScan::Host {
    Host(std::size_t i, fp::active::HostOsScan s, engine::RttLimits limits, fp::active::OsPortBases ports)
        : index(i), scan(std::move(s)), port_bases(ports), rtt(limits) {}

    struct Pending {
        ProbeId id;
        int sends = 0;
        io::MonoTime first{}, last{};
        bool finished = false;
    };
    // lead: the ICMP, UDP, ECN and T probes, whose answers come back at once; seq: the six
    // SEQ probes 100 ms apart (unanswered lead probes are retransmitted only after them);
    // seq_wait: the last SEQ answers; finishing: fallbacks and the last retransmissions.
    enum class Phase { lead, seq, seq_wait, finishing, gap, done };

    std::size_t index;
    fp::active::HostOsScan scan;
    std::optional<fp::active::OsRound> round;
    fp::active::OsPortBases port_bases;
    OsProbeValues values;
    Phase phase = Phase::lead;
    int next_seq = 0;
    io::MonoTime next_time{}, last_send{};
    std::vector<Pending> tui;
    std::array<int, kProbes> sends{};
    std::array<io::MonoTime, kProbes> sent_at{};
    std::array<bool, kProbes> answered{};
    engine::RttEstimator rtt;
    bool send_failed = false;
    std::optional<io::MonoTime> deadline;  // --host-timeout, once the first probe went
    std::optional<std::chrono::microseconds> time_left;
    bool timed_out = false;
};

void OsScan::learn_mac(Host& h, const wire::DecodedFrame& f) {
    if (h.scan.target().directly_connected && f.link.src_mac) h.scan.learn_mac(f.link.src_mac->octets);
}

OsScan::OsScan(std::vector<OsHostInput> hosts, IpAddress source, OsScanOptions options, DbProvider db,
               io::PacketSink& sink, const io::Clock& clock, const Logger& log, std::uint64_t seed)
    : source_(source), options_(options), db_(std::move(db)), sink_(sink), clock_(clock), log_(log), rng_(seed) {
    engine::RttLimits limits{milliseconds(1000), options_.min_timeout, milliseconds(10000)};
    auto now = clock_.now();
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        auto h = std::make_unique<Host>(i, fp::active::HostOsScan(hosts[i].target, options_.settings), limits,
                                        fp::active::OsPortBases(options_.settings.behaviour, options_.source_port));
        if (hosts[i].rtt) h->rtt.add_sample(*hosts[i].rtt);
        h->time_left = hosts[i].time_left;
        const auto& t = h->scan.target();
        h->values.source = source_;
        h->values.target = t.address;
        h->values.open_port = t.open_port.value_or(0);
        // No closed port known: T5-T7 go to a random port, U1 to a random one too.
        h->values.closed_port = t.closed_port.value_or(static_cast<std::uint16_t>(30000 + rng_() % 14781));
        h->values.closed_udp_port = t.closed_udp_port.value_or(static_cast<std::uint16_t>(30000 + rng_() % 14781));
        h->scan.set_udp_port_used(h->values.closed_udp_port);
        start_round(*h, now);
        hosts_.push_back(std::move(h));
    }
}

OsScan::~OsScan() = default;

fp::match::OsMatcher& OsScan::matcher() const {
    if (!matcher_) matcher_ = std::make_unique<fp::match::OsMatcher>(db_());
    return *matcher_;
}

std::size_t OsScan::host_count() const { return hosts_.size(); }

void OsScan::start_round(Host& h, io::MonoTime now) {
    const auto& t = h.scan.target();
    // New source ports every round, drawn as the release draws them (fp/active/
    // os_port_bases.hpp): a SYN/ACK whose reset from our kernel was lost leaves the
    // target's connection half open, and the next round's probe from the same port would
    // draw a bare ACK from it instead of a fresh answer. -g fixes both bases.
    tracker_.remove_if([&h](const engine::ProbeKey&, const ProbeRef& r) { return r.host == h.index; });
    auto bases = h.port_bases.next_round(rng_);
    h.values.tcp_port_base = bases.tcp;
    h.values.udp_port_base = bases.udp;
    h.values.seq_base = static_cast<std::uint32_t>(rng_());
    h.values.ack = static_cast<std::uint32_t>(rng_());
    h.values.icmp_id = static_cast<std::uint16_t>(rng_());
    h.values.udp_ttl = static_cast<std::uint8_t>(std::time(nullptr) % 14 + 51);
    fp::active::RoundParams p;
    p.seq_base = h.values.seq_base;
    p.ack = h.values.ack;
    p.udp_ttl = h.values.udp_ttl;
    p.has_open_port = t.open_port.has_value();
    p.has_known_closed_port = t.closed_port.has_value();
    p.localhost = t.localhost;
    p.scan_delay_ms = std::chrono::duration<double, std::milli>(options_.scan_delay).count();
    p.behaviour = options_.settings.behaviour;
    // U1's checksum as it will be sent (it does not depend on per-packet values).
    std::array<std::byte, 400> buf{};
    if (auto n = build_os_probe(buf, probe_spec(ProbeId::u1), h.values)) p.u1_udp_checksum = load_be16(buf, 26);
    h.round.emplace(p);
    h.sends.fill(0);
    h.answered.fill(false);
    h.tui.clear();
    h.next_seq = 0;
    h.next_time = now;
    begin_lead(h, now);
    log_.verbose("{} OS detection (try #{}) against {}", h.scan.tries_done() == 0 ? "Initiating" : "Retrying",
                 h.scan.tries_done() + 1, t.address.to_string());
}

void OsScan::send(Host& h, ProbeId id, io::MonoTime now) {
    const auto& spec = probe_spec(id);
    if (h.time_left && !h.deadline) h.deadline = now + std::chrono::duration_cast<io::MonoTime::duration>(*h.time_left);
    std::uniform_int_distribution<int> ttl(37, 59);
    h.values.ttl = static_cast<std::uint8_t>(options_.ttl ? *options_.ttl : ttl(rng_));
    h.values.ip_id = static_cast<std::uint16_t>(rng_());
    std::array<std::byte, 400> buf{};
    auto n = build_os_probe(buf, spec, h.values);
    if (!n) {
        h.send_failed = true;
        return;
    }
    ProbeRef ref{h.index, id};
    const auto& target = h.values.target;
    if (spec.kind == ProbeKind::icmp_echo) {
        tracker_.add({target, 1, static_cast<std::uint16_t>(h.values.icmp_id + spec.icmp_seq_offset),
                      static_cast<std::uint16_t>(fp::active::kIcmpSeqBase + spec.icmp_seq_offset)},
                     ref);
    } else {
        tracker_.add({target, static_cast<std::uint8_t>(spec.kind == ProbeKind::tcp ? 6 : 17),
                      os_probe_source_port(spec, h.values), os_probe_destination_port(spec, h.values)},
                     ref);
    }
    if (auto r = sink_.send(std::span(buf).first(*n), target); !r) {
        log_.warn("Failed to send OS probe {} to {}: {}", spec.name, target.to_string(), r.error().describe());
        h.send_failed = true;
    }
    ++sent_;
    ++h.sends[static_cast<std::size_t>(id)];
    h.sent_at[static_cast<std::size_t>(id)] = now;
    h.last_send = now;
    log_.debug("SENT OS probe {} to {} (try {})", spec.name, target.to_string(), h.sends[static_cast<std::size_t>(id)]);
}

// The probes whose answers do not depend on the SEQ phase, sent first: their answers are
// all in before the first SEQ probe leaves, so no reply to them falls between two SEQ
// replies and shifts a shared IP ID counter (TI); only their retransmissions overlap the
// SEQ phase, and those go unanswered unless a packet was lost.
void OsScan::begin_lead(Host& h, io::MonoTime now) {
    bool open = h.scan.target().open_port.has_value();
    auto add = [&h](ProbeId id) { h.tui.push_back(Host::Pending{id}); };
    add(ProbeId::ie1);
    add(ProbeId::ie2);
    add(ProbeId::u1);
    if (open) {
        add(ProbeId::ecn);
        add(ProbeId::t2);
        add(ProbeId::t3);
        add(ProbeId::t4);
    }
    add(ProbeId::t5);
    add(ProbeId::t6);
    add(ProbeId::t7);
    h.phase = Host::Phase::lead;
    h.next_time = now;
}

// After the SEQ phase: the OPS/WIN fallback for each SEQ probe without a reply, and the T1
// fallback when SEQ1 got none (Nmap sends these only when needed).
void OsScan::add_fallbacks(Host& h) {
    for (int k = 0; k < 6; ++k)
        if (!h.round->has_ops_value(k)) h.tui.push_back(Host::Pending{static_cast<ProbeId>(static_cast<int>(ProbeId::ops1) + k)});
    if (!h.round->has_t_result(0)) h.tui.push_back(Host::Pending{ProbeId::t1});
}

void OsScan::end_round(Host& h, io::MonoTime now) {
    h.scan.end_round(*h.round, h.send_failed, matcher());
    if (h.round->rst_on_open_port())
        log_.warn("WARNING: RST from {} port {} -- is this port really open?", h.values.target.to_string(),
                  h.values.open_port);
    if (h.scan.done()) {
        h.phase = Host::Phase::done;
        return;
    }
    // A guard interval for late replies before the next round reuses the ports.
    h.phase = Host::Phase::gap;
    h.next_time = now + h.rtt.timeout();
}

// How long the lead probes get before the SEQ phase: ten round trips, at least 5 ms and
// at most the retransmission timeout.
io::MonoTime::duration OsScan::lead_settle(const Host& h) {
    auto timeout = std::chrono::duration_cast<io::MonoTime::duration>(h.rtt.timeout());
    auto srtt = h.rtt.srtt();
    if (!srtt) return timeout;
    auto settle = std::chrono::duration_cast<io::MonoTime::duration>(*srtt * 10);
    return std::clamp<io::MonoTime::duration>(settle, milliseconds(5), timeout);
}

// Sends first transmissions and retransmissions of the queued probes; returns whether
// every one is finished (answered or given up).
// No retransmission while the SEQ probes are out: an answer to one (an ICMP error for T4-T7
// from a host with one IP ID counter) would fall between two SEQ answers and change TI and
// SS, which Nmap, sending its other probes after the SEQ phase, never sees.
bool OsScan::seq_phase(const Host& h) { return h.phase == Host::Phase::seq || h.phase == Host::Phase::seq_wait; }

bool OsScan::service_queue(Host& h, io::MonoTime now) {
    auto delay = std::chrono::duration_cast<io::MonoTime::duration>(options_.scan_delay);
    bool finished = true;
    for (auto& p : h.tui) {
        if (p.finished) continue;
        if (h.answered[static_cast<std::size_t>(p.id)]) {
            p.finished = true;
            continue;
        }
        finished = false;
        bool spaced = delay.count() == 0 || now - h.last_send >= delay;
        if (p.sends == 0) {
            if (!spaced) continue;
            send(h, p.id, now);
            p.sends = 1;
            p.first = p.last = now;
        } else if (now - p.last >= h.rtt.timeout() && !seq_phase(h)) {
            if (p.sends > options_.max_retransmissions) {
                p.finished = true;  // given up
            } else if (spaced) {
                send(h, p.id, now);
                ++p.sends;
                p.last = now;
            }
        }
    }
    return finished;
}

void OsScan::poll_host(Host& h, io::MonoTime now) {
    if (h.phase == Host::Phase::done) return;
    if (h.deadline && now >= *h.deadline) {  // --host-timeout: given up
        h.phase = Host::Phase::done;
        h.timed_out = true;
        return;
    }
    if (h.phase == Host::Phase::gap) {
        if (now >= h.next_time) start_round(h, now);
        return;
    }
    bool queue_finished = service_queue(h, now);
    auto delay = std::chrono::duration_cast<io::MonoTime::duration>(options_.scan_delay);
    switch (h.phase) {
        case Host::Phase::lead: {
            // Every lead probe answered, or unanswered long enough that an answer would be
            // far out of line with this host's round-trip time.
            bool settled = std::all_of(h.tui.begin(), h.tui.end(), [&](const Host::Pending& p) {
                return p.finished || (p.sends > 0 && now - p.first >= lead_settle(h));
            });
            if (!settled) break;
            h.phase = h.scan.target().open_port ? Host::Phase::seq : Host::Phase::finishing;
            h.next_time = now;
            if (h.phase == Host::Phase::seq) poll_host(h, now);
            break;
        }
        case Host::Phase::seq:
            while (h.next_seq < 6 && now >= h.next_time) {
                auto id = static_cast<ProbeId>(static_cast<int>(ProbeId::seq1) + h.next_seq);
                send(h, id, now);
                auto wall = std::chrono::duration_cast<std::chrono::seconds>(clock_.wall().time_since_epoch()).count();
                h.round->set_seq_sent(h.next_seq, micros(now), wall);
                ++h.next_seq;
                h.next_time = now + std::max<io::MonoTime::duration>(kSeqSpacing, delay);
            }
            if (h.next_seq == 6) {
                h.phase = Host::Phase::seq_wait;
                h.next_time = now + h.rtt.timeout();
            }
            break;
        case Host::Phase::seq_wait: {
            bool all = true;
            for (int k = 0; k < 6; ++k) all = all && h.answered[static_cast<std::size_t>(k)];
            if (!all && now < h.next_time) break;
            add_fallbacks(h);
            h.phase = Host::Phase::finishing;
            service_queue(h, now);
            break;
        }
        case Host::Phase::finishing:
            if (queue_finished) end_round(h, now);
            break;
        case Host::Phase::gap:
        case Host::Phase::done: break;
    }
}

void OsScan::poll() {
    auto now = clock_.now();
    for (auto& h : hosts_) poll_host(*h, now);
}

void OsScan::on_frame(const wire::DecodedFrame& f) {
    if (!f.ipv4 || f.ipv4->is_fragment()) return;
    IpAddress from = wire::to_ip_address(f.ipv4->src());
    if (f.tcp) on_tcp(f, from);
    else if (f.icmp4) on_icmp(f, from);
}

void OsScan::on_tcp(const wire::DecodedFrame& f, const IpAddress& from) {
    const auto& tcp = *f.tcp;
    const ProbeRef* ref = tracker_.find({from, 6, tcp.dst_port(), tcp.src_port()});
    if (!ref) return;
    Host& h = *hosts_[ref->host];
    if (!h.round || h.phase == Host::Phase::done || h.phase == Host::Phase::gap) return;
    learn_mac(h, f);
    auto r = fp::active::tcp_reply_from(tcp, ip_meta(*f.ipv4));
    auto now = clock_.now();
    auto i = static_cast<std::size_t>(ref->probe);
    bool useful = h.round->on_tcp_reply(ref->probe, r);
    if (useful && !h.answered[i]) {
        // Karn: only a probe sent once gives a clean RTT sample.
        if (h.sends[i] == 1) h.rtt.add_sample(std::chrono::duration_cast<microseconds>(now - h.sent_at[i]));
        h.answered[i] = true;
    }
}

void OsScan::on_icmp(const wire::DecodedFrame& f, const IpAddress& from) {
    const auto& icmp = *f.icmp4;
    if (icmp.type() == 0) {
        const ProbeRef* ref = tracker_.find({from, 1, icmp.id(), icmp.sequence()});
        if (!ref) return;
        Host& h = *hosts_[ref->host];
        if (!h.round || h.phase == Host::Phase::done || h.phase == Host::Phase::gap) return;
        learn_mac(h, f);
        auto i = static_cast<std::size_t>(ref->probe);
        if (h.round->on_echo_reply(ref->probe, {ip_meta(*f.ipv4), icmp.code()}, h.sends[i] > 1)) h.answered[i] = true;
        return;
    }
    if (icmp.type() != 3 || icmp.code() != 3) return;
    auto quote = icmp.quote();
    if (!quote || quote->ip.protocol() != 17) return;
    auto sport = quote->transport.src_port(), dport = quote->transport.dst_port();
    if (!sport || !dport) return;
    const ProbeRef* ref = tracker_.find({from, 17, *sport, *dport});
    if (!ref) return;
    Host& h = *hosts_[ref->host];
    if (!h.round || h.phase == Host::Phase::done || h.phase == Host::Phase::gap) return;
    learn_mac(h, f);
    fp::active::PortUnreachableReply r;
    r.outer = ip_meta(*f.ipv4);
    r.unused = icmp.rest_of_header();
    r.quoted = ip_meta(quote->ip);
    r.quoted_ip_checksum = quote->ip.checksum();
    auto header = quote->ip.header();
    std::copy_n(header.begin(), std::min<std::size_t>(20, header.size()), r.quoted_ip_header.begin());
    r.quoted_udp_checksum = quote->transport.udp_checksum().value_or(0);
    Bytes quoted = icmp.payload();
    std::size_t start = quote->ip.header_length() + 8;
    if (quoted.size() > start) r.quoted_payload = copy(quoted.subspan(start));
    if (h.round->on_port_unreachable(r, h.scan.udp_distance())) h.answered[static_cast<std::size_t>(ProbeId::u1)] = true;
}

std::optional<io::MonoTime> OsScan::next_wakeup() const {
    std::optional<io::MonoTime> best;
    for (const auto& h : hosts_) {
        if (h->phase == Host::Phase::done) continue;
        io::MonoTime t = h->phase == Host::Phase::finishing || h->phase == Host::Phase::lead ? io::MonoTime::max() : h->next_time;
        for (const auto& p : h->tui) {
            if (p.finished || (p.sends > 0 && seq_phase(*h))) continue;  // retransmitted after the SEQ phase
            t = std::min(t, p.sends == 0 ? clock_.now() : p.last + h->rtt.timeout());
            if (h->phase == Host::Phase::lead && p.sends > 0) t = std::min(t, p.first + lead_settle(*h));
        }
        if (h->deadline) t = std::min(t, *h->deadline);
        if (t == io::MonoTime::max()) continue;  // nothing timed: the next poll moves it on
        if (!best || t < *best) best = t;
    }
    return best;
}

double OsScan::progress() const {
    double done_rounds = 0, total = 0;
    for (const auto& h : hosts_) {
        int tries = h->scan.tries_done();
        bool finished = h->phase == Host::Phase::done;
        done_rounds += tries;
        total += finished ? tries : std::max(tries + 1, options_.settings.max_tries);
    }
    return total > 0 ? done_rounds / total : 1.0;
}

bool OsScan::timed_out(std::size_t host) const { return hosts_.at(host)->timed_out; }

bool OsScan::done() const {
    return std::all_of(hosts_.begin(), hosts_.end(), [](const auto& h) { return h->phase == Host::Phase::done; });
}

fp::active::HostOsScan::Final OsScan::result(std::size_t host) const {
    auto wall = clock_.wall();
    std::time_t now = std::chrono::system_clock::to_time_t(wall);
    std::tm local{};
    localtime_r(&now, &local);
    return hosts_.at(host)->scan.finish(matcher(), static_cast<std::int64_t>(now), local.tm_mon + 1, local.tm_mday);
}

}  // namespace whorl::scan
