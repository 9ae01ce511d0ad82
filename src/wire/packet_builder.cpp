// Packet builders: IP header, then the transport, then the transport checksum over the
// pseudo-header (which needs the final addresses and length, so it comes last).
#include "wire/packet_builder.hpp"

#include <algorithm>
#include <array>

#include "wire/checksum.hpp"
#include "wire/ip_protocol.hpp"

namespace whorl::wire {

std::optional<std::size_t> write_ipv4_header(MutableBytes out, const Ipv4Fields& f,
                                             std::uint8_t protocol, std::size_t payload_length) {
    const std::size_t opt_len = (f.options.size() + 3) / 4 * 4;
    const std::size_t hlen = 20 + opt_len;
    if (opt_len > 40 || out.size() < hlen || f.fragment_offset > 0x1FFF) return std::nullopt;
    const std::size_t total = hlen + payload_length;
    if (!f.total_length && total > 0xFFFF) return std::nullopt;

    store_u8(out, 0, static_cast<std::uint8_t>(0x40 | (hlen / 4)));
    store_u8(out, 1, f.tos);
    store_be16(out, 2, f.total_length.value_or(static_cast<std::uint16_t>(total)));
    store_be16(out, 4, f.id);
    std::uint16_t ff = f.fragment_offset;
    if (f.reserved_flag) ff |= 0x8000;
    if (f.dont_fragment) ff |= 0x4000;
    if (f.more_fragments) ff |= 0x2000;
    store_be16(out, 6, ff);
    store_u8(out, 8, f.ttl);
    store_u8(out, 9, f.protocol.value_or(protocol));
    store_be16(out, 10, 0);
    f.src.write(out, 12);
    f.dst.write(out, 16);
    std::copy(f.options.begin(), f.options.end(), out.begin() + 20);
    std::fill(out.begin() + 20 + static_cast<std::ptrdiff_t>(f.options.size()),
              out.begin() + static_cast<std::ptrdiff_t>(hlen), std::byte{0});
    store_be16(out, 10, f.checksum.value_or(internet_checksum(out.first(hlen))));
    return hlen;
}

std::optional<std::size_t> write_ipv6_header(MutableBytes out, const Ipv6Fields& f,
                                             std::uint8_t upper_protocol,
                                             std::size_t upper_length) {
    const std::size_t ext = f.extension_headers.size();
    const std::size_t hlen = 40 + ext;
    if (out.size() < hlen || f.flow_label > 0xFFFFF) return std::nullopt;
    const std::size_t payload = ext + upper_length;
    if (!f.payload_length && payload > 0xFFFF) return std::nullopt;

    store_be32(out, 0, 0x60000000u | std::uint32_t(f.traffic_class) << 20 | f.flow_label);
    store_be16(out, 4, f.payload_length.value_or(static_cast<std::uint16_t>(payload)));
    const std::uint8_t next = ext ? f.first_extension : upper_protocol;
    store_u8(out, 6, f.next_header.value_or(next));
    store_u8(out, 7, f.hop_limit);
    f.src.write(out, 8);
    f.dst.write(out, 24);
    std::copy(f.extension_headers.begin(), f.extension_headers.end(), out.begin() + 40);
    return hlen;
}

namespace {

void put(MutableBytes out, std::size_t off, Bytes data) {
    std::copy(data.begin(), data.end(), out.begin() + static_cast<std::ptrdiff_t>(off));
}

}  // namespace

std::optional<std::size_t> write_tcp(MutableBytes out, const TcpFields& f, Bytes payload) {
    const std::size_t opt_len = (f.options.size() + 3) / 4 * 4;
    const std::size_t total = 20 + opt_len + payload.size();
    if (opt_len > 40 || out.size() < total || f.flags > 0x0FFF) return std::nullopt;
    if (f.data_offset && *f.data_offset > 15) return std::nullopt;
    const std::uint8_t doff = f.data_offset.value_or(static_cast<std::uint8_t>((20 + opt_len) / 4));

    store_be16(out, 0, f.src_port);
    store_be16(out, 2, f.dst_port);
    store_be32(out, 4, f.seq);
    store_be32(out, 8, f.ack);
    store_be16(out, 12, static_cast<std::uint16_t>(doff << 12 | f.flags));
    store_be16(out, 14, f.window);
    store_be16(out, 16, f.checksum.value_or(0));
    store_be16(out, 18, f.urgent_pointer);
    put(out, 20, f.options);
    std::fill(out.begin() + 20 + static_cast<std::ptrdiff_t>(f.options.size()),
              out.begin() + 20 + static_cast<std::ptrdiff_t>(opt_len), std::byte{0});
    put(out, 20 + opt_len, payload);
    return total;
}

std::optional<std::size_t> write_udp(MutableBytes out, const UdpFields& f, Bytes payload) {
    const std::size_t total = 8 + payload.size();
    if (out.size() < total || (!f.length && total > 0xFFFF)) return std::nullopt;
    store_be16(out, 0, f.src_port);
    store_be16(out, 2, f.dst_port);
    store_be16(out, 4, f.length.value_or(static_cast<std::uint16_t>(total)));
    store_be16(out, 6, f.checksum.value_or(0));
    put(out, 8, payload);
    return total;
}

std::optional<std::size_t> write_icmp(MutableBytes out, const IcmpFields& f, Bytes payload) {
    const std::size_t total = 8 + payload.size();
    if (out.size() < total) return std::nullopt;
    store_u8(out, 0, f.type);
    store_u8(out, 1, f.code);
    store_be16(out, 2, f.checksum.value_or(0));
    store_be32(out, 4, f.rest_of_header);
    put(out, 8, payload);
    return total;
}

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
