// One round's replies -> tests, where Nmap 7.93 and 7.95 write different values: RD, UN,
// an empty SEQ line and the timing ratio (docs/decisions/0011-nmap-795-wire.md).
#include "fp/active/os_round.hpp"

#include <gtest/gtest.h>

#include "tcp_replies.hpp"

#include "fp/active/option_string.hpp"

namespace whorl::fp::active {
namespace {

using F = TcpFlags;

RoundParams params(NmapBehaviour b, bool open_port = true) {
    RoundParams p;
    p.seq_base = 1000;
    p.ack = 5000;
    p.udp_ttl = 60;
    p.has_open_port = open_port;
    p.has_known_closed_port = true;
    p.behaviour = b;
    return p;
}

std::vector<std::byte> bytes(std::string_view s) {
    std::vector<std::byte> v;
    for (char c : s) v.push_back(static_cast<std::byte>(c));
    return v;
}

const Test& test(const Fingerprint& fp, std::string_view name) {
    const Test* t = fp.find(name);
    EXPECT_NE(t, nullptr) << name;
    static const Test kNone{};
    return t ? *t : kNone;
}

// A reset carrying "HH", whose CRC-32 is 0x017E1E50: a leading zero digit.
TcpReply reset_with_data() {
    TcpReply r;
    r.ip = {64, true, 0x1234, 42};
    r.ack = 1001;
    r.flags = F::rst | F::ack;
    r.payload = bytes("HH");
    return r;
}

TEST(OsRound, RdIsPaddedToEightDigitsBy793Only) {
    ASSERT_EQ(crc32(bytes("HH")), 0x017E1E50u);
    for (auto [b, want] : {std::pair{NmapBehaviour::v7_93, "017E1E50"}, {NmapBehaviour::v7_95, "17E1E50"}}) {
        OsRound round(params(b));
        ASSERT_TRUE(round.on_tcp_reply(ProbeId::t5, reset_with_data()));
        auto fp = round.finish(1).fingerprint;
        EXPECT_EQ(*test(fp, "T5").find("RD"), want) << nmap_version_text(b);
        // A reset without data, or data without a reset, is RD=0 in both.
        EXPECT_EQ(*test(fp, "T6").find("R"), "N");
    }
    TcpReply no_rst = reset_with_data();
    no_rst.flags = F::ack;
    OsRound round(params(NmapBehaviour::v7_95));
    round.on_tcp_reply(ProbeId::t6, no_rst);
    EXPECT_EQ(*test(round.finish(1).fingerprint, "T6").find("RD"), "0");
}

PortUnreachableReply unreachable(std::uint32_t unused) {
    PortUnreachableReply r;
    r.outer = {64, false, 7, 356};
    r.unused = unused;
    r.quoted = {59, false, kU1IpId, 328};
    r.quoted_ip_checksum = 0;
    return r;
}

TEST(OsRound, UnKeepsOnlyTheLow16BitsIn793) {
    struct Case {
        std::uint32_t unused;
        const char* v793;
        const char* v795;
    };
    for (const Case& c : {Case{0x12345678, "5678", "12345678"}, Case{0xABCD0000, "0", "ABCD0000"},
                          Case{0x0000FFFF, "FFFF", "FFFF"}, Case{0, "0", "0"}}) {
        for (auto [b, want] : {std::pair{NmapBehaviour::v7_93, c.v793}, {NmapBehaviour::v7_95, c.v795}}) {
            OsRound round(params(b));
            std::optional<int> distance;
            ASSERT_TRUE(round.on_port_unreachable(unreachable(c.unused), distance));
            EXPECT_EQ(distance, 2);  // udp_ttl 60 - quoted TTL 59 + 1
            auto fp = round.finish(distance).fingerprint;
            EXPECT_EQ(*test(fp, "U1").find("UN"), want) << std::hex << c.unused << " " << nmap_version_text(b);
        }
    }
}

TEST(OsRound, AnEmptySeqLineIsPrintedBy795Only) {
    // No open port and no answer at all: no SEQ attribute can be computed.
    OsRound r93(params(NmapBehaviour::v7_93, false)), r95(params(NmapBehaviour::v7_95, false));
    auto fp93 = r93.finish(std::nullopt).fingerprint, fp95 = r95.finish(std::nullopt).fingerprint;
    EXPECT_EQ(fp93.find("SEQ"), nullptr);
    ASSERT_FALSE(fp95.tests().empty());
    EXPECT_EQ(fp95.tests().front().text(), "SEQ()");
    // Everything else is the same: T5-T7, U1 and IE without answers are R=N.
    std::string rest93, rest95;
    for (const auto& t : fp93.tests()) rest93 += t.text();
    for (std::size_t i = 1; i < fp95.tests().size(); ++i) rest95 += fp95.tests()[i].text();
    EXPECT_EQ(rest93, "T5(R=N)T6(R=N)T7(R=N)U1(R=N)IE(R=N)");
    EXPECT_EQ(rest95, rest93);
    // With something to say, both print the same SEQ line.
    for (auto b : {NmapBehaviour::v7_93, NmapBehaviour::v7_95}) {
        OsRound round(params(b, false));
        for (auto [id, ip_id] : {std::pair{ProbeId::t5, 100}, {ProbeId::t6, 101}, {ProbeId::t7, 102}}) {
            TcpReply r = reset_with_data();
            r.ip.id = static_cast<std::uint16_t>(ip_id);
            round.on_tcp_reply(id, r);
        }
        EXPECT_EQ(round.finish(std::nullopt).fingerprint.tests().front().text(), "SEQ(CI=I)");
    }
}

// SEQ probes sent at `sent_ms`; the ones with answered[k] draw a SYN/ACK.
OsRound seq_round(NmapBehaviour b, std::array<int, 6> sent_ms, std::array<bool, 6> answered) {
    OsRound round(params(b));
    for (int k = 0; k < 6; ++k) round.set_seq_sent(k, sent_ms[static_cast<std::size_t>(k)] * 1000LL, 1700000000);
    for (int k = 0; k < 6; ++k)
        if (answered[static_cast<std::size_t>(k)])
            round.on_tcp_reply(static_cast<ProbeId>(static_cast<int>(ProbeId::seq1) + k),
                               test::syn_ack(static_cast<std::uint16_t>(10 + k), 0x10000u * static_cast<std::uint32_t>(k + 1)));
    return round;
}

TEST(OsRound, TimingRatioStartsAtTheFirstAnsweredSeqProbeIn793) {
    // SEQ1 left late (a stalled send) and drew no answer; SEQ2-SEQ6 are 100 ms apart.
    std::array<int, 6> sent{0, 400, 500, 600, 700, 800};
    std::array<bool, 6> seq1_lost{false, true, true, true, true, true};
    EXPECT_DOUBLE_EQ(seq_round(NmapBehaviour::v7_93, sent, seq1_lost).timing_ratio(), 400.0 / 500);
    EXPECT_DOUBLE_EQ(seq_round(NmapBehaviour::v7_95, sent, seq1_lost).timing_ratio(), 800.0 / 500);
    // All answered, or none: both measure from SEQ1.
    std::array<bool, 6> all{true, true, true, true, true, true}, none{};
    for (auto b : {NmapBehaviour::v7_93, NmapBehaviour::v7_95}) {
        EXPECT_DOUBLE_EQ(seq_round(b, sent, all).timing_ratio(), 1.6);
        EXPECT_DOUBLE_EQ(seq_round(b, sent, none).timing_ratio(), 1.6);
    }
    // A SYN/ACK with ISN 0 is no sample (Nmap keeps ISNs, 0 marks an empty slot).
    OsRound zero = seq_round(NmapBehaviour::v7_93, sent, none);
    zero.on_tcp_reply(ProbeId::seq1, test::syn_ack(5, 0));
    zero.on_tcp_reply(ProbeId::seq3, test::syn_ack(6, 77));
    EXPECT_DOUBLE_EQ(zero.timing_ratio(), 300.0 / 500);
    // No open port: no SEQ phase, ratio 0.
    OsRound closed(params(NmapBehaviour::v7_95, false));
    EXPECT_EQ(closed.timing_ratio(), 0);
}

}  // namespace
}  // namespace whorl::fp::active
