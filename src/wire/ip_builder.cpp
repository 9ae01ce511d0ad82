// IPv4 / IPv6 header writers.
#include "wire/ip_builder.hpp"

#include <algorithm>

#include "wire/checksum.hpp"

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

}  // namespace whorl::wire
