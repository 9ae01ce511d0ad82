// The SYN scan state machine against simulated hosts: states and reasons, retransmission
// limits, loss, many hosts, a host that drops everything, and rate limits. Time is
// simulated; nothing is sent.
#include "scan/port_scan.hpp"

#include <map>
#include <random>

#include <gtest/gtest.h>

namespace whorl::scan {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

struct SimHost {
    std::map<std::uint16_t, PortState> ports;  // open, closed or filtered (dropped); others closed
    double loss = 0;                           // chance that a probe or its answer is lost
};

struct SimResult {
    std::vector<std::vector<PortResult>> results;
    io::MonoTime::duration elapsed;
    long long probes;
};

SimResult simulate(std::vector<SimHost> hosts, std::vector<std::uint16_t> ports, PortScanTiming timing = {},
                   microseconds rtt = microseconds(500)) {
    io::MonoTime t0{};
    PortScan scan(hosts.size(), ports, timing, t0, 42);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> coin(0, 1);
    std::multimap<io::MonoTime, std::pair<std::size_t, std::uint16_t>> in_flight;  // replies
    io::MonoTime now = t0;
    for (int step = 0; step < 1'000'000 && !scan.done(); ++step) {
        for (const auto& s : scan.next(now, 64)) {
            const SimHost& h = hosts[s.host];
            auto it = h.ports.find(s.port);
            PortState st = it == h.ports.end() ? PortState::closed : it->second;
            if (st == PortState::filtered || coin(rng) < h.loss) continue;
            in_flight.emplace(now + rtt, std::make_pair(s.host, s.port));
        }
        auto next = scan.next_event(now);
        io::MonoTime wake = next ? *next : now + milliseconds(1);
        if (!in_flight.empty() && in_flight.begin()->first < wake) wake = in_flight.begin()->first;
        now = std::max(wake, now + microseconds(1));
        while (!in_flight.empty() && in_flight.begin()->first <= now) {
            auto [host, port] = in_flight.begin()->second;
            in_flight.erase(in_flight.begin());
            auto it = hosts[host].ports.find(port);
            bool open = it != hosts[host].ports.end() && it->second == PortState::open;
            scan.on_tcp_answer(host, port, open, 64, now);
        }
    }
    SimResult r;
    for (std::size_t i = 0; i < hosts.size(); ++i) r.results.push_back(scan.results(i));
    r.elapsed = now - t0;
    r.probes = scan.probes_sent();
    return r;
}

std::vector<std::uint16_t> range(int lo, int hi) {
    std::vector<std::uint16_t> v;
    for (int p = lo; p <= hi; ++p) v.push_back(static_cast<std::uint16_t>(p));
    return v;
}

const PortResult& port(const std::vector<PortResult>& rs, std::uint16_t p) {
    for (const auto& r : rs)
        if (r.port == p) return r;
    static PortResult none;
    ADD_FAILURE() << "port " << p << " missing";
    return none;
}

TEST(PortScan, OpenClosedAndFilteredWithReasons) {
    SimHost h{{{22, PortState::open}, {80, PortState::open}, {25, PortState::filtered}}};
    auto r = simulate({h}, range(1, 1000));
    ASSERT_EQ(r.results[0].size(), 1000u);
    EXPECT_EQ(port(r.results[0], 22).state, PortState::open);
    EXPECT_EQ(port(r.results[0], 22).reason, Reason::syn_ack);
    EXPECT_EQ(port(r.results[0], 81).state, PortState::closed);
    EXPECT_EQ(port(r.results[0], 81).reason, Reason::reset);
    EXPECT_EQ(port(r.results[0], 25).state, PortState::filtered);
    EXPECT_EQ(port(r.results[0], 25).reason, Reason::no_response);
    // Every port answered at the first try: the filtered one is sent only twice.
    EXPECT_EQ(r.probes, 1001);
    EXPECT_LT(r.elapsed, milliseconds(400));
}

TEST(PortScan, SilentHostIsCalledFilteredAfterTwoQuickPasses) {
    SimHost dark;
    for (auto p : range(1, 1000)) dark.ports[p] = PortState::filtered;
    PortScanTiming t;
    auto r = simulate({dark}, range(1, 1000), t);
    for (const auto& pr : r.results[0]) ASSERT_EQ(pr.state, PortState::filtered);
    EXPECT_EQ(r.probes, 2000);
    // Initial timeout 1 s (no RTT sample) and at most 300 probes outstanding (Nmap's
    // largest window): about nine timeouts of a second, not Nmap's 20+ seconds.
    EXPECT_LT(r.elapsed, std::chrono::seconds(10));
}

TEST(PortScan, SeededRttMakesTheSilentHostFast) {
    io::MonoTime t0{};
    PortScan scan(1, range(1, 1000), {}, t0, 1);
    scan.seed_rtt(0, microseconds(300));
    io::MonoTime now = t0;
    while (!scan.done()) {
        scan.next(now, 64);
        now = scan.next_event(now).value_or(now + milliseconds(1));
    }
    EXPECT_EQ(scan.probes_sent(), 2000);
    EXPECT_LT(now - t0, milliseconds(1500));
}

TEST(PortScan, LossIsRecoveredByRetransmission) {
    SimHost lossy{{{22, PortState::open}, {443, PortState::open}}, 0.10};
    auto r = simulate({lossy}, range(1, 1000));
    EXPECT_EQ(port(r.results[0], 22).state, PortState::open);
    EXPECT_EQ(port(r.results[0], 443).state, PortState::open);
    int filtered = 0;
    for (const auto& pr : r.results[0]) filtered += pr.state == PortState::filtered;
    EXPECT_EQ(filtered, 0);  // every port answered eventually
    EXPECT_GT(r.probes, 1000);
}

TEST(PortScan, ManyHostsInParallel) {
    std::vector<SimHost> hosts(32, SimHost{{{22, PortState::open}}});
    hosts[5].ports[80] = PortState::open;
    auto r = simulate(hosts, range(1, 1000));
    for (std::size_t i = 0; i < hosts.size(); ++i) EXPECT_EQ(port(r.results[i], 22).state, PortState::open);
    EXPECT_EQ(port(r.results[5], 80).state, PortState::open);
    EXPECT_EQ(port(r.results[4], 80).state, PortState::closed);
    EXPECT_EQ(r.probes, 32000);
}

TEST(PortScan, MaxRateIsRespected) {
    PortScanTiming t;
    t.max_rate = 1000;
    auto r = simulate({SimHost{}}, range(1, 500), t);
    EXPECT_EQ(r.probes, 500);
    EXPECT_GE(r.elapsed, milliseconds(480));
}

TEST(PortScan, MaxRetriesZeroSendsOnce) {
    PortScanTiming t;
    t.max_retries = 0;
    SimHost dark;
    for (auto p : range(1, 100)) dark.ports[p] = PortState::filtered;
    auto r = simulate({dark}, range(1, 100), t);
    EXPECT_EQ(r.probes, 100);
}

TEST(PortScan, IcmpUnreachableMeansFiltered) {
    io::MonoTime t0{};
    PortScan scan(1, {23}, {}, t0, 1);
    auto sent = scan.next(t0);
    ASSERT_EQ(sent.size(), 1u);
    scan.on_icmp_unreachable(0, 23, 3, 13, 63, t0 + milliseconds(1));
    EXPECT_TRUE(scan.done());
    EXPECT_EQ(scan.results(0)[0].state, PortState::filtered);
    EXPECT_EQ(scan.results(0)[0].reason, Reason::admin_prohibited);
    EXPECT_EQ(scan.results(0)[0].reason_ttl, 63);
}

}  // namespace
}  // namespace whorl::scan

namespace whorl::scan {
namespace {

// The first probe of each port, in the order sent.
std::vector<std::uint16_t> first_send_order(const std::vector<std::uint16_t>& ports, PortScanTiming timing) {
    PortScan scan(1, ports, timing, io::MonoTime{}, 42);
    std::vector<std::uint16_t> order;
    for (const auto& s : scan.next(io::MonoTime{}, ports.size()))
        if (s.tryno == 0) order.push_back(s.port);
    return order;
}

// -r: ports go out in ascending order; without it, shuffled.
TEST(PortScan, InOrderSendsAscendingOtherwiseShuffled) {
    std::vector<std::uint16_t> ports = {443, 22, 80, 8080, 25, 3389, 21, 110};
    PortScanTiming timing;
    timing.in_order = true;
    auto sorted = ports;  // 8 ports: all within the first congestion window
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(first_send_order(ports, timing), sorted);
    timing.in_order = false;
    auto shuffled = first_send_order(range(1, 200), timing);  // the first window's worth
    ASSERT_GE(shuffled.size(), 5u);
    EXPECT_FALSE(std::is_sorted(shuffled.begin(), shuffled.end()));
}

}  // namespace
}  // namespace whorl::scan

namespace whorl::scan {
namespace {

// --host-timeout: a host that drops every probe is given up once its clock (from its first
// probe) runs out, and reports nothing; a host that answers at once is not.
TEST(PortScan, HostTimeoutGivesUpOnTheSlowHostOnly) {
    PortScanTiming timing;
    timing.host_timeout = std::chrono::seconds(1);
    timing.scan_delay = std::chrono::milliseconds(100);  // 200 ports take 20 s at this pace
    PortScan scan(1, range(1, 200), timing, io::MonoTime{}, 42);
    io::MonoTime now{};
    while (!scan.done() && now < io::MonoTime{} + std::chrono::seconds(30)) {
        scan.next(now, 64);
        auto next = scan.next_event(now);
        now = next ? std::max(*next, now + std::chrono::microseconds(1)) : now + std::chrono::milliseconds(1);
    }
    EXPECT_TRUE(scan.done());
    EXPECT_TRUE(scan.timed_out(0));
    EXPECT_GE(now - io::MonoTime{}, std::chrono::seconds(1));
    EXPECT_LT(now - io::MonoTime{}, std::chrono::milliseconds(1200));
    EXPECT_GE(scan.time_used(0, now), std::chrono::seconds(1));
    // A host that answers every probe finishes long before its timeout.
    PortScanTiming quick;
    quick.host_timeout = std::chrono::seconds(1);
    PortScan fast(1, range(1, 20), quick, io::MonoTime{}, 42);
    now = io::MonoTime{};
    for (int step = 0; step < 1000 && !fast.done(); ++step) {
        for (const auto& s : fast.next(now, 64)) fast.on_tcp_answer(s.host, s.port, false, 64, now);
        now += std::chrono::milliseconds(1);
    }
    EXPECT_TRUE(fast.done());
    EXPECT_FALSE(fast.timed_out(0));
}

}  // namespace
}  // namespace whorl::scan
