// SynScanDriver: runs the PortScan state machine on the wire: builds each SYN (one source
// port per scan, a keyed-hash cookie as the sequence number), sends it, and turns captured
// SYN/ACKs, RSTs and ICMP unreachables back into answers. A reply is accepted only if the
// tracker knows the probe and the acknowledgement carries the cookie + 1.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "base/ip_address.hpp"
#include "base/log.hpp"
#include "engine/probe_tracker.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "scan/port_scan.hpp"
#include "wire/frame.hpp"

namespace whorl::scan {

class SynScanDriver {
public:
    SynScanDriver(std::vector<IpAddress> targets, std::vector<std::uint16_t> ports, PortScanTiming timing,
                  IpAddress source, io::PacketSink& sink, const io::Clock& clock, const Logger& log,
                  std::uint64_t seed, std::optional<std::uint16_t> source_port = std::nullopt,
                  std::optional<int> ttl = std::nullopt);

    void seed_rtt(std::size_t host, std::chrono::microseconds rtt) { scan_.seed_rtt(host, rtt); }
    void poll();
    void on_frame(const wire::DecodedFrame& f);
    std::optional<io::MonoTime> next_wakeup() const;
    bool done() const { return scan_.done(); }
    double progress() const { return scan_.progress(); }
    static constexpr const char* kName = "SYN Stealth Scan";

    const PortScan& scan() const { return scan_; }
    long long packets_sent() const { return sent_; }
    long long packets_received() const { return received_; }
    // The source MAC of a host's answers (its own on a local link, a router's otherwise).
    const std::optional<std::array<std::uint8_t, 6>>& answer_mac(std::size_t host) const { return macs_.at(host); }

private:
    std::uint32_t cookie(std::size_t host, std::uint16_t port) const;

    std::vector<IpAddress> targets_;
    PortScan scan_;
    IpAddress source_;
    io::PacketSink& sink_;
    const io::Clock& clock_;
    const Logger& log_;
    std::uint64_t secret_;
    std::uint16_t source_port_;
    std::optional<int> ttl_;
    engine::ProbeTracker<std::size_t> hosts_by_address_;  // (target, tcp, sport, 0) -> host
    long long sent_ = 0, received_ = 0;
    std::vector<std::optional<std::array<std::uint8_t, 6>>> macs_;
    std::set<std::pair<std::size_t, std::uint16_t>> announced_;  // "Discovered open port" said (-v)
};

}  // namespace whorl::scan
