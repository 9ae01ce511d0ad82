// Address text forms through inet_pton/inet_ntop (pure libc conversions, no I/O).
#include "wire/address.hpp"

#include <arpa/inet.h>

#include <cstdio>
#include <cstring>

namespace whorl::wire {

MacAddress MacAddress::read(Bytes b, std::size_t off) {
    MacAddress m;
    std::memcpy(m.octets.data(), b.data() + off, m.octets.size());
    return m;
}

void MacAddress::write(MutableBytes b, std::size_t off) const {
    for (std::size_t i = 0; i < octets.size(); ++i) store_u8(b, off + i, octets[i]);
}

std::optional<MacAddress> MacAddress::parse(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    MacAddress m;
    for (std::size_t i = 0; i < 6; ++i) {
        unsigned v = 0;
        for (std::size_t j = 0; j < 2; ++j) {
            char c = text[i * 3 + j];
            unsigned d = (c >= '0' && c <= '9')   ? unsigned(c - '0')
                         : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                         : (c >= 'A' && c <= 'F') ? unsigned(c - 'A' + 10)
                                                  : 16u;
            if (d > 15) return std::nullopt;
            v = v * 16 + d;
        }
        if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
        m.octets[i] = static_cast<std::uint8_t>(v);
    }
    return m;
}

std::string MacAddress::to_string() const {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1],
                  octets[2], octets[3], octets[4], octets[5]);
    return buf;
}

std::optional<Ipv4Address> Ipv4Address::parse(std::string_view text) {
    std::string s(text);
    in_addr a{};
    if (inet_pton(AF_INET, s.c_str(), &a) != 1) return std::nullopt;
    std::uint8_t b[4];
    std::memcpy(b, &a, 4);
    return Ipv4Address{std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 |
                       std::uint32_t(b[2]) << 8 | b[3]};
}

std::string Ipv4Address::to_string() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", value >> 24, (value >> 16) & 0xFF,
                  (value >> 8) & 0xFF, value & 0xFF);
    return buf;
}

Ipv6Address Ipv6Address::read(Bytes b, std::size_t off) {
    Ipv6Address a;
    std::memcpy(a.octets.data(), b.data() + off, a.octets.size());
    return a;
}

void Ipv6Address::write(MutableBytes b, std::size_t off) const {
    std::memcpy(b.data() + off, octets.data(), octets.size());
}

std::optional<Ipv6Address> Ipv6Address::parse(std::string_view text) {
    std::string s(text);
    Ipv6Address a;
    if (inet_pton(AF_INET6, s.c_str(), a.octets.data()) != 1) return std::nullopt;
    return a;
}

std::string Ipv6Address::to_string() const {
    char buf[INET6_ADDRSTRLEN];
    if (inet_ntop(AF_INET6, octets.data(), buf, sizeof buf) == nullptr) return {};
    return buf;
}

}  // namespace whorl::wire
