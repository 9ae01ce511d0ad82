// ARP view and request builder.
#include "wire/arp.hpp"

#include <algorithm>

#include "wire/ethernet.hpp"

namespace whorl::wire {

std::optional<ArpView> ArpView::parse(Bytes p) {
    if (p.size() < kLength) return std::nullopt;
    if (load_be16(p, 0) != 1 || load_be16(p, 2) != ethertype::kIpv4 || load_u8(p, 4) != 6 || load_u8(p, 5) != 4)
        return std::nullopt;
    return ArpView(p.first(kLength));
}

std::optional<std::size_t> build_arp_request(MutableBytes out, const MacAddress& sender_mac, Ipv4Address sender_ip,
                                             Ipv4Address target_ip) {
    constexpr std::size_t kFrame = 60;
    if (out.size() < kFrame) return std::nullopt;
    std::fill_n(out.begin(), kFrame, std::byte{0});
    MacAddress broadcast{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}};
    broadcast.write(out, 0);
    sender_mac.write(out, 6);
    store_be16(out, 12, ethertype::kArp);
    auto arp = out.subspan(EthernetView::kHeaderLength);
    store_be16(arp, 0, 1);                 // Ethernet
    store_be16(arp, 2, ethertype::kIpv4);  // IPv4
    store_u8(arp, 4, 6);
    store_u8(arp, 5, 4);
    store_be16(arp, 6, ArpView::kRequest);
    sender_mac.write(arp, 8);
    sender_ip.write(arp, 14);
    MacAddress{}.write(arp, 18);
    target_ip.write(arp, 24);
    return kFrame;
}

}  // namespace whorl::wire
