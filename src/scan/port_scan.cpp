// The SYN scan state machine.
#include "scan/port_scan.hpp"

#include <algorithm>
#include <functional>
#include <random>

namespace whorl::scan {

PortScan::PortScan(std::size_t host_count, std::vector<std::uint16_t> ports, PortScanTiming timing,
                   io::MonoTime start, std::uint64_t shuffle_seed)
    : ports_(std::move(ports)), timing_(timing), rate_(timing.min_rate, timing.max_rate), start_(start) {
    std::mt19937_64 rng(shuffle_seed);
    hosts_.reserve(host_count);
    for (std::size_t i = 0; i < host_count; ++i) {
        Host h{.untried = ports_, .rtt = engine::RttEstimator(timing.rtt), .window = engine::CongestionWindow(timing.window)};
        // Taken from the back: descending order sends ascending.
        if (timing.in_order)
            std::sort(h.untried.begin(), h.untried.end(), std::greater<>());
        else
            std::shuffle(h.untried.begin(), h.untried.end(), rng);
        hosts_.push_back(std::move(h));
    }
}

void PortScan::seed_rtt(std::size_t host, std::chrono::microseconds rtt) { hosts_.at(host).rtt.add_sample(rtt); }

int PortScan::allowed_tryno(const Host& h) const {
    return std::min(timing_.max_retries, std::max(1, h.max_successful_tryno + 1));
}

void PortScan::give_up(Host& h) {
    outstanding_ -= static_cast<int>(h.outstanding.size());
    h.outstanding.clear();
    h.untried.clear();
    h.retry.clear();
    h.timed_out = true;
}

std::chrono::microseconds PortScan::time_used(std::size_t host, io::MonoTime now) const {
    const Host& h = hosts_.at(host);
    if (!h.first_send) return std::chrono::microseconds(0);
    return std::chrono::duration_cast<std::chrono::microseconds>(now - *h.first_send);
}

void PortScan::expire(io::MonoTime now) {
    for (auto& h : hosts_)
        if (timing_.host_timeout && h.first_send && !h.timed_out && now - *h.first_send >= *timing_.host_timeout)
            give_up(h);
    for (auto& h : hosts_) {
        auto timeout = h.rtt.timeout();
        for (auto it = h.outstanding.begin(); it != h.outstanding.end();) {
            if (now - it->second.sent < timeout) {
                ++it;
                continue;
            }
            int tryno = it->second.tryno;
            std::uint16_t port = it->first;
            it = h.outstanding.erase(it);
            --outstanding_;
            if (h.answers == 0) {
                h.window.open_to(timing_.silent_host_window);  // no sign of congestion, only of a filter
            } else if (!h.last_drop || now - *h.last_drop > timeout) {
                h.window.on_drop();
                h.last_drop = now;
            }
            if (tryno < allowed_tryno(h)) h.retry.emplace_back(port, tryno + 1);
            // Otherwise the port stays unanswered: filtered, no-response.
        }
    }
}

std::optional<PortScan::Send> PortScan::take(std::size_t i, io::MonoTime now) {
    Host& h = hosts_[i];
    if (!h.window.may_send(static_cast<int>(h.outstanding.size()))) return std::nullopt;
    if (timing_.scan_delay.count() > 0 && h.last_send && now - *h.last_send < timing_.scan_delay) return std::nullopt;
    Send s{i, 0, 0};
    if (!h.retry.empty()) {
        s.port = h.retry.front().first;
        s.tryno = h.retry.front().second;
        h.retry.erase(h.retry.begin());
    } else if (!h.untried.empty()) {
        s.port = h.untried.back();
        h.untried.pop_back();
    } else {
        return std::nullopt;
    }
    h.outstanding[s.port] = Outstanding{s.tryno, now};
    h.last_send = now;
    if (!h.first_send) h.first_send = now;
    ++outstanding_;
    ++sent_;
    return s;
}

std::vector<PortScan::Send> PortScan::next(io::MonoTime now, std::size_t max) {
    expire(now);
    std::vector<Send> out;
    std::size_t idle = 0;
    while (out.size() < max && idle < hosts_.size()) {
        if (rate_.next_allowed(now) > now) break;
        if (outstanding_ >= timing_.max_outstanding) break;
        auto s = take(cursor_, now);
        cursor_ = (cursor_ + 1) % hosts_.size();
        if (s) {
            rate_.take(now);
            out.push_back(*s);
            idle = 0;
        } else {
            ++idle;
        }
    }
    return out;
}

void PortScan::record(std::size_t host, std::uint16_t port, PortResult result, io::MonoTime now) {
    Host& h = hosts_.at(host);
    if (h.timed_out) return;  // given up (--host-timeout): its results are not reported
    auto it = h.outstanding.find(port);
    if (it != h.outstanding.end()) {
        // Karn: only an answer to a probe sent once is a clean RTT sample.
        if (it->second.tryno == 0) h.rtt.add_sample(std::chrono::duration_cast<std::chrono::microseconds>(now - it->second.sent));
        h.max_successful_tryno = std::max(h.max_successful_tryno, it->second.tryno);
        if (it->second.tryno > 0 && (!h.last_drop || now - *h.last_drop > h.rtt.timeout())) {
            h.window.on_drop();
            h.last_drop = now;
        }
        h.outstanding.erase(it);
        --outstanding_;
    } else if (std::find(ports_.begin(), ports_.end(), port) == ports_.end() || h.answered.contains(port)) {
        return;  // not a port we scan, or a duplicate
    } else {
        // A late answer to a probe already timed out (and maybe queued for retry).
        std::erase_if(h.retry, [port](const auto& r) { return r.first == port; });
    }
    h.window.on_answer();
    ++h.answers;
    result.port = port;
    h.answered.emplace(port, result);
}

void PortScan::on_tcp_answer(std::size_t host, std::uint16_t port, bool syn_ack, std::uint8_t ttl, io::MonoTime now) {
    record(host, port,
           PortResult{port, syn_ack ? PortState::open : PortState::closed, syn_ack ? Reason::syn_ack : Reason::reset, ttl},
           now);
}

void PortScan::on_icmp_unreachable(std::size_t host, std::uint16_t port, std::uint8_t type, std::uint8_t code,
                                   std::uint8_t ttl, io::MonoTime now) {
    auto v = syn_scan_icmp_verdict(type, code);
    if (!v) return;
    record(host, port, PortResult{port, v->state, v->reason, ttl}, now);
}

std::optional<io::MonoTime> PortScan::next_event(io::MonoTime now) const {
    std::optional<io::MonoTime> best;
    auto consider = [&best](io::MonoTime t) {
        if (!best || t < *best) best = t;
    };
    for (const auto& h : hosts_) {
        if (timing_.host_timeout && h.first_send && !h.timed_out) consider(*h.first_send + *timing_.host_timeout);
        for (const auto& [port, o] : h.outstanding) consider(o.sent + h.rtt.timeout());
        bool has_work = !h.retry.empty() || !h.untried.empty();
        bool group_room = outstanding_ < timing_.max_outstanding;
        if (has_work && group_room && h.window.may_send(static_cast<int>(h.outstanding.size()))) {
            auto t = now;
            if (timing_.scan_delay.count() > 0 && h.last_send) t = std::max(t, *h.last_send + timing_.scan_delay);
            consider(std::max(t, rate_.next_allowed(now)));
        }
    }
    return best;
}

double PortScan::progress() const {
    if (hosts_.empty() || ports_.empty()) return 1;
    std::size_t settled = 0;
    for (const auto& h : hosts_)
        settled += ports_.size() - h.untried.size() - h.retry.size() - h.outstanding.size();
    return static_cast<double>(settled) / static_cast<double>(hosts_.size() * ports_.size());
}

bool PortScan::host_done(std::size_t i) const {
    const Host& h = hosts_[i];
    return h.untried.empty() && h.retry.empty() && h.outstanding.empty();
}

bool PortScan::done() const {
    for (std::size_t i = 0; i < hosts_.size(); ++i)
        if (!host_done(i)) return false;
    return true;
}

std::vector<PortResult> PortScan::results(std::size_t host) const {
    const Host& h = hosts_.at(host);
    std::vector<PortResult> out;
    out.reserve(ports_.size());
    for (auto p : ports_) {
        auto it = h.answered.find(p);
        out.push_back(it != h.answered.end() ? it->second : PortResult{p, PortState::filtered, Reason::no_response, 0});
    }
    std::sort(out.begin(), out.end(), [](const PortResult& a, const PortResult& b) { return a.port < b.port; });
    return out;
}

}  // namespace whorl::scan
