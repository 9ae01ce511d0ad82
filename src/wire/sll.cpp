// SLL / SLL2 header writers (for fixtures and tests; whorl never sends cooked frames).
#include "wire/sll.hpp"

#include <algorithm>

namespace whorl::wire {
namespace {

void write_address(MutableBytes out, std::size_t off, Bytes address) {
    std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(off), 8, std::byte{0});
    std::copy(address.begin(), address.end(), out.begin() + static_cast<std::ptrdiff_t>(off));
}

}  // namespace

std::optional<std::size_t> write_sll(MutableBytes out, const SllFields& f) {
    if (out.size() < SllView::kHeaderLength || f.address.size() > 8) return std::nullopt;
    store_be16(out, 0, f.packet_type);
    store_be16(out, 2, f.arphrd_type);
    store_be16(out, 4, static_cast<std::uint16_t>(f.address.size()));
    write_address(out, 6, f.address);
    store_be16(out, 14, f.protocol);
    return SllView::kHeaderLength;
}

std::optional<std::size_t> write_sll2(MutableBytes out, const SllFields& f) {
    if (out.size() < Sll2View::kHeaderLength || f.address.size() > 8 || f.packet_type > 0xFF)
        return std::nullopt;
    store_be16(out, 0, f.protocol);
    store_be16(out, 2, 0);
    store_be32(out, 4, f.interface_index);
    store_be16(out, 8, f.arphrd_type);
    store_u8(out, 10, static_cast<std::uint8_t>(f.packet_type));
    store_u8(out, 11, static_cast<std::uint8_t>(f.address.size()));
    write_address(out, 12, f.address);
    return Sll2View::kHeaderLength;
}

}  // namespace whorl::wire
