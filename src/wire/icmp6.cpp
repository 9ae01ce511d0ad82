// ICMPv6 quote walk and pseudo-header checksum verification.
#include "wire/icmp6.hpp"

#include "wire/checksum.hpp"
#include "wire/ip_protocol.hpp"

namespace whorl::wire {

std::optional<Icmp6Quote> Icmp6View::quote() const {
    if (!is_error()) return std::nullopt;
    auto ip = Ipv6View::parse(payload());
    if (!ip) return std::nullopt;
    const Bytes inner = ip->payload();
    auto ext = Ipv6Extensions::walk(ip->next_header(), inner);
    return Icmp6Quote{*ip, ext, QuotedTransport(inner.subspan(ext.upper_offset()))};
}

bool Icmp6View::checksum_ok(const Ipv6Address& src, const Ipv6Address& dst) const {
    return transport_checksum(src, dst, ip_protocol::kIcmpv6, bytes_) == 0;
}

}  // namespace whorl::wire
