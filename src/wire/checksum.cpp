// Internet checksum: 32-bit big-endian loads into a 64-bit accumulator, folded at the end.
#include "wire/checksum.hpp"

namespace whorl::wire {
namespace {

std::uint16_t fold(std::uint64_t s) {
    while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
    return static_cast<std::uint16_t>(s);
}

// Sum of data as 16-bit big-endian words starting at an even offset; a final odd byte is
// the high byte of a word padded with zero.
std::uint64_t raw_sum(Bytes data) {
    std::uint64_t s = 0;
    std::size_t i = 0;
    const std::size_t n = data.size();
    for (; i + 4 <= n; i += 4) s += load_be32(data, i);
    if (i + 2 <= n) {
        s += load_be16(data, i);
        i += 2;
    }
    if (i < n) s += std::uint64_t(load_u8(data, i)) << 8;
    return s;
}

}  // namespace

void ChecksumAccumulator::add_aligned(std::uint64_t v) {
    // Words added while at an odd offset are byte-swapped relative to the stream.
    if (odd_) {
        std::uint16_t f = fold(v);
        v = static_cast<std::uint16_t>((f << 8) | (f >> 8));
    }
    sum_ += v;
    if (sum_ >> 48) sum_ = fold(sum_);
}

void ChecksumAccumulator::add(Bytes data) {
    add_aligned(raw_sum(data));
    if (data.size() & 1) odd_ = !odd_;
}

std::uint16_t ChecksumAccumulator::sum() const { return fold(sum_); }

std::uint16_t internet_checksum(Bytes data) {
    return static_cast<std::uint16_t>(~fold(raw_sum(data)));
}

void add_pseudo_header(ChecksumAccumulator& acc, Ipv4Address src, Ipv4Address dst,
                       std::uint8_t protocol, std::uint16_t length) {
    acc.add32(src.value);
    acc.add32(dst.value);
    acc.add16(protocol);
    acc.add16(length);
}

void add_pseudo_header(ChecksumAccumulator& acc, const Ipv6Address& src,
                       const Ipv6Address& dst, std::uint8_t next_header, std::uint32_t length) {
    acc.add(std::as_bytes(std::span(src.octets)));
    acc.add(std::as_bytes(std::span(dst.octets)));
    acc.add32(length);
    acc.add16(next_header);
}

std::uint16_t transport_checksum(Ipv4Address src, Ipv4Address dst, std::uint8_t protocol,
                                 Bytes segment) {
    ChecksumAccumulator acc;
    add_pseudo_header(acc, src, dst, protocol, static_cast<std::uint16_t>(segment.size()));
    acc.add(segment);
    return acc.checksum();
}

std::uint16_t transport_checksum(const Ipv6Address& src, const Ipv6Address& dst,
                                 std::uint8_t next_header, Bytes segment) {
    ChecksumAccumulator acc;
    add_pseudo_header(acc, src, dst, next_header, static_cast<std::uint32_t>(segment.size()));
    acc.add(segment);
    return acc.checksum();
}

std::uint16_t checksum_update16(std::uint16_t checksum, std::uint16_t old_word,
                                std::uint16_t new_word) {
    std::uint64_t s = std::uint16_t(~checksum);
    s += std::uint16_t(~old_word);
    s += new_word;
    return static_cast<std::uint16_t>(~fold(s));
}

std::uint16_t checksum_update32(std::uint16_t checksum, std::uint32_t old_value,
                                std::uint32_t new_value) {
    checksum = checksum_update16(checksum, old_value >> 16, new_value >> 16);
    return checksum_update16(checksum, old_value & 0xFFFF, new_value & 0xFFFF);
}

}  // namespace whorl::wire
