// IpAddress parsing (inet_pton), printing (inet_ntop's text, written in place) and
// classification.
#include "base/ip_address.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "base/bytes.hpp"

namespace whorl {

IpAddress IpAddress::v4(std::uint32_t host_order) {
    IpAddress a;
    a.family_ = Family::v4;
    store_be32(a.bytes_, 0, host_order);
    return a;
}

IpAddress IpAddress::v4(std::span<const std::byte, 4> network_order) {
    IpAddress a;
    a.family_ = Family::v4;
    std::memcpy(a.bytes_.data(), network_order.data(), 4);
    return a;
}

IpAddress IpAddress::v6(std::span<const std::byte, 16> network_order) {
    IpAddress a;
    a.family_ = Family::v6;
    std::memcpy(a.bytes_.data(), network_order.data(), 16);
    return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char buf[INET6_ADDRSTRLEN];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddress a;
    if (inet_pton(AF_INET, buf, a.bytes_.data()) == 1) {
        a.family_ = Family::v4;
        return a;
    }
    if (inet_pton(AF_INET6, buf, a.bytes_.data()) == 1) {
        a.family_ = Family::v6;
        return a;
    }
    return std::nullopt;
}

std::uint32_t IpAddress::v4_host_order() const { return load_be32(bytes_, 0); }

bool IpAddress::is_loopback() const {
    if (is_v4()) return std::to_integer<unsigned>(bytes_[0]) == 127;
    for (int i = 0; i < 15; ++i)
        if (bytes_[i] != std::byte{0}) return false;
    return bytes_[15] == std::byte{1};
}

std::string IpAddress::to_string() const {
    char buf[kMaxText];
    return std::string(buf, write_text(buf));
}

char* IpAddress::write_text(char* out) const {
    const std::byte* b = bytes_.data();
    if (is_v4()) return write_dotted_quad(out, b);
    unsigned g[8];
    for (std::size_t i = 0; i < 8; ++i) g[i] = std::to_integer<unsigned>(b[2 * i]) << 8 | std::to_integer<unsigned>(b[2 * i + 1]);
    std::size_t run = 0, run_len = 0;  // the zero groups written "::" (run_len 0: none)
    for (std::size_t i = 0, len = 0; i < 8; ++i) {
        len = g[i] == 0 ? len + 1 : 0;
        if (len > run_len) run = i + 1 - len, run_len = len;
    }
    if (run_len < 2) run_len = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i >= run && i < run + run_len) {
            if (i == run) *out++ = ':';
            continue;
        }
        if (i) *out++ = ':';
        if (i == 6 && run == 0 && (run_len == 6 || (run_len == 5 && g[5] == 0xffff)))
            return write_dotted_quad(out, b + 12);
        out = write_hex_group(out, g[i]);
    }
    if (run_len && run + run_len == 8) *out++ = ':';
    return out;
}

}  // namespace whorl
