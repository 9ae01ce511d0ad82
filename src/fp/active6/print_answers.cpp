// IPv6 prints read back into answers.
#include "fp/active6/print_answers.hpp"

#include <map>

#include <fmt/format.h>

#include "base/hex.hpp"
#include "wire/frame.hpp"
#include "wire/tcp_options.hpp"

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
            const auto& tcp = *f.tcp;
            active::TcpReply r;
            r.ip = {f.ipv6->hop_limit(), false, 0, static_cast<std::uint16_t>(40 + f.ipv6->payload_length())};
            r.seq = tcp.seq();
            r.ack = tcp.ack();
            r.flags = tcp.flags_byte();
            r.reserved_bits = static_cast<std::uint8_t>(load_u8(tcp.header(), 12) & 0x0F);
            r.window = tcp.window();
            r.urgent_pointer = tcp.urgent_pointer();
            r.option_length = tcp.header_length() - 20;
            auto onward = tcp.segment().subspan(20);
            r.options_onward.assign(onward.begin(), onward.end());
            if (auto ts = wire::TcpOptions::parse(tcp.options()).timestamps()) r.tsval = ts->tsval;
            auto payload = tcp.payload();
            r.payload.assign(payload.begin(), payload.end());
            if (r.ack != 0) ++bases[r.ack - 1 - tcp6_spec(*id).index];
            a.tcp = std::move(r);
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
    }
    // T is the hop limit with the hops on the way added back: the print's DS.
    return ipv4_terms(s, answers, print.scan ? print.scan->distance : std::nullopt);
}

}  // namespace whorl::fp::active6
