// DiscoveryDriver: HostDiscovery on the wire. ARP requests, and for IPv6 targets on the
// link neighbor solicitations to the solicited-node group (Nmap's ND ping), go out as
// Ethernet frames on the capture interface; the IP probes (ICMP echo, SYN to 443, ACK to
// 80, and over IPv4 the ICMP timestamp) through the raw socket. Replies are recognised by the target's address and our probe's
// identifiers (ICMP id, source port), not by guesswork.
#pragma once

#include <optional>
#include <vector>

#include "base/ip_address.hpp"
#include "base/log.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "io/packet_socket.hpp"
#include "scan/host_discovery.hpp"
#include "wire/frame.hpp"

namespace whorl::scan {

class DiscoveryDriver {
public:
    DiscoveryDriver(std::vector<IpAddress> targets, std::vector<HostDiscovery::Target> kinds, IpAddress source,
                    io::PacketSink& ip_sink, io::EthernetSink* ethernet, const io::Clock& clock, const Logger& log,
                    std::uint64_t seed);

    void poll();
    void on_frame(const wire::DecodedFrame& f);
    std::optional<io::MonoTime> next_wakeup() const { return discovery_.next_event(); }
    bool done() const { return discovery_.done(); }
    double progress() const { return discovery_.done() ? 1.0 : 0.0; }
    static constexpr const char* kName = "Host discovery";
    const DiscoveryResult& result(std::size_t host) const { return discovery_.result(host); }
    // ARP requests sent (the IP probes go through the counted IP sink).
    std::size_t arp_sent() const { return arp_sent_; }

private:
    std::optional<std::size_t> host_of(const IpAddress& a) const;
    void send(const HostDiscovery::Send& s);
    void send_neighbor_solicitation(const IpAddress& dst);
    void on_ipv6(const wire::DecodedFrame& f, io::MonoTime now);

    std::vector<IpAddress> targets_;
    HostDiscovery discovery_;
    IpAddress source_;
    io::PacketSink& ip_sink_;
    io::EthernetSink* ethernet_;
    const io::Clock& clock_;
    const Logger& log_;
    std::uint16_t icmp_id_, source_port_;
    std::size_t arp_sent_ = 0;
};

}  // namespace whorl::scan
