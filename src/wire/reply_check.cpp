// Nmap 7.95's received-packet checks; see reply_check.hpp.
#include "wire/reply_check.hpp"

#include "wire/ethernet.hpp"
#include "wire/ip_protocol.hpp"

namespace whorl::wire {

bool nmap_tcp_header_valid(Bytes tcp) {
    if (tcp.size() < 20) return false;
    const std::size_t header = (std::to_integer<unsigned>(tcp[12]) >> 4) * 4u;
    if (header < 20 || header > tcp.size()) return false;
    std::size_t at = 20, left = header - 20;
    auto byte = [&](std::size_t i) { return std::to_integer<unsigned>(tcp[i]); };
    while (left > 1) {
        const unsigned kind = byte(at), length = byte(at + 1);
        std::size_t take = 0;
        auto exactly = [&](unsigned want) { return length == want && left >= want ? want : 0u; };
        switch (kind) {
            case 0: return true;  // end of list: nothing after it is looked at
            case 1: take = 1; break;
            case 2: take = exactly(4); break;
            case 3: take = exactly(3); break;
            case 4: take = exactly(2); break;
            case 8: take = exactly(10); break;
            case 14: take = exactly(3); break;
            case 5: take = length >= 10 && (length - 2) % 8 == 0 && left >= length ? length : 0; break;
            default: take = length >= 1 && length <= left ? length : 0; break;
        }
        if (take == 0) return false;
        at += take;
        left -= take;
    }
    return left == 0 || byte(at) <= 1;  // a last single byte: EOL or NOP
}

bool nmap_reader_accepts(const DecodedFrame& f) {
    const std::uint16_t et = f.link.ethertype;
    if (et != ethertype::kIpv4 && et != ethertype::kIpv6) return true;  // ARP and the like
    std::size_t transport = 0;
    std::uint8_t protocol = 0;
    if (et == ethertype::kIpv4) {
        if (!f.ipv4) return false;
        if (f.ipv4->fragment_offset() != 0) return false;
        transport = f.link.network_offset + f.ipv4->header_length();
        protocol = f.ipv4->protocol();
    } else {
        if (!f.ipv6 || f.issue == FrameIssue::ipv6_extension_truncated ||
            f.issue == FrameIssue::ipv6_extensions_too_many)
            return false;
        protocol = f.transport_protocol;
        if (protocol != 59 && protocol != ip_protocol::kTcp && protocol != ip_protocol::kUdp &&
            protocol != ip_protocol::kIcmp && protocol != ip_protocol::kIcmpv6 && protocol != 132)
            return false;
        transport = f.transport_offset;
    }
    if (transport > f.frame.size()) return false;
    const Bytes rest = f.frame.subspan(transport);
    if (protocol == ip_protocol::kTcp) return nmap_tcp_header_valid(rest);
    if (protocol == ip_protocol::kUdp) return rest.size() >= 8;
    return true;
}

}  // namespace whorl::wire
