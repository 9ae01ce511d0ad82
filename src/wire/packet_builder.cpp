// Packet builders: IP header, then the transport, then the transport checksum over the
// pseudo-header (which needs the final addresses and length, so it comes last).
#include "wire/packet_builder.hpp"

#include <array>

#include "wire/checksum.hpp"
#include "wire/ip_protocol.hpp"

namespace whorl::wire {
namespace {

std::optional<std::size_t> write_ip(MutableBytes out, const Ipv4Fields& ip, std::uint8_t proto,
                                    std::size_t l4_len) {
    return write_ipv4_header(out, ip, proto, l4_len);
}
std::optional<std::size_t> write_ip(MutableBytes out, const Ipv6Fields& ip, std::uint8_t proto,
                                    std::size_t l4_len) {
    return write_ipv6_header(out, ip, proto, l4_len);
}

std::uint16_t l4_checksum(const Ipv4Fields& ip, std::uint8_t proto, Bytes segment) {
    if (proto == ip_protocol::kIcmp) return internet_checksum(segment);
    return transport_checksum(ip.src, ip.dst, proto, segment);
}
std::uint16_t l4_checksum(const Ipv6Fields& ip, std::uint8_t proto, Bytes segment) {
    return transport_checksum(ip.src, ip.final_destination.value_or(ip.dst), proto, segment);
}

// IP header, then write_l4 into the rest, then the checksum at csum_off in the segment
// unless the caller overrode it.
template <class Ip, class WriteL4>
std::optional<std::size_t> build(MutableBytes out, const Ip& ip, std::uint8_t proto,
                                 std::size_t l4_len, std::size_t csum_off,
                                 std::optional<std::uint16_t> csum_override, WriteL4 write_l4) {
    auto hlen = write_ip(out, ip, proto, l4_len);
    if (!hlen || out.size() - *hlen < l4_len) return std::nullopt;
    MutableBytes seg = out.subspan(*hlen, l4_len);
    if (!write_l4(seg)) return std::nullopt;
    if (!csum_override) {
        std::uint16_t c = l4_checksum(ip, proto, seg);
        if (proto == ip_protocol::kUdp && c == 0) c = 0xFFFF;  // 0 means "none" for UDP
        store_be16(seg, csum_off, c);
    }
    return *hlen + l4_len;
}

template <class Ip>
std::optional<std::size_t> build_tcp_any(MutableBytes out, const Ip& ip, const TcpFields& tcp,
                                         Bytes payload) {
    if (tcp.options.size() > 40) return std::nullopt;
    return build(out, ip, ip_protocol::kTcp, tcp_length(tcp.options.size(), payload.size()), 16,
                 tcp.checksum, [&](MutableBytes seg) { return write_tcp(seg, tcp, payload).has_value(); });
}

template <class Ip>
std::optional<std::size_t> build_udp_any(MutableBytes out, const Ip& ip, const UdpFields& udp,
                                         Bytes payload) {
    return build(out, ip, ip_protocol::kUdp, 8 + payload.size(), 6, udp.checksum,
                 [&](MutableBytes seg) { return write_udp(seg, udp, payload).has_value(); });
}

}  // namespace

std::optional<std::size_t> build_tcp(MutableBytes out, const Ipv4Fields& ip,
                                     const TcpFields& tcp, Bytes payload) {
    return build_tcp_any(out, ip, tcp, payload);
}
std::optional<std::size_t> build_tcp(MutableBytes out, const Ipv6Fields& ip,
                                     const TcpFields& tcp, Bytes payload) {
    return build_tcp_any(out, ip, tcp, payload);
}
std::optional<std::size_t> build_udp(MutableBytes out, const Ipv4Fields& ip,
                                     const UdpFields& udp, Bytes payload) {
    return build_udp_any(out, ip, udp, payload);
}
std::optional<std::size_t> build_udp(MutableBytes out, const Ipv6Fields& ip,
                                     const UdpFields& udp, Bytes payload) {
    return build_udp_any(out, ip, udp, payload);
}

std::optional<std::size_t> build_icmp4(MutableBytes out, const Ipv4Fields& ip,
                                       const IcmpFields& icmp, Bytes payload) {
    return build(out, ip, ip_protocol::kIcmp, 8 + payload.size(), 2, icmp.checksum,
                 [&](MutableBytes seg) { return write_icmp(seg, icmp, payload).has_value(); });
}

std::optional<std::size_t> build_icmp6(MutableBytes out, const Ipv6Fields& ip,
                                       const IcmpFields& icmp, Bytes payload) {
    return build(out, ip, ip_protocol::kIcmpv6, 8 + payload.size(), 2, icmp.checksum,
                 [&](MutableBytes seg) { return write_icmp(seg, icmp, payload).has_value(); });
}

std::optional<std::size_t> build_icmp4_echo(MutableBytes out, const Ipv4Fields& ip,
                                            const EchoFields& echo, Bytes payload) {
    return build_icmp4(out, ip, {echo.type, echo.code, IcmpFields::echo_rest(echo.id, echo.seq)},
                       payload);
}

std::optional<std::size_t> build_icmp4_timestamp(MutableBytes out, const Ipv4Fields& ip,
                                                 const Icmp4TimestampFields& ts) {
    std::array<std::byte, 12> body{};
    store_be32(body, 0, ts.originate);
    store_be32(body, 4, ts.receive);
    store_be32(body, 8, ts.transmit);
    return build_icmp4(out, ip, {ts.type, ts.code, IcmpFields::echo_rest(ts.id, ts.seq)}, body);
}

std::optional<std::size_t> build_icmp6_echo(MutableBytes out, const Ipv6Fields& ip,
                                            const EchoFields& echo, Bytes payload) {
    return build_icmp6(out, ip, {echo.type, echo.code, IcmpFields::echo_rest(echo.id, echo.seq)},
                       payload);
}

}  // namespace whorl::wire
