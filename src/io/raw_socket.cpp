// Raw socket sinks for IPv4 and IPv6.
#include "io/raw_socket.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace whorl::io {

Result<RawIpSink> RawIpSink::open(IpAddress::Family family) {
    int domain = family == IpAddress::Family::v4 ? AF_INET : AF_INET6;
    int fd = ::socket(domain, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
    if (fd < 0) {
        int err = errno;
        if (err == EPERM || err == EACCES)
            return fail(Errc::permission, "raw sockets need root privileges (or CAP_NET_RAW)");
        return fail(Errc::io, fmt::format("cannot open raw socket: {}", errno_text(err)));
    }
    int on = 1;
    if (family == IpAddress::Family::v4 && ::setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &on, sizeof on) != 0) {
        int err = errno;
        ::close(fd);
        return fail(Errc::io, fmt::format("cannot set IP_HDRINCL: {}", errno_text(err)));
    }
    int sndbuf = 4 << 20;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    return RawIpSink(fd, family);
}

RawIpSink::RawIpSink(RawIpSink&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), family_(other.family_) {}

RawIpSink& RawIpSink::operator=(RawIpSink&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        family_ = other.family_;
    }
    return *this;
}

RawIpSink::~RawIpSink() {
    if (fd_ >= 0) ::close(fd_);
}

Result<void> RawIpSink::send(Bytes packet, const IpAddress& dst) {
    if (dst.family() != family_)
        return fail(Errc::internal, fmt::format("{} packet for a raw socket of the other family", dst.to_string()));
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (dst.is_v4()) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        std::memcpy(&sin->sin_addr, dst.bytes().data(), 4);
        len = sizeof *sin;
    } else {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
        sin6->sin6_family = AF_INET6;
        std::memcpy(&sin6->sin6_addr, dst.bytes().data(), 16);
        len = sizeof *sin6;
    }
    ssize_t n = ::sendto(fd_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&ss), len);
    if (n < 0) return fail(Errc::io, fmt::format("sendto {}: {}", dst.to_string(), errno_text(errno)));
    if (static_cast<std::size_t>(n) != packet.size())
        return fail(Errc::io, fmt::format("sendto {}: short write ({} of {} bytes)", dst.to_string(), n, packet.size()));
    return {};
}

}  // namespace whorl::io
