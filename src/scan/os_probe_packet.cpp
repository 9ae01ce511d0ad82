// OS probe packets.
#include "scan/os_probe_packet.hpp"

#include <array>
#include <vector>

#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"

namespace whorl::scan {

using fp::active::PortRole;
using fp::active::ProbeKind;
using fp::active::ProbeSpec;

std::uint16_t os_probe_source_port(const ProbeSpec& spec, const OsProbeValues& v) {
    if (spec.kind == ProbeKind::udp) return static_cast<std::uint16_t>(v.udp_port_base + spec.source_offset);
    return static_cast<std::uint16_t>(v.tcp_port_base + spec.source_offset);
}

std::uint16_t os_probe_destination_port(const ProbeSpec& spec, const OsProbeValues& v) {
    switch (spec.port) {
        case PortRole::open_tcp: return v.open_port;
        case PortRole::closed_tcp: return v.closed_port;
        case PortRole::closed_udp: return v.closed_udp_port;
        case PortRole::none: return 0;
    }
    return 0;
}

std::optional<std::size_t> build_os_probe(MutableBytes out, const ProbeSpec& spec, const OsProbeValues& v) {
    auto src = wire::to_ipv4(v.source), dst = wire::to_ipv4(v.target);
    if (!src || !dst) return std::nullopt;
    wire::Ipv4Fields ip{.src = *src, .dst = *dst, .tos = spec.tos, .id = v.ip_id, .dont_fragment = spec.dont_fragment,
                        .ttl = v.ttl};
    switch (spec.kind) {
        case ProbeKind::tcp: {
            wire::TcpFields tcp;
            tcp.src_port = os_probe_source_port(spec, v);
            tcp.dst_port = os_probe_destination_port(spec, v);
            tcp.seq = v.seq_base + spec.seq_offset;
            tcp.ack = spec.ack == fp::active::AckField::zero ? 0 : v.ack;
            // wire's flag word: the reserved nibble's high bit is 0x800 (Nmap's ECN probe: 8).
            tcp.flags = static_cast<std::uint16_t>((std::uint16_t{spec.reserved_bits} << 8) | spec.tcp_flags);
            tcp.window = spec.window;
            tcp.urgent_pointer = spec.urgent_pointer;
            auto opts = fp::active::tcp_option_block(spec.option_block);
            tcp.options = std::as_bytes(opts);
            return wire::build_tcp(out, ip, tcp);
        }
        case ProbeKind::icmp_echo: {
            std::array<std::byte, 150> zeros{};
            wire::EchoFields echo{8, spec.icmp_code, static_cast<std::uint16_t>(v.icmp_id + spec.icmp_seq_offset),
                                  static_cast<std::uint16_t>(fp::active::kIcmpSeqBase + spec.icmp_seq_offset)};
            return wire::build_icmp4_echo(out, ip, echo, std::span(zeros).first(spec.payload_length));
        }
        case ProbeKind::udp: {
            std::vector<std::byte> payload(spec.payload_length, std::byte{fp::active::kU1PayloadByte});
            ip.id = fp::active::kU1IpId;
            ip.ttl = v.udp_ttl;
            wire::UdpFields udp;
            udp.src_port = os_probe_source_port(spec, v);
            udp.dst_port = v.closed_udp_port;
            return wire::build_udp(out, ip, udp, payload);
        }
    }
    return std::nullopt;
}

}  // namespace whorl::scan
