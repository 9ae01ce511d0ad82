// AF_PACKET frame sink.
#include "io/packet_socket.hpp"

#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace whorl::io {

Result<EthernetSink> EthernetSink::open(const std::string& interface) {
    int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);  // protocol 0: send only
    if (fd < 0) {
        int err = errno;
        if (err == EPERM || err == EACCES)
            return fail(Errc::permission, "link-layer sockets need root privileges (or CAP_NET_RAW)");
        return fail(Errc::io, fmt::format("packet socket: {}", errno_text(err)), interface);
    }
    ifreq req{};
    std::snprintf(req.ifr_name, sizeof req.ifr_name, "%s", interface.c_str());
    if (::ioctl(fd, SIOCGIFINDEX, &req) != 0) {
        int err = errno;
        ::close(fd);
        return fail(Errc::not_found, fmt::format("no such interface: {}", errno_text(err)), interface);
    }
    int ifindex = req.ifr_ifindex;
    std::array<std::uint8_t, 6> mac{};
    if (::ioctl(fd, SIOCGIFHWADDR, &req) == 0) std::memcpy(mac.data(), req.ifr_hwaddr.sa_data, 6);
    return EthernetSink(fd, ifindex, mac);
}

EthernetSink::EthernetSink(EthernetSink&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), ifindex_(o.ifindex_), mac_(o.mac_) {}

EthernetSink::~EthernetSink() {
    if (fd_ >= 0) ::close(fd_);
}

Result<void> EthernetSink::send(Bytes frame) {
    sockaddr_ll addr{};
    addr.sll_family = AF_PACKET;
    addr.sll_ifindex = ifindex_;
    addr.sll_halen = 6;
    if (frame.size() >= 6) std::memcpy(addr.sll_addr, frame.data(), 6);
    if (::sendto(fd_, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0)
        return fail(Errc::io, fmt::format("sending a frame: {}", errno_text(errno)));
    return {};
}

}  // namespace whorl::io
