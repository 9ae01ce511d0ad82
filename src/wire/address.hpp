// Address value types read from and written to packets: MAC, IPv4 and IPv6. Small,
// trivially copyable, comparable; text forms match what tcpdump and tshark print.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace whorl::wire {

struct MacAddress {
    std::array<std::uint8_t, 6> octets{};

    // Reads 6 bytes at off; the caller has checked the length.
    static MacAddress read(Bytes b, std::size_t off);
    void write(MutableBytes b, std::size_t off) const;
    static std::optional<MacAddress> parse(std::string_view text);  // "aa:bb:cc:dd:ee:ff"
    std::string to_string() const;                                  // lower-case, ':'-separated
    auto operator<=>(const MacAddress&) const = default;
};

struct Ipv4Address {
    std::uint32_t value = 0;  // host order: 203.0.113.1 is 0xCB007101

    static Ipv4Address read(Bytes b, std::size_t off) { return {load_be32(b, off)}; }
    void write(MutableBytes b, std::size_t off) const { store_be32(b, off, value); }
    static std::optional<Ipv4Address> parse(std::string_view text);  // dotted quad
    std::string to_string() const;
    auto operator<=>(const Ipv4Address&) const = default;
};

struct Ipv6Address {
    std::array<std::uint8_t, 16> octets{};

    static Ipv6Address read(Bytes b, std::size_t off);
    void write(MutableBytes b, std::size_t off) const;
    static std::optional<Ipv6Address> parse(std::string_view text);  // RFC 4291 text
    std::string to_string() const;                                    // RFC 5952 form
    auto operator<=>(const Ipv6Address&) const = default;
};

}  // namespace whorl::wire
