// OsScan6: Nmap's IPv6 OS detection engine (FPEngine6) for a group of hosts, as a state
// machine the event loop pumps. Per host: S1-S6 at a random 0-99 ms offset and then
// 100 ms apart; after the last of them, one further probe (IE1, IE2, NS, U1, TECN, T2-T7)
// per 50 ms step (Nmap's event-loop tick), and at each step at most one unanswered probe
// retransmitted once the retransmission timeout (3 s until an answer gives an RTT, then
// srtt + max(500 ms, 4 rttvar), at least 100 ms) has passed, up to --max-os-tries times.
// When every S probe is answered or timed out and one timed out, all six go again and the
// better set of answers is kept. One congestion window that starts at 6 probes covers all
// hosts; up to 64 of them take turns under it (Nmap: 10). Replies are matched to probes
// as Nmap's PacketParser::is_response does; fp/active6 turns them into the fingerprint
// and the verdict's print.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "base/log.hpp"
#include "fp/active6/host_result6.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "scan/os_scan.hpp"
#include "wire/frame.hpp"

namespace whorl::scan {

class OsScan6 {
public:
    OsScan6(std::vector<OsHostInput> hosts, IpAddress source, OsScanOptions options, io::PacketSink& sink,
            const io::Clock& clock, const Logger& log, std::uint64_t seed);
    ~OsScan6();

    void poll();
    void on_frame(const wire::DecodedFrame& frame);
    std::optional<io::MonoTime> next_wakeup() const;
    bool done() const;
    double progress() const;
    static constexpr const char* kName = "OS detection";

    std::size_t host_count() const;
    // Once done(): the host's result; `behaviour` gives the SCAN line's V=.
    fp::active6::Final6 result(std::size_t host, fp::NmapBehaviour behaviour) const;
    bool timed_out(std::size_t host) const;
    long long packets_sent() const { return sent_; }

private:
    struct Host;
    struct Probe;
    void start(Host& h, io::MonoTime now);
    void step(Host& h, io::MonoTime now);
    void send(Host& h, Probe& p, io::MonoTime now);
    bool request_slots(std::size_t n);
    void on_answer(Host& h, Probe& p, const wire::DecodedFrame& f, io::MonoTime now);
    void finish_host(Host& h);

    std::vector<std::unique_ptr<Host>> hosts_;
    IpAddress source_;
    OsScanOptions options_;
    io::PacketSink& sink_;
    const io::Clock& clock_;
    const Logger& log_;
    std::mt19937_64 rng_;
    io::MonoTime begin_;
    io::WallTime begin_wall_;
    long long sent_ = 0;
    // FPNetworkControl's congestion control, shared by the group.
    long long cc_sent_ = 0, cc_received_ = 0, cc_timed_out_ = 0;
    double cwnd_ = 6, ssthresh_ = 24;
    std::size_t next_host_ = 0;  // the next host to start; at most 10 run at once
};

}  // namespace whorl::scan
