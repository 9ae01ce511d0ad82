// Host discovery as Nmap does it when run as root: ARP requests for targets on a local
// Ethernet link (also under -Pn, to learn their MAC and RTT), and for the others an ICMP
// echo, a TCP SYN to 443, a TCP ACK to 80 and an ICMP timestamp request; any answer
// means up. A pure state machine: the driver sends and feeds replies in.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "io/clock.hpp"
#include "scan/port_state.hpp"

namespace whorl::scan {

enum class DiscoveryProbe : std::uint8_t { arp, icmp_echo, tcp_syn_443, tcp_ack_80, icmp_timestamp };

struct DiscoveryResult {
    bool up = false;
    Reason reason = Reason::no_response;
    std::uint8_t reason_ttl = 0;
    std::optional<std::array<std::uint8_t, 6>> mac;
    std::optional<std::chrono::microseconds> rtt;
};

class HostDiscovery {
public:
    struct Target {
        bool on_link = false;  // ARP applies
        bool ping = true;      // the IP probes apply (false under -Pn)
    };
    struct Send {
        std::size_t host;
        DiscoveryProbe probe;
    };

    HostDiscovery(std::vector<Target> targets, io::MonoTime start, int tries = 3,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds(250));

    std::vector<Send> next(io::MonoTime now, std::size_t max = 64);
    // An ARP reply, or over IPv6 a neighbor advertisement (reason nd-response).
    void on_arp_reply(std::size_t host, const std::array<std::uint8_t, 6>& mac, io::MonoTime now,
                      Reason reason = Reason::arp_response);
    void on_answer(std::size_t host, Reason reason, std::uint8_t ttl, io::MonoTime now);
    std::optional<io::MonoTime> next_event() const;
    bool done() const;
    const DiscoveryResult& result(std::size_t host) const { return hosts_.at(host).result; }

private:
    struct Host {
        Target target;
        DiscoveryResult result;
        int tries = 0;
        std::optional<io::MonoTime> last_sent;
        bool finished = false;
    };
    std::vector<Host> hosts_;
    int max_tries_;
    std::chrono::milliseconds timeout_;
};

}  // namespace whorl::scan
