// getaddrinfo / getnameinfo wrappers.
#include "io/resolver.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace whorl::io {

std::vector<IpAddress> resolve_name(const std::string& name, bool ipv6) {
    addrinfo hints{};
    hints.ai_family = ipv6 ? AF_INET6 : AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    std::vector<IpAddress> out;
    if (::getaddrinfo(name.c_str(), nullptr, &hints, &list) != 0) return out;
    for (addrinfo* a = list; a; a = a->ai_next) {
        if (a->ai_family == AF_INET) {
            auto* s = reinterpret_cast<sockaddr_in*>(a->ai_addr);
            out.push_back(IpAddress::v4(std::span<const std::byte, 4>(reinterpret_cast<const std::byte*>(&s->sin_addr), 4)));
        } else if (a->ai_family == AF_INET6) {
            auto* s = reinterpret_cast<sockaddr_in6*>(a->ai_addr);
            out.push_back(IpAddress::v6(std::span<const std::byte, 16>(reinterpret_cast<const std::byte*>(&s->sin6_addr), 16)));
        }
    }
    ::freeaddrinfo(list);
    return out;
}

std::optional<std::string> reverse_lookup(const IpAddress& a) {
    sockaddr_storage ss{};
    socklen_t len;
    if (a.is_v4()) {
        auto* s = reinterpret_cast<sockaddr_in*>(&ss);
        s->sin_family = AF_INET;
        std::memcpy(&s->sin_addr, a.bytes().data(), 4);
        len = sizeof *s;
    } else {
        auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
        s->sin6_family = AF_INET6;
        std::memcpy(&s->sin6_addr, a.bytes().data(), 16);
        len = sizeof *s;
    }
    char host[NI_MAXHOST];
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&ss), len, host, sizeof host, nullptr, 0, NI_NAMEREQD) != 0)
        return std::nullopt;
    return std::string(host);
}

}  // namespace whorl::io
