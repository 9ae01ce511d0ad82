// IpAddress parsing and printing (inet_pton/inet_ntop) and classification.
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
    char buf[INET6_ADDRSTRLEN];
    const char* r = inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
    return r ? std::string(r) : std::string("?");
}

}  // namespace whorl
