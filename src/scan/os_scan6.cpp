// The IPv6 OS-detection state machine: probe schedule, retransmissions, reply intake.
#include "scan/os_scan6.hpp"

#include <algorithm>
#include <array>
#include <ctime>

#include "fp/active/tcp_reply.hpp"
#include "scan/os_probe6_packet.hpp"
#include "wire/icmp6.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/tcp_options.hpp"

namespace whorl::scan {

using fp::active6::Probe6Id;
using fp::active6::Probe6Kind;
using std::chrono::microseconds;
using std::chrono::milliseconds;

namespace {

constexpr auto kTimedSpacing = milliseconds(100);
constexpr auto kStep = milliseconds(50);  // nsock_loop(nsp, 50) between two schedule() calls
constexpr auto kInitialRto = microseconds(3'000'000);
constexpr auto kMinRto = microseconds(100'000);
// Nmap runs 10 hosts at a time (OSSCAN_GROUP_SIZE); what protects the network is the
// congestion window over all of them, which whorl keeps, so it lets more hosts take turns
// under it (docs/decisions/0027).
constexpr std::size_t kGroupSize = 64;
constexpr double kInitialCwnd = 6;

std::vector<std::byte> owned(Bytes b) { return {b.begin(), b.end()}; }

std::int64_t mono_us(io::MonoTime t) {
    return std::chrono::duration_cast<microseconds>(t.time_since_epoch()).count();
}

}  // namespace

struct OsScan6::Probe {
    Probe6Id id;
    std::vector<std::byte> packet;  // built once: a retransmission is the same packet
    OsProbe6Values values;
    std::optional<io::MonoTime> due;  // scheduled, not sent yet
    std::optional<io::MonoTime> sent;
    io::WallTime sent_wall{};
    int retransmissions = 0;
    int replies = 0;
    bool failed = false;
    std::optional<fp::active6::Answer6> answer;
    std::optional<fp::active6::Answer6> kept;  // S1-S6: the better earlier set (aux_resp)
};

struct OsScan6::Host {
    std::size_t index = 0;
    fp::active::OsTarget target;
    std::vector<Probe> probes;
    std::size_t timed = 0;       // S probes at the front of `probes`
    std::size_t scheduled = 0;   // probes handed to the schedule (probes_sent)
    bool timed_scheduled = false;
    bool started = false, finished = false, timed_out = false;
    io::MonoTime next_step{};
    std::optional<microseconds> time_left;
    std::optional<io::MonoTime> deadline;
    microseconds rto = kInitialRto;
    std::optional<microseconds> srtt, rttvar;
    bool send_failed = false;
    std::uint16_t closed_udp_port = 0;
};

OsScan6::OsScan6(std::vector<OsHostInput> hosts, IpAddress source, OsScanOptions options, io::PacketSink& sink,
                 const io::Clock& clock, const Logger& log, std::uint64_t seed)
    : source_(source), options_(options), sink_(sink), clock_(clock), log_(log), rng_(seed), begin_(clock.now()),
      begin_wall_(clock.wall()), cwnd_(kInitialCwnd), ssthresh_(4 * kInitialCwnd) {
    const auto magic = static_cast<std::uint16_t>(33000 + rng_() % 31000);
    for (std::size_t i = 0; i < hosts.size(); ++i) {
        auto h = std::make_unique<Host>();
        h->index = i;
        h->target = hosts[i].target;
        h->time_left = hosts[i].time_left;
        const auto& t = h->target;
        OsProbe6Values v;
        v.source = source_;
        v.target = t.address;
        v.open_port = t.open_port.value_or(0);
        v.closed_port = t.closed_port.value_or(0);
        h->closed_udp_port = t.closed_udp_port.value_or(static_cast<std::uint16_t>(30000 + rng_() % 14781));
        v.closed_udp_port = h->closed_udp_port;
        v.seq_base = static_cast<std::uint32_t>(rng_());
        v.tcp_port_base = options_.source_port ? *options_.source_port : static_cast<std::uint16_t>(magic + rng_() % 256);
        v.udp_port_base = options_.source_port ? *options_.source_port : static_cast<std::uint16_t>(magic + rng_() % 256);
        std::uint16_t echo_seq = 0;
        for (auto id : fp::active6::probe6_plan(t.open_port.has_value(), t.closed_port.has_value(), t.directly_connected)) {
            Probe p;
            p.id = id;
            p.values = v;
            p.values.ack = static_cast<std::uint32_t>(rng_());
            if (fp::active6::probe6_kind(id) == Probe6Kind::echo) p.values.echo_sequence = echo_seq++;
            p.values.hop_limit = static_cast<std::uint8_t>(options_.ttl ? *options_.ttl : 37 + rng_() % 23);
            std::array<std::byte, 400> buf{};
            if (auto n = build_os_probe6(buf, id, p.values)) p.packet.assign(buf.begin(), buf.begin() + *n);
            else h->send_failed = true;
            if (fp::active6::is_timed(id)) ++h->timed;
            h->probes.push_back(std::move(p));
        }
        hosts_.push_back(std::move(h));
    }
}

OsScan6::~OsScan6() = default;

std::size_t OsScan6::host_count() const { return hosts_.size(); }

bool OsScan6::request_slots(std::size_t n) {
    const long long outstanding = cc_sent_ - cc_received_ - cc_timed_out_;
    if (static_cast<double>(outstanding + static_cast<long long>(n)) > cwnd_) return false;
    cc_sent_ += static_cast<long long>(n);
    return true;
}

void OsScan6::start(Host& h, io::MonoTime now) {
    h.started = true;
    h.next_step = now;
    if (h.time_left) h.deadline = now + std::chrono::duration_cast<io::MonoTime::duration>(*h.time_left);
}

void OsScan6::send(Host& h, Probe& p, io::MonoTime now) {
    p.due.reset();
    p.sent = now;
    p.sent_wall = clock_.wall();
    if (p.packet.empty()) return;
    if (auto r = sink_.send(p.packet, h.target.address); !r) {
        log_.warn("Failed to send OS probe {} to {}: {}", fp::active6::probe6_name(p.id), h.target.address.to_string(),
                  r.error().describe());
        h.send_failed = true;
    }
    ++sent_;
}

// FPHost6::schedule(): the next probe, one retransmission, the timed probes' fate.
void OsScan6::step(Host& h, io::MonoTime now) {
    h.next_step = now + kStep;
    if (h.timed > 0 && !h.timed_scheduled) {
        if (!request_slots(h.timed)) return;
        h.timed_scheduled = true;
        auto offset = milliseconds(rng_() % 100);
        for (std::size_t i = 0; i < h.timed; ++i) h.probes[i].due = now + offset + kTimedSpacing * static_cast<int>(i);
        h.scheduled = h.timed;
        return;
    }
    // Nothing else goes while an S probe waits to be sent (first time or again).
    for (std::size_t i = 0; i < h.timed; ++i)
        if (h.probes[i].due) return;
    if (h.scheduled < h.probes.size() && request_slots(1)) {
        send(h, h.probes[h.scheduled], now);
        ++h.scheduled;
    }
    for (std::size_t i = h.timed; i < h.scheduled; ++i) {
        Probe& p = h.probes[i];
        if (p.answer || !p.sent || p.failed || now - *p.sent < h.rto) continue;
        if (p.retransmissions >= options_.settings.max_tries) {
            p.failed = true;
            ++cc_timed_out_;
            continue;
        }
        ++p.retransmissions;
        send(h, p, now);
        break;
    }
    if (h.timed == 0) return;
    std::size_t answered = 0, timed_out = 0;
    bool timed_failed = false;
    for (std::size_t i = 0; i < h.timed; ++i) {
        Probe& p = h.probes[i];
        if (p.answer) {
            ++answered;
            continue;
        }
        if (p.failed) {
            timed_failed = true;
            continue;
        }
        if (p.sent && now - *p.sent >= h.rto) {
            if (p.retransmissions >= options_.settings.max_tries) {
                p.failed = true;
                ++cc_timed_out_;
            } else {
                ++timed_out;
            }
        }
    }
    if (timed_failed || timed_out == 0 || answered + timed_out != h.timed) return;
    // All six again, 100 ms apart; the set with more answers is kept.
    std::size_t stored = 0;
    for (std::size_t i = 0; i < h.timed; ++i) stored += h.probes[i].kept ? 1 : 0;
    for (std::size_t i = 0; i < h.timed; ++i) {
        Probe& p = h.probes[i];
        if (answered > stored) p.kept = std::move(p.answer);
        p.answer.reset();
    }
    auto offset = milliseconds(rng_() % 100);
    for (std::size_t i = 0; i < h.timed; ++i) {
        ++h.probes[i].retransmissions;
        h.probes[i].due = now + offset + kTimedSpacing * static_cast<int>(i);
    }
}

void OsScan6::finish_host(Host& h) {
    h.finished = true;
    // set_done_and_wrap_up(): the earlier set of S answers if it had more.
    std::size_t stored = 0, current = 0;
    for (std::size_t i = 0; i < h.timed; ++i) {
        stored += h.probes[i].kept ? 1 : 0;
        current += h.probes[i].answer ? 1 : 0;
    }
    if (stored > current)
        for (std::size_t i = 0; i < h.timed; ++i) h.probes[i].answer = std::move(h.probes[i].kept);
}

void OsScan6::poll() {
    auto now = clock_.now();
    std::size_t running = 0;
    for (auto& hp : hosts_) running += hp->started && !hp->finished ? 1 : 0;
    while (running < kGroupSize && next_host_ < hosts_.size()) {
        start(*hosts_[next_host_++], now);
        ++running;
    }
    for (auto& hp : hosts_) {
        Host& h = *hp;
        if (!h.started || h.finished) continue;
        if (h.deadline && now >= *h.deadline) {
            h.timed_out = true;
            h.finished = true;
            continue;
        }
        for (auto& p : h.probes)
            if (p.due && *p.due <= now) send(h, p, now);
        if (now >= h.next_step) step(h, now);
        bool all = h.scheduled == h.probes.size();
        for (const auto& p : h.probes) all = all && !p.due && (p.answer || p.failed);
        if (all) finish_host(h);
    }
}

std::optional<io::MonoTime> OsScan6::next_wakeup() const {
    std::optional<io::MonoTime> t;
    auto earliest = [&t](io::MonoTime x) { t = t ? std::min(*t, x) : x; };
    for (const auto& hp : hosts_) {
        if (!hp->started || hp->finished) continue;
        earliest(hp->next_step);
        for (const auto& p : hp->probes)
            if (p.due) earliest(*p.due);
        if (hp->deadline) earliest(*hp->deadline);
    }
    if (!t && next_host_ < hosts_.size()) t = clock_.now();
    return t;
}

bool OsScan6::done() const {
    return next_host_ >= hosts_.size() &&
           std::all_of(hosts_.begin(), hosts_.end(), [](const auto& h) { return h->finished; });
}

double OsScan6::progress() const {
    std::size_t total = 0, settled = 0;
    for (const auto& h : hosts_) {
        total += h->probes.size();
        for (const auto& p : h->probes) settled += (h->finished || p.answer || p.failed) ? 1 : 0;
    }
    return total ? static_cast<double>(settled) / static_cast<double>(total) : 1.0;
}

bool OsScan6::timed_out(std::size_t host) const { return hosts_.at(host)->timed_out; }

namespace {

// The ICMPv6 error's quoted probe: its addresses are ours and the target's, and its
// transport is the probe's.
bool quotes_probe(const wire::Icmp6Quote& q, const OsProbe6Values& v, Probe6Id id) {
    auto src = wire::to_ipv6(v.source), dst = wire::to_ipv6(v.target);
    if (!src || !dst || q.ip.src() != *src || q.ip.dst() != *dst) return false;
    switch (fp::active6::probe6_kind(id)) {
        case Probe6Kind::tcp:
            return q.extensions.upper_protocol() == 6 &&
                   q.transport.src_port() == os_probe6_source_port(id, v) &&
                   q.transport.dst_port() == os_probe6_destination_port(id, v);
        case Probe6Kind::udp:
            return q.extensions.upper_protocol() == 17 &&
                   q.transport.src_port() == os_probe6_source_port(id, v) &&
                   q.transport.dst_port() == os_probe6_destination_port(id, v);
        case Probe6Kind::echo: {
            auto b = q.transport.bytes();
            return q.extensions.upper_protocol() == 58 && b.size() >= 8 && load_u8(b, 0) == 128 &&
                   load_u8(b, 1) == (id == Probe6Id::ie1 ? 9 : 0) && load_be16(b, 4) == fp::active6::kEchoId &&
                   load_be16(b, 6) == v.echo_sequence;
        }
        case Probe6Kind::neighbor_solicitation: {
            auto b = q.transport.bytes();
            return q.extensions.upper_protocol() == 58 && b.size() >= 24 && load_u8(b, 0) == wire::icmp6_type::kNeighborSolicitation &&
                   wire::Ipv6Address::read(b, 8) == *dst;
        }
    }
    return false;
}

// PacketParser::is_response, for the probes this engine sends.
bool answers(const wire::DecodedFrame& f, const OsProbe6Values& v, Probe6Id id) {
    if (f.icmp6 && f.icmp6->is_error()) {
        auto q = f.icmp6->quote();
        return q && quotes_probe(*q, v, id);
    }
    switch (fp::active6::probe6_kind(id)) {
        case Probe6Kind::tcp:
            return f.tcp && f.tcp->src_port() == os_probe6_destination_port(id, v) &&
                   f.tcp->dst_port() == os_probe6_source_port(id, v);
        case Probe6Kind::echo:
            return f.icmp6 && f.icmp6->type() == wire::icmp6_type::kEchoReply && f.icmp6->id() == fp::active6::kEchoId &&
                   f.icmp6->sequence() == v.echo_sequence;
        case Probe6Kind::neighbor_solicitation: {
            auto dst = wire::to_ipv6(v.target);
            auto m = f.icmp6 ? f.icmp6->message() : Bytes();
            return f.icmp6 && f.icmp6->type() == wire::icmp6_type::kNeighborAdvertisement && m.size() >= 24 && dst &&
                   wire::Ipv6Address::read(m, 8) == *dst;
        }
        case Probe6Kind::udp: return false;  // only an ICMPv6 error answers U1
    }
    return false;
}

}  // namespace

void OsScan6::on_frame(const wire::DecodedFrame& f) {
    if (!f.ipv6) return;
    auto from = wire::to_ip_address(f.ipv6->src());
    if (wire::to_ip_address(f.ipv6->dst()) != source_) return;
    for (auto& hp : hosts_) {
        Host& h = *hp;
        if (!h.started || h.finished || h.target.address != from) continue;
        auto now = clock_.now();
        for (std::size_t i = 0; i < h.scheduled; ++i) {
            Probe& p = h.probes[i];
            if (p.answer || !p.sent || !answers(f, p.values, p.id)) continue;
            on_answer(h, p, f, now);
            return;
        }
        return;
    }
}

void OsScan6::on_answer(Host& h, Probe& p, const wire::DecodedFrame& f, io::MonoTime now) {
    ++p.replies;
    fp::active6::Answer6 a;
    a.reply.probe = p.id;
    a.reply.packet = owned(f.ipv6->packet());
    a.reply.sent_seconds = std::chrono::duration<double>(*p.sent - begin_).count();
    a.reply.received_seconds = std::chrono::duration<double>(now - begin_).count();
    a.sent_hop_limit = p.values.hop_limit;
    a.sent_mono_us = mono_us(*p.sent);
    a.sent_wall_seconds = static_cast<std::int64_t>(std::chrono::system_clock::to_time_t(p.sent_wall));
    if (fp::active6::probe6_kind(p.id) == Probe6Kind::tcp) {
        const auto& spec = fp::active6::tcp6_spec(p.id);
        a.probe_seq = p.values.seq_base + spec.index;
        a.probe_ack = spec.zero_ack ? 0 : p.values.ack;
    }
    if (f.tcp) a.tcp = fp::active::tcp_reply_from(*f.tcp, fp::active6::ip_meta6(*f.ipv6));
    if (f.icmp6 && f.icmp6->is_error())
        if (auto q = f.icmp6->quote()) a.quoted_hop_limit = q->ip.hop_limit();
    p.answer = std::move(a);
    // The congestion window and the timeout (Karn: only a probe sent once gives an RTT).
    const bool clean = p.retransmissions == 0;
    if (!(fp::active6::is_timed(p.id) && p.retransmissions > 0 && p.replies > 1)) {
        ++cc_received_;
        if (clean) cwnd_ += cwnd_ < ssthresh_ ? 1.0 : 1.0 / cwnd_;
        else {
            ssthresh_ = std::max(static_cast<double>(cc_sent_ - cc_received_ - cc_timed_out_), kInitialCwnd);
            cwnd_ = kInitialCwnd;
        }
    }
    if (clean) {
        auto rtt = std::chrono::duration_cast<microseconds>(now - *p.sent);
        if (!h.srtt) {
            h.srtt = rtt;
            h.rttvar = rtt / 2;
        } else {
            h.rttvar = *h.rttvar + (std::chrono::abs(*h.srtt - rtt) - *h.rttvar) / 4;
            h.srtt = *h.srtt + (rtt - *h.srtt) / 8;
        }
        h.rto = std::max(*h.srtt + std::max(microseconds(500'000), 4 * *h.rttvar), kMinRto);
    }
}

fp::active6::Final6 OsScan6::result(std::size_t host, fp::NmapBehaviour behaviour) const {
    const Host& h = *hosts_.at(host);
    fp::active6::Scan6Summary s;
    s.target = h.target;
    s.target.closed_udp_port = h.closed_udp_port;
    s.settings = options_.settings;
    s.settings.behaviour = behaviour;
    s.flow_label = fp::active6::kFlowLabel;
    s.send_failed = h.send_failed;
    std::vector<fp::active6::Answer6> answers;
    for (const auto& p : h.probes)
        if (p.answer) answers.push_back(*p.answer);
    std::time_t now = std::chrono::system_clock::to_time_t(clock_.wall());
    std::tm local{};
    localtime_r(&now, &local);
    return fp::active6::finish6(s, answers, static_cast<std::int64_t>(now), local.tm_mon + 1, local.tm_mday);
}

}  // namespace whorl::scan
