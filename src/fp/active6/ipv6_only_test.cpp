// whorl's V6 test from a host's IPv6 answers (see the header).
#include "fp/active6/ipv6_only_test.hpp"

#include <fmt/format.h>

#include "fp/active6/probe6.hpp"
#include "wire/icmp6.hpp"
#include "wire/ipv6.hpp"

namespace whorl::fp::active6 {
namespace {

constexpr std::uint32_t kProbeFlowLabel = 0x12345;
constexpr std::uint8_t kTargetLinkLayerOption = 2;

const Answer6* answer_to(const std::vector<Answer6>& answers, Probe6Id probe) {
    for (const auto& a : answers)
        if (a.reply.probe == probe) return &a;
    return nullptr;
}

// The ICMPv6 message of an answer that is one (no extension header before it).
std::optional<wire::Icmp6View> icmp6_of(const Answer6& a) {
    auto ip = wire::Ipv6View::parse(a.reply.packet);
    if (!ip || ip->next_header() != 58) return std::nullopt;
    return wire::Icmp6View::parse(ip->payload());
}

std::string icmp_answer(const std::vector<Answer6>& answers, Probe6Id probe) {
    const Answer6* a = answer_to(answers, probe);
    auto icmp = a ? icmp6_of(*a) : std::nullopt;
    return icmp ? fmt::format("{:02X}{:02X}", icmp->type(), icmp->code()) : "N";
}

std::string flow_label_class(const std::vector<Answer6>& answers) {
    bool any = false, echoed = false, other = false;
    for (const auto& a : answers) {
        if (!a.tcp) continue;
        auto ip = wire::Ipv6View::parse(a.reply.packet);
        if (!ip) continue;
        any = true;
        const std::uint32_t label = ip->flow_label();
        echoed = echoed || label == kProbeFlowLabel;
        other = other || (label != 0 && label != kProbeFlowLabel);
    }
    if (!any) return {};
    return other ? "R" : echoed ? "E" : "Z";
}

int initial_hop_limit(int seen) {
    for (int start : {32, 64, 128})
        if (seen <= start) return start;
    return 255;
}

}  // namespace

Test ipv6_only_test(const std::vector<Answer6>& answers, bool ns_sent) {
    Test t;
    t.name = "V6";
    if (auto fl = flow_label_class(answers); !fl.empty()) t.attrs.push_back({"FL", fl});
    t.attrs.push_back({"I1", icmp_answer(answers, Probe6Id::ie1)});
    t.attrs.push_back({"I2", icmp_answer(answers, Probe6Id::ie2)});
    t.attrs.push_back({"U", icmp_answer(answers, Probe6Id::u1)});
    if (ns_sent) {
        const Answer6* na = answer_to(answers, Probe6Id::ns);
        auto icmp = na ? icmp6_of(*na) : std::nullopt;
        if (icmp && icmp->type() == wire::icmp6_type::kNeighborAdvertisement && icmp->message().size() >= 24) {
            const auto flags = static_cast<std::uint8_t>(icmp->message()[4]);
            std::string letters;
            if (flags & 0x80) letters += 'R';
            if (flags & 0x40) letters += 'S';
            if (flags & 0x20) letters += 'O';
            t.attrs.push_back({"NA", letters.empty() ? "Z" : letters});
            bool link_layer = false;
            Bytes options = icmp->message().subspan(24);
            while (options.size() >= 8) {  // type, length in units of 8 bytes
                const auto type = static_cast<std::uint8_t>(options[0]);
                const std::size_t length = static_cast<std::uint8_t>(options[1]) * std::size_t{8};
                if (length == 0 || length > options.size()) break;
                link_layer = link_layer || type == kTargetLinkLayerOption;
                options = options.subspan(length);
            }
            t.attrs.push_back({"NO", link_layer ? "Y" : "N"});
        } else {
            t.attrs.push_back({"NA", "N"});
        }
    }
    for (Probe6Id probe : {Probe6Id::ie1, Probe6Id::ie2, Probe6Id::u1}) {
        const Answer6* a = answer_to(answers, probe);
        auto ip = a && icmp6_of(*a) ? wire::Ipv6View::parse(a->reply.packet) : std::nullopt;
        if (!ip) continue;
        t.attrs.push_back({"TG", fmt::format("{:X}", initial_hop_limit(ip->hop_limit()))});
        break;
    }
    return t;
}

}  // namespace whorl::fp::active6
