// pcap_findalldevs as plain values; see capture_interfaces.hpp.
#include "io/capture_interfaces.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>

#include <fmt/format.h>

namespace whorl::io {

namespace {

std::string address_text(const sockaddr* sa) {
    char text[INET6_ADDRSTRLEN] = {};
    if (sa->sa_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
    else if (sa->sa_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
    return text;
}

}  // namespace

Result<std::vector<CaptureInterface>> list_capture_interfaces() {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_if_t* all = nullptr;
    if (pcap_findalldevs(&all, err) != 0) return fail(Errc::io, fmt::format("cannot list interfaces: {}", err));
    std::vector<CaptureInterface> out;
    for (pcap_if_t* d = all; d; d = d->next) {
        CaptureInterface i;
        i.name = d->name;
        i.description = d->description ? d->description : "";
        i.up = d->flags & PCAP_IF_UP;
        i.loopback = d->flags & PCAP_IF_LOOPBACK;
        for (pcap_addr_t* a = d->addresses; a; a = a->next)
            if (a->addr && (a->addr->sa_family == AF_INET || a->addr->sa_family == AF_INET6))
                i.addresses.push_back(address_text(a->addr));
        out.push_back(std::move(i));
    }
    pcap_freealldevs(all);
    return out;
}

}  // namespace whorl::io
