// PortScan: the SYN port scan as a pure state machine, for many hosts at once. It decides
// which probe goes next (ports in random order, hosts interleaved), when an unanswered
// probe is retransmitted or given up, and what each answer means; the driver sends the
// probes and feeds the replies in. Timing follows Nmap's ideas: per-host RTT estimates
// and congestion windows, retransmissions limited to one more than the highest try that
// ever drew an answer, --max-retries, --min-rate/--max-rate, --scan-delay. A host that
// answers nothing (every port filtered) is not treated as congested, so its verdict comes
// after two quick passes instead of a long back-off.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "engine/congestion_window.hpp"
#include "engine/rate_limiter.hpp"
#include "engine/rtt_estimator.hpp"
#include "io/clock.hpp"
#include "scan/port_state.hpp"

namespace whorl::scan {

struct PortScanTiming {
    int max_retries = 10;
    engine::RttLimits rtt;
    engine::CongestionParams window;
    int max_outstanding = 300;  // over all hosts (Nmap's largest congestion window)
    double silent_host_window = 1000;  // window for a host whose probes all went unanswered
    std::optional<double> min_rate, max_rate;
    std::chrono::microseconds scan_delay{0};
    bool in_order = false;  // -r: each host's ports in ascending order, not shuffled
    // --host-timeout: a host is given up once this long has passed since its first probe.
    std::optional<std::chrono::microseconds> host_timeout;
};

struct PortResult {
    std::uint16_t port = 0;
    PortState state = PortState::filtered;
    Reason reason = Reason::no_response;
    std::uint8_t reason_ttl = 0;
};

class PortScan {
public:
    struct Send {
        std::size_t host;
        std::uint16_t port;
        int tryno;
    };

    PortScan(std::size_t host_count, std::vector<std::uint16_t> ports, PortScanTiming timing, io::MonoTime start,
             std::uint64_t shuffle_seed);

    // An RTT measured before the scan (an ARP reply), to start with a realistic timeout.
    void seed_rtt(std::size_t host, std::chrono::microseconds rtt);

    // The probes that may go now, at most `max`; they count as sent at `now`.
    std::vector<Send> next(io::MonoTime now, std::size_t max = 64);

    void on_tcp_answer(std::size_t host, std::uint16_t port, bool syn_ack, std::uint8_t ttl, io::MonoTime now);
    void on_icmp_unreachable(std::size_t host, std::uint16_t port, std::uint8_t type, std::uint8_t code,
                             std::uint8_t ttl, io::MonoTime now);

    // When next() may have something to send, or an outstanding probe times out.
    std::optional<io::MonoTime> next_event(io::MonoTime now) const;
    bool done() const;
    bool host_done(std::size_t host) const;
    // --host-timeout: whether the host was given up, and how long its clock has run by
    // `now` (zero before its first probe).
    bool timed_out(std::size_t host) const { return hosts_[host].timed_out; }
    std::chrono::microseconds time_used(std::size_t host, io::MonoTime now) const;

    // Every scanned port of a host, ascending; unanswered ports are filtered/no-response.
    std::vector<PortResult> results(std::size_t host) const;
    std::optional<std::chrono::microseconds> srtt(std::size_t host) const { return hosts_[host].rtt.srtt(); }
    std::chrono::microseconds rttvar(std::size_t host) const { return hosts_[host].rtt.rttvar(); }
    std::chrono::microseconds timeout(std::size_t host) const { return hosts_[host].rtt.timeout(); }
    long long probes_sent() const { return sent_; }
    // Share of ports with a final state, 0..1 (for progress reports).
    double progress() const;

private:
    struct Outstanding {
        int tryno;
        io::MonoTime sent;
    };
    struct Host {
        std::vector<std::uint16_t> untried;  // popped from the back
        std::vector<std::pair<std::uint16_t, int>> retry;  // port, next tryno
        std::unordered_map<std::uint16_t, Outstanding> outstanding;
        std::unordered_map<std::uint16_t, PortResult> answered;
        engine::RttEstimator rtt;
        engine::CongestionWindow window;
        int max_successful_tryno = -1;
        int answers = 0;
        std::optional<io::MonoTime> last_drop, last_send;
        std::optional<io::MonoTime> first_send;  // when its --host-timeout clock started
        bool timed_out = false;
    };
    void give_up(Host& h);

    void expire(io::MonoTime now);
    void record(std::size_t host, std::uint16_t port, PortResult result, io::MonoTime now);
    int allowed_tryno(const Host& h) const;
    std::optional<Send> take(std::size_t host, io::MonoTime now);

    std::vector<std::uint16_t> ports_;
    PortScanTiming timing_;
    std::vector<Host> hosts_;
    engine::RateLimiter rate_;
    io::MonoTime start_;
    std::size_t cursor_ = 0;
    int outstanding_ = 0;
    long long sent_ = 0;
};

}  // namespace whorl::scan
