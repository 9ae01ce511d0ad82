// IpAddress: an IPv4 or IPv6 address as a small value (16 bytes + family), parsed from and
// printed to the usual text forms. Shared by every layer that names hosts.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace whorl {

class IpAddress {
public:
    enum class Family : std::uint8_t { v4 = 4, v6 = 6 };

    IpAddress() = default;
    static IpAddress v4(std::uint32_t host_order);
    static IpAddress v4(std::span<const std::byte, 4> network_order);
    static IpAddress v6(std::span<const std::byte, 16> network_order);
    // Dotted quad or RFC 4291 text; nullopt on anything else.
    static std::optional<IpAddress> parse(std::string_view text);

    Family family() const { return family_; }
    bool is_v4() const { return family_ == Family::v4; }
    bool is_v6() const { return family_ == Family::v6; }
    // 4 or 16 bytes in network order.
    std::span<const std::byte> bytes() const { return {bytes_.data(), is_v4() ? 4u : 16u}; }
    std::uint32_t v4_host_order() const;  // only for v4

    bool is_loopback() const;
    std::string to_string() const;

    // Family, then the bytes as unsigned values (what a defaulted comparison gives, without
    // its element-by-element walk: the passive flow and host tables compare millions).
    friend bool operator==(const IpAddress& a, const IpAddress& b) {
        std::uint64_t x[2], y[2];  // two word compares; GCC calls memcmp for a 16-byte one
        std::memcpy(x, a.bytes_.data(), 16);
        std::memcpy(y, b.bytes_.data(), 16);
        return a.family_ == b.family_ && ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
    }
    friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
        if (a.family_ != b.family_) return a.family_ <=> b.family_;
        return std::memcmp(a.bytes_.data(), b.bytes_.data(), 16) <=> 0;
    }

private:
    Family family_ = Family::v4;
    std::array<std::byte, 16> bytes_{};
};

}  // namespace whorl
