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
    // Dotted quad, or IPv6 as inet_ntop writes it (lowercase hex groups without leading
    // zeros, the longest run of two or more zero groups, the first of equally long ones,
    // written "::", and ::a.b.c.d / ::ffff:a.b.c.d with the last four bytes dotted).
    std::string to_string() const;
    // The same written at `out`, which has room for kMaxText characters; returns the end.
    static constexpr std::size_t kMaxText = 45;  // INET6_ADDRSTRLEN without the NUL
    char* write_text(char* out) const;

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

// "a.b.c.d" of four bytes in network order, written at `out`; returns the end.
inline char* write_dotted_quad(char* out, const std::byte* b) {
    for (std::size_t i = 0; i < 4; ++i) {
        if (i) *out++ = '.';
        const unsigned v = std::to_integer<unsigned>(b[i]);
        if (v >= 100) *out++ = static_cast<char>('0' + v / 100);
        if (v >= 10) *out++ = static_cast<char>('0' + v / 10 % 10);
        *out++ = static_cast<char>('0' + v % 10);
    }
    return out;
}

// A 16-bit group in lowercase hex without leading zeros ("0" for zero), as printf's "%x".
inline char* write_hex_group(char* out, unsigned v) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int shift = v >= 0x1000 ? 12 : v >= 0x100 ? 8 : v >= 0x10 ? 4 : 0; shift >= 0; shift -= 4)
        *out++ = kHex[(v >> shift) & 15];
    return out;
}

}  // namespace whorl
