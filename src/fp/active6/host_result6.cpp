// One host's IPv6 OS-scan result: Nmap's print, the distance, the verdict's print.
#include "fp/active6/host_result6.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "fp/active/os_round.hpp"
#include "fp/active/probe_spec.hpp"
#include "fp/active6/ipv6_only_test.hpp"

namespace whorl::fp::active6 {
namespace {

using active::ProbeId;

// The IPv4 probe whose test a TCP answer fills.
std::optional<ProbeId> ipv4_probe(Probe6Id id) {
    if (id <= Probe6Id::s6) return static_cast<ProbeId>(static_cast<int>(ProbeId::seq1) + static_cast<int>(id));
    if (id == Probe6Id::tecn) return ProbeId::ecn;
    if (id >= Probe6Id::t2) return static_cast<ProbeId>(static_cast<int>(ProbeId::t2) + static_cast<int>(id) - static_cast<int>(Probe6Id::t2));
    return std::nullopt;
}

// Nmap's IPv6 probes each carry their own sequence number and a random ack; the IPv4 tests
// compare an answer with the one S and A of a round. An answer's ack and seq are restated
// relative to the IPv4 probe's (equal, one more, zero or other), which is all S and A read.
std::uint32_t restate(std::uint32_t value, std::uint32_t was, std::uint32_t now) {
    if (value == 0) return 0;
    if (value == was) return now;
    if (value == was + 1) return now + 1;
    if (value == now || value == now + 1) return now + 2;  // "other" must stay other
    return value;
}

// Distance from the hop limit our probe had when the ICMPv6 error quoted it (IE2, U1).
std::optional<int> quoted_distance(const std::vector<Answer6>& answers) {
    for (auto id : {Probe6Id::ie2, Probe6Id::u1})
        for (const auto& a : answers)
            if (a.reply.probe == id && a.quoted_hop_limit) return a.sent_hop_limit - *a.quoted_hop_limit + 1;
    return std::nullopt;
}

// The MSS follows the path: over the same link it is 20 bytes smaller over IPv6 (a 40-byte
// header instead of 20), and the windows stacks derive from it shrink or grow with it. An
// answer is restated as the stack would have sent it over IPv4: its MSS option 20 larger,
// and a window that is a whole number of segments (of the MSS, or of the MSS less a
// 12-byte timestamp option) as many segments of the IPv4 size, or, where it was as many
// as fit in 65,535 bytes, as many IPv4 segments as fit there. Other windows stay.
void restate_for_ipv4(active::TcpReply& r) {
    constexpr std::uint16_t kHeaderDifference = 20;
    auto& o = r.options_onward;
    std::optional<std::uint16_t> mss;
    for (std::size_t i = 0; i < r.option_length && i < o.size();) {
        auto kind = std::to_integer<std::uint8_t>(o[i]);
        if (kind == 0) break;
        if (kind == 1) {
            ++i;
            continue;
        }
        if (i + 1 >= o.size()) break;
        auto len = std::to_integer<std::uint8_t>(o[i + 1]);
        if (len < 2) break;
        if (kind == 2 && len == 4 && i + 3 < o.size() && !mss) {
            std::uint16_t v = static_cast<std::uint16_t>(std::to_integer<unsigned>(o[i + 2]) << 8 | std::to_integer<unsigned>(o[i + 3]));
            mss = v;
            std::uint16_t v4 = v > 65535 - kHeaderDifference ? v : static_cast<std::uint16_t>(v + kHeaderDifference);
            o[i + 2] = std::byte{static_cast<std::uint8_t>(v4 >> 8)};
            o[i + 3] = std::byte{static_cast<std::uint8_t>(v4)};
        }
        i += len;
    }
    if (!mss || r.window == 0) return;
    for (int ts : {0, 12}) {
        if (*mss <= ts) continue;
        const unsigned segment = *mss - static_cast<unsigned>(ts), segment4 = segment + kHeaderDifference;
        if (r.window % segment) continue;
        const unsigned k = r.window / segment;
        const unsigned w4 = k == 65535 / segment ? 65535 / segment4 * segment4 : k * segment4;
        if (w4 <= 65535) r.window = static_cast<std::uint16_t>(w4);
        return;
    }
}

void drop_attrs(Test& t, std::initializer_list<std::string_view> names) {
    std::erase_if(t.attrs, [&](const Attribute& a) {
        return std::find(names.begin(), names.end(), a.name) != names.end();
    });
}

}  // namespace

Fingerprint ipv4_terms(const Scan6Summary& scan, const std::vector<Answer6>& answers, std::optional<int> hops) {
    const std::uint32_t kS = 0x10000000, kA = 0x20000000;  // the restated round's S and A
    active::RoundParams p;
    p.seq_base = kS;
    p.ack = kA;
    p.has_open_port = scan.target.open_port.has_value();
    p.has_known_closed_port = scan.target.closed_port.has_value();
    p.localhost = scan.target.localhost;
    p.behaviour = scan.settings.behaviour;
    active::OsRound round(p);
    for (const auto& a : answers) {
        auto id = ipv4_probe(a.reply.probe);
        if (!id || !a.tcp) continue;
        const auto& spec = active::probe_spec(*id);
        auto r = *a.tcp;
        restate_for_ipv4(r);
        r.ack = restate(r.ack, a.probe_seq, kS + spec.seq_offset);
        r.seq = restate(r.seq, a.probe_ack, spec.ack == active::AckField::zero ? 0 : kA);
        if (active::is_seq(*id)) round.set_seq_sent(active::seq_slot(*id), a.sent_mono_us, a.sent_wall_seconds);
        round.on_tcp_reply(*id, r);
    }
    auto fp = round.finish(hops).fingerprint;
    std::erase_if(fp.tests(), [](const Test& t) { return t.name == "U1" || t.name == "IE"; });
    const bool acks_known = std::all_of(answers.begin(), answers.end(), [](const Answer6& a) { return a.probe_ack_known; });
    for (auto& t : fp.tests()) {
        drop_attrs(t, {"DF", "TI", "CI", "II", "SS"});
        if (!acks_known && t.name.starts_with("T")) drop_attrs(t, {"S"});
    }
    std::erase_if(fp.tests(), [](const Test& t) { return t.attrs.empty(); });
    fp.tests().push_back(ipv6_only_test(answers, scan.target.directly_connected && !scan.target.localhost));
    return fp;
}

Final6 finish6(const Scan6Summary& scan, const std::vector<Answer6>& answers, std::int64_t wall_seconds, int month,
               int day) {
    Final6 out;
    const auto& t = scan.target;
    auto hops = quoted_distance(answers);
    std::optional<char> method;
    if (t.localhost) {
        out.distance = 0;
        method = 'L';
    } else if (t.directly_connected) {
        out.distance = 1;
        method = 'D';
    } else if (hops) {
        out.distance = *hops;
        method = 'I';
    }
    if (scan.settings.scan_delay_ms > 500)
        out.not_ideal_reason = fmt::format("Scan delay ({}) is greater than 500", static_cast<int>(scan.settings.scan_delay_ms));
    else if (!t.open_port && !t.closed_port)
        out.not_ideal_reason = "Missing a closed or open TCP port so results incomplete";
    else if (scan.send_failed)
        out.not_ideal_reason = "Some probes failed to send so results incomplete";

    std::vector<Reply6> replies;
    bool u1_answered = false;
    for (const auto& a : answers) {
        replies.push_back(a.reply);
        u1_answered = u1_answered || (a.reply.probe == Probe6Id::u1 && a.quoted_hop_limit);
    }
    out.fingerprint = fingerprint6(replies, scan.flow_label);
    ScanLine s;
    s.version = std::string(nmap_version_text(scan.settings.behaviour));
    s.engine = 6;
    s.month = month;
    s.day = day;
    if (t.open_port) s.open_tcp_port = *t.open_port;
    if (t.closed_port) s.closed_tcp_port = *t.closed_port;
    // CU: the port U1 went to, once an ICMPv6 error quoting it came back.
    if (u1_answered && t.closed_udp_port) s.closed_udp_port = *t.closed_udp_port;
    s.private_address = active::is_private_address(t.address);
    s.distance = out.distance;
    s.distance_method = method;
    s.good = !out.not_ideal_reason;
    if (t.mac && t.directly_connected)
        s.mac_prefix = fmt::format("{:02X}{:02X}{:02X}", (*t.mac)[0], (*t.mac)[1], (*t.mac)[2]);
    s.time = static_cast<std::uint64_t>(wall_seconds);
    s.platform = scan.settings.platform;
    out.fingerprint.scan = s;
    out.verdict_print = ipv4_terms(scan, answers, hops);
    return out;
}

}  // namespace whorl::fp::active6
