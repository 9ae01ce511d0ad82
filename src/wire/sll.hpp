// Linux "cooked" capture headers: SLL (DLT 113, 16 bytes) and SLL2 (DLT 276, 20 bytes),
// what libpcap writes for `-i any` and for devices without a usable link header.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

// The packet type both versions carry (struct sockaddr_ll's sll_pkttype).
namespace sll_packet_type {
inline constexpr std::uint16_t kHost = 0;
inline constexpr std::uint16_t kBroadcast = 1;
inline constexpr std::uint16_t kMulticast = 2;
inline constexpr std::uint16_t kOtherHost = 3;
inline constexpr std::uint16_t kOutgoing = 4;
}  // namespace sll_packet_type

// SLL v1: packet type(2) ARPHRD type(2) address length(2) address(8) protocol(2).
class SllView {
public:
    static constexpr std::size_t kHeaderLength = 16;

    static std::optional<SllView> parse(Bytes frame) {
        if (frame.size() < kHeaderLength) return std::nullopt;
        return SllView(frame);
    }

    std::uint16_t packet_type() const { return load_be16(bytes_, 0); }
    std::uint16_t arphrd_type() const { return load_be16(bytes_, 2); }
    std::uint16_t address_length() const { return load_be16(bytes_, 4); }
    // The first min(address_length, 8) bytes of the link-layer source address.
    Bytes address() const { return bytes_.subspan(6, address_length() < 8 ? address_length() : 8); }
    std::uint16_t protocol() const { return load_be16(bytes_, 14); }
    Bytes payload() const { return bytes_.subspan(kHeaderLength); }

private:
    explicit SllView(Bytes b) : bytes_(b) {}
    Bytes bytes_;
};

// SLL v2: protocol(2) reserved(2) interface index(4) ARPHRD type(2) packet type(1)
// address length(1) address(8).
class Sll2View {
public:
    static constexpr std::size_t kHeaderLength = 20;

    static std::optional<Sll2View> parse(Bytes frame) {
        if (frame.size() < kHeaderLength) return std::nullopt;
        return Sll2View(frame);
    }

    std::uint16_t protocol() const { return load_be16(bytes_, 0); }
    std::uint16_t reserved() const { return load_be16(bytes_, 2); }
    std::uint32_t interface_index() const { return load_be32(bytes_, 4); }
    std::uint16_t arphrd_type() const { return load_be16(bytes_, 8); }
    std::uint8_t packet_type() const { return load_u8(bytes_, 10); }
    std::uint8_t address_length() const { return load_u8(bytes_, 11); }
    Bytes address() const { return bytes_.subspan(12, address_length() < 8 ? address_length() : 8); }
    Bytes payload() const { return bytes_.subspan(kHeaderLength); }

private:
    explicit Sll2View(Bytes b) : bytes_(b) {}
    Bytes bytes_;
};

struct SllFields {
    std::uint16_t packet_type = sll_packet_type::kHost;
    std::uint16_t arphrd_type = 1;  // ARPHRD_ETHER
    Bytes address;                  // up to 8 bytes; longer is refused
    std::uint16_t protocol = 0;     // EtherType of the payload
    std::uint32_t interface_index = 0;  // SLL2 only
};

// Write an SLL / SLL2 header; nullopt if out is too short or the address too long.
std::optional<std::size_t> write_sll(MutableBytes out, const SllFields& f);
std::optional<std::size_t> write_sll2(MutableBytes out, const SllFields& f);

}  // namespace whorl::wire
