// IPv6 OS probe packets.
#include "scan/os_probe6_packet.hpp"

#include <array>
#include <vector>

#include "fp/active/probe_spec.hpp"
#include "wire/icmp6.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"

namespace whorl::scan {

using fp::active6::Probe6Id;
using fp::active6::Probe6Kind;

namespace {

constexpr std::uint8_t kHopByHop = 0, kRouting = 43, kDestinationOptions = 60, kIcmp6 = 58;

// An 8-byte hop-by-hop or destination options header holding one PadN of four zeros.
void options_header(std::vector<std::byte>& out, std::uint8_t next) {
    const std::uint8_t h[] = {next, 0, 1, 4, 0, 0, 0, 0};
    for (auto b : h) out.push_back(std::byte{b});
}

// IE1: hop-by-hop. IE2: hop-by-hop, destination options, a type 0 routing header with no
// segments left, hop-by-hop again (out of RFC 8200's order on purpose).
std::vector<std::byte> echo_extensions(Probe6Id id) {
    std::vector<std::byte> ext;
    if (id == Probe6Id::ie1) {
        options_header(ext, kIcmp6);
        return ext;
    }
    options_header(ext, kDestinationOptions);
    options_header(ext, kRouting);
    const std::uint8_t routing[] = {kHopByHop, 0, 0, 0, 0, 0, 0, 0};
    for (auto b : routing) ext.push_back(std::byte{b});
    options_header(ext, kIcmp6);
    return ext;
}

}  // namespace

std::uint16_t os_probe6_source_port(Probe6Id id, const OsProbe6Values& v) {
    if (fp::active6::probe6_kind(id) == Probe6Kind::udp) return v.udp_port_base;
    return static_cast<std::uint16_t>(v.tcp_port_base + fp::active6::tcp6_spec(id).index);
}

std::uint16_t os_probe6_destination_port(Probe6Id id, const OsProbe6Values& v) {
    switch (fp::active6::probe6_kind(id)) {
        case Probe6Kind::tcp: return fp::active6::tcp6_spec(id).to_open_port ? v.open_port : v.closed_port;
        case Probe6Kind::udp: return v.closed_udp_port;
        default: return 0;
    }
}

std::optional<std::size_t> build_os_probe6(MutableBytes out, Probe6Id id, const OsProbe6Values& v) {
    auto src = wire::to_ipv6(v.source), dst = wire::to_ipv6(v.target);
    if (!src || !dst) return std::nullopt;
    wire::Ipv6Fields ip{.src = *src, .dst = *dst, .flow_label = fp::active6::kFlowLabel, .hop_limit = v.hop_limit};
    switch (fp::active6::probe6_kind(id)) {
        case Probe6Kind::tcp: {
            const auto& spec = fp::active6::tcp6_spec(id);
            wire::TcpFields tcp;
            tcp.src_port = os_probe6_source_port(id, v);
            tcp.dst_port = os_probe6_destination_port(id, v);
            tcp.seq = v.seq_base + spec.index;
            tcp.ack = spec.zero_ack ? 0 : v.ack;
            tcp.flags = spec.flags;
            tcp.window = spec.window;
            tcp.urgent_pointer = spec.urgent_pointer;
            tcp.options = std::as_bytes(fp::active::tcp_option_block(spec.option_block));
            return wire::build_tcp(out, ip, tcp);
        }
        case Probe6Kind::echo: {
            auto ext = echo_extensions(id);
            ip.extension_headers = ext;
            ip.first_extension = kHopByHop;
            std::array<std::byte, fp::active6::kIe1PayloadLength> zeros{};
            wire::EchoFields echo{128, static_cast<std::uint8_t>(id == Probe6Id::ie1 ? 9 : 0), fp::active6::kEchoId,
                                  v.echo_sequence};
            Bytes payload = id == Probe6Id::ie1 ? Bytes(zeros) : Bytes();
            return wire::build_icmp6_echo(out, ip, echo, payload);
        }
        case Probe6Kind::neighbor_solicitation: {
            ip.hop_limit = fp::active6::kNsHopLimit;
            wire::IcmpFields icmp{wire::icmp6_type::kNeighborSolicitation, 0, 0, std::nullopt};
            return wire::build_icmp6(out, ip, icmp, std::as_bytes(std::span(dst->octets)));
        }
        case Probe6Kind::udp: {
            std::vector<std::byte> payload(fp::active6::kU1PayloadLength, fp::active6::kU1PayloadByte);
            wire::UdpFields udp;
            udp.src_port = os_probe6_source_port(id, v);
            udp.dst_port = v.closed_udp_port;
            return wire::build_udp(out, ip, udp, payload);
        }
    }
    return std::nullopt;
}

}  // namespace whorl::scan
