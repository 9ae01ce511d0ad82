// IPv6 prints read back into answers.
#include "fp/active6/print_answers.hpp"

#include <map>

#include <fmt/format.h>

#include "base/hex.hpp"
#include "wire/frame.hpp"
#include "fp/active/tcp_reply.hpp"

namespace whorl::fp::active6 {
namespace {

std::optional<Probe6Id> probe_named(std::string_view name) {
    for (std::size_t i = 0; i < kProbe6Count; ++i)
        if (probe6_name(static_cast<Probe6Id>(i)) == name) return static_cast<Probe6Id>(i);
    return std::nullopt;
}

std::optional<double> seconds(const Test& t, std::string_view attr) {
    const std::string* v = t.find(attr);
    if (!v) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    return end && *end == '\0' ? std::optional(d) : std::nullopt;
}

}  // namespace

Result<Fingerprint> ipv4_terms_of_print(const Fingerprint& print) {
    std::vector<Answer6> answers;
    std::map<std::uint32_t, int> bases;  // candidate sequence bases and their votes
    for (const Test& t : print.tests()) {
        auto id = probe_named(t.name);
        const std::string* p = t.find("P");
        if (!id || !p) continue;
        std::string hex = *p;
        for (char& c : hex)
            if (c == 'X') c = '0';
        auto bytes = parse_hex(hex);
        if (!bytes) return fail(Errc::parse, fmt::format("{}: P= is not hex", t.name));
        wire::DecodedFrame f;
        wire::decode_network(0, *bytes, 0, f);
        if (!f.ipv6) return fail(Errc::parse, fmt::format("{}: P= is not an IPv6 packet", t.name));
        Answer6 a;
        a.reply = {*id, *bytes, seconds(t, "ST").value_or(0), seconds(t, "RT").value_or(0)};
        a.sent_mono_us = static_cast<std::int64_t>(a.reply.sent_seconds * 1e6);  // the S probes' spacing
        a.probe_ack_known = false;
        if (f.tcp && probe6_kind(*id) == Probe6Kind::tcp) {
            a.tcp = active::tcp_reply_from(*f.tcp, ip_meta6(*f.ipv6));
            if (a.tcp->ack != 0) ++bases[a.tcp->ack - 1 - tcp6_spec(*id).index];
        }
        answers.push_back(std::move(a));
    }
    // The base most answers agree on (an acknowledgement of probe seq + 1).
    std::uint32_t base = 0;
    int votes = 0;
    for (const auto& [b, n] : bases)
        if (n > votes) base = b, votes = n;
    for (auto& a : answers)
        if (probe6_kind(a.reply.probe) == Probe6Kind::tcp) a.probe_seq = base + tcp6_spec(a.reply.probe).index;
    Scan6Summary s;
    if (print.scan) {
        if (print.scan->open_tcp_port) s.target.open_port = static_cast<std::uint16_t>(*print.scan->open_tcp_port);
        if (print.scan->closed_tcp_port) s.target.closed_port = static_cast<std::uint16_t>(*print.scan->closed_tcp_port);
        s.target.directly_connected = print.scan->distance_method == 'D';  // NS went out
    }
    // T is the hop limit with the hops on the way added back: the print's DS.
    return ipv4_terms(s, answers, print.scan ? print.scan->distance : std::nullopt);
}

}  // namespace whorl::fp::active6
