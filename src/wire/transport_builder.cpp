// TCP / UDP / ICMP header writers.
#include "wire/transport_builder.hpp"

#include <algorithm>

namespace whorl::wire {
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

}  // namespace whorl::wire
