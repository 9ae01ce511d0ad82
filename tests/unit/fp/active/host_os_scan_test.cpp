// A host's rounds -> the printed result, where Nmap 7.93 and 7.95 differ: the SCAN line's
// V=, its G= through the timing ratio, and how the rounds are merged.
#include "fp/active/host_os_scan.hpp"

#include <gtest/gtest.h>

#include "tcp_replies.hpp"

namespace whorl::fp::active {
namespace {

using F = TcpFlags;

OsTarget target() {
    OsTarget t;
    t.address = IpAddress::v4(0xC6336402);  // 198.51.100.2
    t.open_port = 80;
    t.closed_port = 1;
    t.closed_udp_port = 40000;
    t.directly_connected = true;
    return t;
}

OsSettings settings(NmapBehaviour b) {
    OsSettings s;
    s.behaviour = b;
    return s;
}

// A round whose SEQ probes left at `sent_ms`, answered where `answered` says; SEQ answers'
// ISNs step by `isn_step` (so different rounds can measure different SEQ values).
OsRound round(NmapBehaviour b, std::array<int, 6> sent_ms, std::array<bool, 6> answered, std::uint32_t isn_step) {
    RoundParams p;
    p.seq_base = 1000;
    p.ack = 5000;
    p.has_open_port = true;
    p.has_known_closed_port = true;
    p.behaviour = b;
    OsRound r(p);
    for (int k = 0; k < 6; ++k) r.set_seq_sent(k, sent_ms[static_cast<std::size_t>(k)] * 1000LL, 1700000000);
    for (int k = 0; k < 6; ++k)
        if (answered[static_cast<std::size_t>(k)])
            r.on_tcp_reply(static_cast<ProbeId>(static_cast<int>(ProbeId::seq1) + k),
                           test::syn_ack(static_cast<std::uint16_t>(10 + k), isn_step * static_cast<std::uint32_t>(k + 1)));
    return r;
}

constexpr std::array<int, 6> kOnTime{0, 100, 200, 300, 400, 500};
constexpr std::array<bool, 6> kAll{true, true, true, true, true, true};

TEST(HostOsScan, ScanLineNamesTheRelease) {
    db::OsDb empty;
    match::OsMatcher matcher(empty);
    for (auto [b, v] : {std::pair{NmapBehaviour::v7_93, "7.93"}, {NmapBehaviour::v7_95, "7.95"}}) {
        HostOsScan host(target(), settings(b));
        host.end_round(round(b, kOnTime, kAll, 1000), false, matcher);
        auto f = host.finish(matcher, 0x6B06069B, 11, 24);
        ASSERT_TRUE(f.fingerprint.scan);
        EXPECT_EQ(f.fingerprint.scan->version, v);
        EXPECT_TRUE(f.fingerprint.text(FingerprintLayout::unwrapped).starts_with(std::string("SCAN(V=") + v + "%E=4%D=11/24"));
    }
}

TEST(HostOsScan, ALateUnansweredSeq1MakesTheFingerprintNotIdealIn795Only) {
    db::OsDb empty;
    match::OsMatcher matcher(empty);
    // SEQ1 left 400 ms before SEQ2 and drew nothing: 7.95 measures 800 ms (ratio 1.6 > 1.4),
    // 7.93 measures from SEQ2 (0.8).
    std::array<int, 6> late{0, 400, 500, 600, 700, 800};
    std::array<bool, 6> seq1_lost{false, true, true, true, true, true};
    HostOsScan h93(target(), settings(NmapBehaviour::v7_93)), h95(target(), settings(NmapBehaviour::v7_95));
    h93.end_round(round(NmapBehaviour::v7_93, late, seq1_lost, 1000), false, matcher);
    h95.end_round(round(NmapBehaviour::v7_95, late, seq1_lost, 1000), false, matcher);
    EXPECT_FALSE(h93.not_ideal_reason());
    EXPECT_EQ(h95.not_ideal_reason().value_or(""), "maxTimingRatio (1.600000e+00) is greater than 1.4");
    EXPECT_TRUE(h93.finish(matcher, 0, 1, 1).fingerprint.scan->good);
    EXPECT_FALSE(h95.finish(matcher, 0, 1, 1).fingerprint.scan->good);
}

TEST(HostOsScan, RoundsWithDifferentValuesAreAllPrintedBy795) {
    db::OsDb empty;
    match::OsMatcher matcher(empty);
    for (auto b : {NmapBehaviour::v7_93, NmapBehaviour::v7_95}) {
        HostOsScan host(target(), settings(b));
        host.end_round(round(b, kOnTime, kAll, 1000), false, matcher);
        host.end_round(round(b, kOnTime, kAll, 100000), false, matcher);  // a higher ISR
        auto f = host.finish(matcher, 0, 1, 1);
        int seq_lines = 0;
        for (const auto& t : f.fingerprint.tests()) seq_lines += t.name == "SEQ";
        EXPECT_EQ(seq_lines, b == NmapBehaviour::v7_95 ? 2 : 1) << nmap_version_text(b);
        EXPECT_EQ(f.tries, 2);
    }
}

}  // namespace
}  // namespace whorl::fp::active
