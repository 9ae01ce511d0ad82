// Host discovery state machine.
#include "scan/host_discovery.hpp"

#include <algorithm>

namespace whorl::scan {

HostDiscovery::HostDiscovery(std::vector<Target> targets, io::MonoTime, int tries, std::chrono::milliseconds timeout)
    : max_tries_(tries), timeout_(timeout) {
    for (const auto& t : targets) {
        Host h{t, {}, 0, std::nullopt, !t.on_link && !t.ping};
        hosts_.push_back(h);
    }
}

std::vector<HostDiscovery::Send> HostDiscovery::next(io::MonoTime now, std::size_t max) {
    std::vector<Send> out;
    for (std::size_t i = 0; i < hosts_.size() && out.size() < max; ++i) {
        Host& h = hosts_[i];
        if (h.finished) continue;
        if (h.last_sent && now - *h.last_sent < timeout_) continue;
        if (h.tries >= max_tries_) {
            h.finished = true;  // down, or under -Pn simply not answering ARP
            continue;
        }
        ++h.tries;
        h.last_sent = now;
        if (h.target.on_link) {
            out.push_back({i, DiscoveryProbe::arp});
        } else {
            for (auto p : {DiscoveryProbe::icmp_echo, DiscoveryProbe::tcp_syn_443, DiscoveryProbe::tcp_ack_80,
                           DiscoveryProbe::icmp_timestamp})
                out.push_back({i, p});
        }
    }
    return out;
}

void HostDiscovery::on_arp_reply(std::size_t host, const std::array<std::uint8_t, 6>& mac, io::MonoTime now,
                                 Reason reason) {
    Host& h = hosts_.at(host);
    if (!h.result.mac) h.result.mac = mac;
    on_answer(host, reason, 0, now);
}

void HostDiscovery::on_answer(std::size_t host, Reason reason, std::uint8_t ttl, io::MonoTime now) {
    Host& h = hosts_.at(host);
    if (h.result.up) return;
    h.result.up = true;
    h.result.reason = reason;
    h.result.reason_ttl = ttl;
    if (h.last_sent && h.tries == 1)
        h.result.rtt = std::chrono::duration_cast<std::chrono::microseconds>(now - *h.last_sent);
    h.finished = true;
}

std::optional<io::MonoTime> HostDiscovery::next_event() const {
    std::optional<io::MonoTime> best;
    for (const auto& h : hosts_) {
        if (h.finished) continue;
        io::MonoTime t = h.last_sent ? *h.last_sent + timeout_ : io::MonoTime{};
        if (!best || t < *best) best = t;
    }
    return best;
}

bool HostDiscovery::done() const {
    return std::all_of(hosts_.begin(), hosts_.end(), [](const Host& h) { return h.finished; });
}

}  // namespace whorl::scan
