// Nmap's IPv6 fingerprint text from the answers' bytes.
#include "fp/active6/fingerprint6.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "wire/icmp6.hpp"
#include "wire/ipv6.hpp"
#include "wire/ipv6_extensions.hpp"

namespace whorl::fp::active6 {
namespace {

constexpr std::uint8_t kIcmp6 = 58;
constexpr std::size_t kAddressLength = 16;

void mark(std::vector<bool>& masked, std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count && i < masked.size(); ++i) masked[i] = true;
}

// The IPv6 packet at `at` in `whole`: its addresses, and what its ICMPv6 message carries.
void scrub(Bytes whole, std::size_t at, std::vector<bool>& masked, int depth) {
    auto ip = wire::Ipv6View::parse(whole.subspan(at));
    if (!ip || depth > 2) return;
    mark(masked, at + 8, 2 * kAddressLength);
    auto payload = ip->payload();
    auto chain = wire::Ipv6Extensions::walk(ip->next_header(), payload);
    if (chain.end() != wire::Ipv6ChainEnd::upper_layer || chain.upper_protocol() != kIcmp6) return;
    const std::size_t icmp_at = at + wire::Ipv6View::kHeaderLength + chain.upper_offset();
    auto icmp = wire::Icmp6View::parse(payload.subspan(chain.upper_offset()));
    if (!icmp) return;
    if (icmp->type() == wire::icmp6_type::kNeighborAdvertisement && icmp->message().size() >= 8 + kAddressLength)
        mark(masked, icmp_at + 8, kAddressLength);
    else if (icmp->is_error())
        scrub(whole, icmp_at + wire::Icmp6View::kHeaderLength, masked, depth + 1);
}

// ostream's default for a double: %g with six significant digits.
std::string seconds_text(double s) { return fmt::format("{:g}", s); }

}  // namespace

std::string scrubbed_hex(Bytes packet) {
    std::vector<bool> masked(packet.size(), false);
    scrub(packet, 0, masked, 0);
    std::string out;
    out.reserve(packet.size() * 2);
    for (std::size_t i = 0; i < packet.size(); ++i)
        out += masked[i] ? std::string("XX") : fmt::format("{:02x}", std::to_integer<unsigned>(packet[i]));
    return out;
}

Fingerprint fingerprint6(const std::vector<Reply6>& replies, std::uint32_t flow_label) {
    std::vector<const Reply6*> ordered;
    for (const auto& r : replies) ordered.push_back(&r);
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Reply6* a, const Reply6* b) { return a->probe < b->probe; });
    Fingerprint fp;
    for (const Reply6* r : ordered)
        fp.add_test(probe6_name(r->probe))
            .set("P", scrubbed_hex(r->packet))
            .set("ST", seconds_text(r->sent_seconds))
            .set("RT", seconds_text(r->received_seconds));
    fp.add_test("EXTRA").set("FL", fmt::format("{:05x}", flow_label));
    return fp;
}

}  // namespace whorl::fp::active6
