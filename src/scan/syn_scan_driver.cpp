// SYN scan on the wire.
#include "scan/syn_scan_driver.hpp"

#include <array>
#include <random>

#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"
#include "wire/tcp.hpp"

namespace whorl::scan {
namespace {

// MSS 1460 only, as Nmap's SYN probes carry.
constexpr std::uint8_t kSynOptions[] = {2, 4, 0x05, 0xb4};

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

}  // namespace

SynScanDriver::SynScanDriver(std::vector<IpAddress> targets, std::vector<std::uint16_t> ports, PortScanTiming timing,
                             IpAddress source, io::PacketSink& sink, const io::Clock& clock, const Logger& log,
                             std::uint64_t seed, std::optional<std::uint16_t> source_port, std::optional<int> ttl)
    : targets_(std::move(targets)),
      scan_(targets_.size(), std::move(ports), timing, clock.now(), seed),
      source_(source),
      sink_(sink),
      clock_(clock),
      log_(log),
      secret_(mix(seed ^ 0x5eedf00dull)),
      ttl_(ttl) {
    std::mt19937_64 rng(seed);
    source_port_ = source_port ? *source_port : static_cast<std::uint16_t>(33000 + rng() % 31000);
    for (std::size_t i = 0; i < targets_.size(); ++i) hosts_by_address_.add({targets_[i], 6, source_port_, 0}, i);
    macs_.resize(targets_.size());
}

std::uint32_t SynScanDriver::cookie(std::size_t host, std::uint16_t port) const {
    std::uint64_t h = secret_;
    for (std::byte b : targets_[host].bytes()) h = mix(h ^ std::to_integer<std::uint64_t>(b));
    return static_cast<std::uint32_t>(mix(h ^ port));
}

void SynScanDriver::poll() {
    auto now = clock_.now();
    std::array<std::byte, 128> buf{};
    for (const auto& s : scan_.next(now, 64)) {
        const IpAddress& dst = targets_[s.host];
        wire::TcpFields tcp;
        tcp.src_port = source_port_;
        tcp.dst_port = s.port;
        tcp.seq = cookie(s.host, s.port);
        tcp.flags = wire::tcp_flag::kSyn;
        tcp.window = 1024;
        tcp.options = std::as_bytes(std::span(kSynOptions));
        std::optional<std::size_t> n;
        std::uniform_int_distribution<int> ttl(37, 59);
        std::minstd_rand r(static_cast<std::uint32_t>(tcp.seq));
        if (dst.is_v4()) {
            wire::Ipv4Fields ip{.src = *wire::to_ipv4(source_), .dst = *wire::to_ipv4(dst),
                                .id = static_cast<std::uint16_t>(r()), .ttl = static_cast<std::uint8_t>(ttl_ ? *ttl_ : ttl(r))};
            n = wire::build_tcp(buf, ip, tcp);
        } else {
            wire::Ipv6Fields ip{.src = *wire::to_ipv6(source_), .dst = *wire::to_ipv6(dst),
                                .hop_limit = static_cast<std::uint8_t>(ttl_ ? *ttl_ : ttl(r))};
            n = wire::build_tcp(buf, ip, tcp);
        }
        if (!n) continue;
        if (auto sent = sink_.send(std::span(buf).first(*n), dst); !sent)
            log_.warn("sendto in SYN scan failed: {}", sent.error().describe());
        log_.debug("SENT (SYN) {}:{} > {}:{} (try {})", source_.to_string(), source_port_, dst.to_string(), s.port,
                   s.tryno + 1);
        ++sent_;
    }
}

void SynScanDriver::on_frame(const wire::DecodedFrame& f) {
    IpAddress from;
    std::uint8_t ttl = 0;
    if (f.ipv4) {
        from = wire::to_ip_address(f.ipv4->src());
        ttl = f.ipv4->ttl();
    } else if (f.ipv6) {
        from = wire::to_ip_address(f.ipv6->src());
        ttl = f.ipv6->hop_limit();
    } else {
        return;
    }
    auto now = clock_.now();
    if (f.tcp) {
        if (f.tcp->dst_port() != source_port_) return;
        const std::size_t* host = hosts_by_address_.find({from, 6, source_port_, 0});
        if (!host) return;
        std::uint16_t port = f.tcp->src_port();
        if (f.tcp->ack() != cookie(*host, port) + 1) return;  // not an answer to our probe
        bool syn_ack = f.tcp->syn() && f.tcp->ack_flag();
        if (!syn_ack && !f.tcp->rst()) return;
        ++received_;
        if (f.link.src_mac && !macs_[*host]) macs_[*host] = f.link.src_mac->octets;
        scan_.on_tcp_answer(*host, port, syn_ack, ttl, now);
        if (syn_ack && announced_.emplace(*host, port).second)
            log_.verbose("Discovered open port {}/tcp on {}", port, from.to_string());
        return;
    }
    if (f.icmp4 && f.icmp4->type() == 3) {
        auto q = f.icmp4->quote();
        if (!q || q->ip.protocol() != 6) return;
        IpAddress target = wire::to_ip_address(q->ip.dst());
        const std::size_t* host = hosts_by_address_.find({target, 6, source_port_, 0});
        auto sport = q->transport.src_port(), dport = q->transport.dst_port();
        if (!host || !sport || !dport || *sport != source_port_) return;
        if (auto seq = q->transport.tcp_seq(); seq && *seq != cookie(*host, *dport)) return;
        ++received_;
        scan_.on_icmp_unreachable(*host, *dport, f.icmp4->type(), f.icmp4->code(), ttl, now);
    }
}

std::optional<io::MonoTime> SynScanDriver::next_wakeup() const { return scan_.next_event(clock_.now()); }

}  // namespace whorl::scan
