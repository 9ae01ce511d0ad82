// RTM_GETROUTE over a NETLINK_ROUTE socket, and getifaddrs for the interface list.
#include "io/route.hpp"

#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace whorl::io {
namespace {

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

struct RouteRequest {
    nlmsghdr nh;
    rtmsg rt;
    char attrs[64];
};

std::optional<IpAddress> address_attr(const rtattr* a, int family) {
    auto len = RTA_PAYLOAD(a);
    if (family == AF_INET && len == 4)
        return IpAddress::v4(std::span<const std::byte, 4>(static_cast<const std::byte*>(RTA_DATA(a)), 4));
    if (family == AF_INET6 && len == 16)
        return IpAddress::v6(std::span<const std::byte, 16>(static_cast<const std::byte*>(RTA_DATA(a)), 16));
    return std::nullopt;
}

// The kernel picks the source address when connect()ing a UDP socket; RTA_PREFSRC is not
// always present (IPv6), so this is the authoritative answer for the source.
std::optional<IpAddress> source_by_connect(const IpAddress& dst) {
    int family = dst.is_v4() ? AF_INET : AF_INET6;
    Fd fd(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return std::nullopt;
    sockaddr_storage ss{};
    socklen_t len;
    if (dst.is_v4()) {
        auto* s = reinterpret_cast<sockaddr_in*>(&ss);
        s->sin_family = AF_INET;
        s->sin_port = htons(9);
        std::memcpy(&s->sin_addr, dst.bytes().data(), 4);
        len = sizeof *s;
    } else {
        auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
        s->sin6_family = AF_INET6;
        s->sin6_port = htons(9);
        std::memcpy(&s->sin6_addr, dst.bytes().data(), 16);
        len = sizeof *s;
    }
    // connect() on UDP sends nothing; it only selects a route and a source.
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0) return std::nullopt;
    sockaddr_storage local{};
    socklen_t llen = sizeof local;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&local), &llen) != 0) return std::nullopt;
    if (dst.is_v4())
        return IpAddress::v4(std::span<const std::byte, 4>(
            reinterpret_cast<const std::byte*>(&reinterpret_cast<sockaddr_in*>(&local)->sin_addr), 4));
    return IpAddress::v6(std::span<const std::byte, 16>(
        reinterpret_cast<const std::byte*>(&reinterpret_cast<sockaddr_in6*>(&local)->sin6_addr), 16));
}

}  // namespace

Result<Route> parse_route_reply(const char* buf, std::size_t n, const IpAddress& dst) {
    for (auto* nh = reinterpret_cast<const nlmsghdr*>(buf); NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
        if (nh->nlmsg_type == NLMSG_ERROR) {
            if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) return fail(Errc::io, "truncated netlink error message");
            auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(nh));
            if (e->error == 0) continue;
            // A negative errno; anything else (INT_MIN included) is an I/O error of its own.
            if (e->error > 0 || e->error < -4095) return fail(Errc::io, "bad netlink error code");
            int err = -e->error;
            Errc code = (err == ENETUNREACH || err == EHOSTUNREACH) ? Errc::not_found : Errc::io;
            return fail(code, fmt::format("no route to {}: {}", dst.to_string(), errno_text(err)));
        }
        if (nh->nlmsg_type != RTM_NEWROUTE) continue;
        if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) return fail(Errc::io, "truncated netlink route message");
        auto* rt = static_cast<const rtmsg*>(NLMSG_DATA(nh));
        Route route;
        route.local = rt->rtm_type == RTN_LOCAL;
        int len = static_cast<int>(RTM_PAYLOAD(nh));
        for (auto* a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
            if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) >= sizeof(int)) {
                std::memcpy(&route.ifindex, RTA_DATA(a), sizeof(int));
            } else if (a->rta_type == RTA_PREFSRC) {
                if (auto ip = address_attr(a, rt->rtm_family)) route.source = *ip;
            } else if (a->rta_type == RTA_GATEWAY) {
                route.gateway = address_attr(a, rt->rtm_family);
            }
        }
        char name[IF_NAMESIZE] = {};
        if (route.ifindex > 0 && if_indextoname(static_cast<unsigned>(route.ifindex), name)) route.interface = name;
        return route;
    }
    return fail(Errc::io, fmt::format("no route reply for {}", dst.to_string()));
}


Result<Route> route_to(const IpAddress& dst) {
    Fd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (fd.get() < 0) return fail(Errc::io, fmt::format("netlink socket: {}", errno_text(errno)));
    RouteRequest req{};
    req.nh.nlmsg_type = RTM_GETROUTE;
    req.nh.nlmsg_flags = NLM_F_REQUEST;
    req.nh.nlmsg_seq = 1;
    req.rt.rtm_family = dst.is_v4() ? AF_INET : AF_INET6;
    req.rt.rtm_dst_len = dst.is_v4() ? 32 : 128;
    auto* attr = reinterpret_cast<rtattr*>(req.attrs);
    attr->rta_type = RTA_DST;
    attr->rta_len = static_cast<unsigned short>(RTA_LENGTH(dst.bytes().size()));
    std::memcpy(RTA_DATA(attr), dst.bytes().data(), dst.bytes().size());
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg)) + RTA_ALIGN(attr->rta_len);
    if (::send(fd.get(), &req, req.nh.nlmsg_len, 0) < 0)
        return fail(Errc::io, fmt::format("netlink send: {}", errno_text(errno)));
    char buf[8192];
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n < 0) return fail(Errc::io, fmt::format("netlink recv: {}", errno_text(errno)));
    auto route = parse_route_reply(buf, static_cast<std::size_t>(n), dst);
    if (!route) return route;
    if (auto src = source_by_connect(dst)) route->source = *src;
    return route;
}

Result<std::vector<Interface>> list_interfaces() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return fail(Errc::io, fmt::format("getifaddrs: {}", errno_text(errno)));
    std::vector<Interface> out;
    auto find_or_add = [&](const char* name) -> Interface& {
        for (auto& i : out)
            if (i.name == name) return i;
        Interface i;
        i.name = name;
        i.index = static_cast<int>(if_nametoindex(name));
        out.push_back(std::move(i));
        return out.back();
    };
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        Interface& i = find_or_add(a->ifa_name);
        i.up = (a->ifa_flags & IFF_UP) != 0;
        i.loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
        if (!a->ifa_addr) continue;
        if (a->ifa_addr->sa_family == AF_PACKET) {
            auto* ll = reinterpret_cast<sockaddr_ll*>(a->ifa_addr);
            if (ll->sll_halen == 6) {
                std::array<std::uint8_t, 6> mac{};
                std::memcpy(mac.data(), ll->sll_addr, 6);
                i.mac = mac;
            }
        } else if (a->ifa_addr->sa_family == AF_INET) {
            auto* s = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
            i.addresses.push_back(IpAddress::v4(std::span<const std::byte, 4>(reinterpret_cast<const std::byte*>(&s->sin_addr), 4)));
        } else if (a->ifa_addr->sa_family == AF_INET6) {
            auto* s = reinterpret_cast<sockaddr_in6*>(a->ifa_addr);
            i.addresses.push_back(IpAddress::v6(std::span<const std::byte, 16>(reinterpret_cast<const std::byte*>(&s->sin6_addr), 16)));
        }
    }
    ::freeifaddrs(list);
    Fd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    for (auto& i : out) {
        ifreq req{};
        std::snprintf(req.ifr_name, sizeof req.ifr_name, "%s", i.name.c_str());
        if (sock.get() >= 0 && ::ioctl(sock.get(), SIOCGIFMTU, &req) == 0) i.mtu = req.ifr_mtu;
    }
    return out;
}

}  // namespace whorl::io
