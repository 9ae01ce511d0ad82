// OsScan: Nmap's OS detection for a group of hosts at once, as a state machine the event
// loop pumps. Per host and round: the ICMP, UDP, ECN and T2-T7 probes, then the six SEQ
// probes 100 ms apart, then the fallback probes; every probe but SEQ has up to three
// retransmissions. Nmap sends the SEQ probes first; sending the others first lets their
// waits overlap the SEQ phase without any answer falling between two SEQ answers (see
// docs/decisions/0006-os-probe-order.md). Replies are matched to probes by the probe
// tracker, turned into tests by fp/active, and each round is matched against nmap-os-db.
// Nmap's sleeps between rounds are not needed: a round follows the last after a short
// guard interval for late replies.
#pragma once

#include <array>
#include <functional>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "base/log.hpp"
#include "engine/probe_tracker.hpp"
#include "engine/rtt_estimator.hpp"
#include "fp/active/host_os_scan.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "wire/frame.hpp"

namespace whorl::scan {

struct OsScanOptions {
    fp::active::OsSettings settings;
    std::chrono::microseconds scan_delay{0};
    std::optional<int> ttl;  // --ttl: fixed TTL for TCP and ICMP probes
    int max_retransmissions = 3;
    std::chrono::microseconds min_timeout{30'000};
    std::optional<std::uint16_t> source_port;  // -g
};

struct OsHostInput {
    fp::active::OsTarget target;
    std::optional<std::chrono::microseconds> rtt;  // from the port scan, to start timeouts
    // --host-timeout: what is left of the host's time (its clock runs from its first OS
    // probe); the host is given up when it runs out.
    std::optional<std::chrono::microseconds> time_left;
};

class OsScan {
public:
    // The database is asked for only when the first round ends, so a scan can start its
    // probes while nmap-os-db is still being read.
    using DbProvider = std::function<const fp::db::OsDb&()>;
    OsScan(std::vector<OsHostInput> hosts, IpAddress source, OsScanOptions options, DbProvider db, io::PacketSink& sink,
           const io::Clock& clock, const Logger& log, std::uint64_t seed);
    ~OsScan();

    // Sends what is due and handles timeouts and round ends.
    void poll();
    // A captured frame (any: the ones that are not replies to our probes are ignored).
    void on_frame(const wire::DecodedFrame& frame);
    std::optional<io::MonoTime> next_wakeup() const;
    bool done() const;
    // Rounds finished over the rounds the hosts may still need, 0..1.
    double progress() const;
    static constexpr const char* kName = "OS detection";

    std::size_t host_count() const;
    // Once done(): the host's result.
    fp::active::HostOsScan::Final result(std::size_t host) const;
    bool timed_out(std::size_t host) const;
    // Wall time of the first SEQ probe of the last round (for the uptime's lastboot).
    long long packets_sent() const { return sent_; }

private:
    struct Host;
    struct ProbeRef {
        std::size_t host;
        fp::active::ProbeId probe;
    };
    void start_round(Host& h, io::MonoTime now);
    void send(Host& h, fp::active::ProbeId id, io::MonoTime now);
    void poll_host(Host& h, io::MonoTime now);
    void begin_lead(Host& h, io::MonoTime now);
    static void add_fallbacks(Host& h);
    bool service_queue(Host& h, io::MonoTime now);
    static bool seq_phase(const Host& h);
    static io::MonoTime::duration lead_settle(const Host& h);
    void end_round(Host& h, io::MonoTime now);
    void on_tcp(const wire::DecodedFrame& f, const IpAddress& from);
    void on_icmp(const wire::DecodedFrame& f, const IpAddress& from);
    static void learn_mac(Host& h, const wire::DecodedFrame& f);

    std::vector<std::unique_ptr<Host>> hosts_;
    IpAddress source_;
    OsScanOptions options_;
    fp::match::OsMatcher& matcher() const;

    DbProvider db_;
    io::PacketSink& sink_;
    const io::Clock& clock_;
    const Logger& log_;
    std::mt19937_64 rng_;
    engine::ProbeTracker<ProbeRef> tracker_;
    mutable std::unique_ptr<fp::match::OsMatcher> matcher_;
    long long sent_ = 0;
};

}  // namespace whorl::scan
