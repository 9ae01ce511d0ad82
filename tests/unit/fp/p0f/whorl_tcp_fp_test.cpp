// data/whorl-tcp.fp: loads with p0f.fp's own loader without an error; the real Linux SYNs
// and SYN+ACKs of the lab capture (tests/fixtures/pcap/lab/linux-syns.pcap) match its
// Linux signatures where p0f.fp 3.09b has only a generic match or none; the SYN+ACKs of the
// lab's userspace stacks match theirs; and SYNs built from the public facts its other lines
// cite (nDPI, JA4T) match the stack they name.
#include <map>

#include <gtest/gtest.h>

#include "fp/db/data_paths.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_evidence.hpp"
#include "support/lab_capture.hpp"

namespace whorl::fp::passive {
namespace {

Result<P0fDatabase> load_whorl_tcp() {
    auto dir = db::whorl_data_dir();
    if (!dir) return fail(Errc::not_found, "no whorl data dir");
    return P0fDatabase::load(*dir + "/whorl-tcp.fp");
}

std::string label_of(const P0fDatabase& db, const TcpMatch& m) {
    return m.record ? db.label_text(m.record->label) : std::string("(none)");
}

TEST(WhorlTcpFp, LoadsWithP0fsLoader) {
    auto db = load_whorl_tcp();
    ASSERT_TRUE(db) << db.error().describe();
    // Every `sig` line is kept: none is dropped as covered by an earlier one.
    EXPECT_EQ(db->tcp(Direction::request).size(), 20u);
    EXPECT_EQ(db->tcp(Direction::response).size(), 19u);
    std::map<std::string, int> names;
    for (const auto& l : db->labels()) ++names[db->names()[l.name_id]];
    for (const char* n : {"Linux", "Windows", "macOS", "Android"}) EXPECT_GT(names[n], 0) << n;
}

struct Packet {
    int host = -1;  // lab host index of the sender; -1 for the scanner
    int peer = -1;  // the other side
    bool syn_ack = false;
    int version = 4;
    TcpSignatureInput in;
};

// The lab host an address belongs to: 198.51.100.(2+i) / 2001:db8::(2+i); -1 for .1 / ::1.
int host_of(const wire::DecodedFrame& f, bool source) {
    int last = f.ipv4 ? static_cast<int>((source ? f.ipv4->src() : f.ipv4->dst()).value & 0xFF)
                      : (source ? f.ipv6->src() : f.ipv6->dst()).octets[15];
    return last - 2;
}

std::vector<Packet> lab_packets() {
    std::vector<Packet> out;
    std::map<std::pair<int, std::uint16_t>, std::uint16_t> syn_mss;  // (IP version, client port) -> MSS
    for (const auto& frame : test::read_pcap("pcap/lab/linux-syns.pcap")) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        if (!f.tcp || !f.tcp->syn()) continue;
        Packet p;
        p.host = host_of(f, true);
        p.peer = host_of(f, false);
        p.syn_ack = f.tcp->ack_flag();
        p.version = f.ipv4 ? 4 : 6;
        std::uint16_t peer = 0;
        if (p.syn_ack) peer = syn_mss[{f.ipv4 ? 4 : 6, f.tcp->dst_port()}];
        p.in = test::tcp_input_from_frame(f, peer);
        if (!p.syn_ack) syn_mss[{p.version, f.tcp->src_port()}] = p.in.mss;
        out.push_back(p);
    }
    return out;
}

TEST(WhorlTcpFp, LabLinuxStacksMatchWhereP0fOnlyGuesses) {
    auto whorl = load_whorl_tcp();
    ASSERT_TRUE(whorl) << whorl.error().describe();
    auto p0f = P0fDatabase::load_default();
    if (!p0f) GTEST_SKIP() << p0f.error().describe();
    auto packets = lab_packets();
    ASSERT_EQ(packets.size(), 104u);  // 13 hosts x 2 connections x 2 directions x 2 IP versions

    int whorl_specific = 0, p0f_specific = 0, checked_default = 0;
    for (const auto& p : packets) {
        Direction d = p.syn_ack ? Direction::response : Direction::request;
        TcpMatch w = whorl->tcp(d).match(p.in);
        TcpMatch o = p0f->tcp(d).match(p.in);
        std::string what = format_tcp_raw_sig(p.in) + " from host " + std::to_string(p.host);
        if (w.record && !w.generic() && !w.fuzzy) ++whorl_specific;
        if (o.record && !o.generic() && !o.fuzzy) ++p0f_specific;

        // host 1 sends 2 x MSS windows (tcp_rmem 8 KiB): no signature claims those.
        if (p.host == 1) {
            EXPECT_FALSE(w.record) << what;
            continue;
        }
        ASSERT_TRUE(w.record) << what;
        auto e = tcp_match_evidence(*whorl, w, p.syn_ack ? EvidenceSource::whorl_synack : EvidenceSource::whorl_syn, 0);
        ASSERT_TRUE(e);
        if (!p.syn_ack && (p.host == 11 || p.host == 12)) {
            EXPECT_EQ(label_of(*whorl, w), "Android or Linux with a large default receive buffer") << what;
            EXPECT_EQ(e->family, OsFamily::android);
            continue;
        }
        EXPECT_EQ(e->family, OsFamily::linux) << what;
        EXPECT_EQ(e->name, "Linux") << what;

        // The default stack (the scanner and hosts 0, 9, 10): whorl exact and specific, p0f.fp
        // a generic catch-all for IPv4 SYNs and nothing else.
        // The scanner's SYN+ACK echoes the options of the SYN it answers: not default for
        // the no-timestamps, no-sack, no-wscale, ECN and bare hosts.
        bool peer_tuned = (p.peer >= 2 && p.peer <= 5) || p.peer == 7;
        bool default_stack = p.host == 0 || p.host == 9 || p.host == 10 || (p.host == -1 && !(p.syn_ack && peer_tuned));
        if (default_stack) {
            ++checked_default;
            EXPECT_EQ(label_of(*whorl, w), "Linux 4.19 and newer") << what;
            EXPECT_FALSE(w.fuzzy) << what;
            EXPECT_FALSE(w.generic()) << what;
            EXPECT_EQ(e->strength, kStrengthExactSpecific);
            if (p.version == 4 && !p.syn_ack) {
                ASSERT_TRUE(o.record) << what;
                EXPECT_TRUE(o.generic()) << what << ": p0f.fp says " << label_of(*p0f, o);
            } else {
                EXPECT_FALSE(o.record) << what << ": p0f.fp says " << label_of(*p0f, o);
            }
        }
        if (p.host == 5 && p.version == 4 && !p.syn_ack) {
            EXPECT_TRUE(w.fuzzy) << what;  // the ecn quirk
        }
        if (p.host == 7) {
            EXPECT_TRUE(w.generic()) << what;  // MSS only
        }
        if (p.host >= 2 && p.host <= 4 && !p.syn_ack) {
            EXPECT_EQ(label_of(*whorl, w), "Linux 4.19 and newer (tuned)") << what;
        }
    }
    EXPECT_GE(checked_default, 24);
    EXPECT_EQ(p0f_specific, 0);
    EXPECT_GE(whorl_specific, 70);
}

// The SYN+ACK each userspace stack of the lab sent curl (tests/fixtures/pcap/stacks/,
// tools/stacks/capture-synacks.sh) matches, exactly, the signature
// tools/stacks/whorl-tcp-synacks.sh wrote for it, under that stack's name.
TEST(WhorlTcpFp, LabUserspaceStacksSynAcksMatchTheirSignatures) {
    auto whorl = load_whorl_tcp();
    ASSERT_TRUE(whorl) << whorl.error().describe();
    const std::pair<const char*, const char*> stacks[] = {
        {"gvisor-netstack", "gVisor"}, {"libslirp-slirp4netns", "QEMU"}, {"lwip", "lwIP 2.1.X"},
        {"ns3", "ns-3 3.X"},           {"passt-pasta", "passt"},
    };
    for (const auto& [stack, label] : stacks) {
        const auto synacks = test::synacks_after_syns(std::string("pcap/stacks/") + stack + ".pcap");
        EXPECT_EQ(synacks.size(), 1u) << stack;
        for (const auto& in : synacks) {
            TcpMatch m = whorl->tcp(Direction::response).match(in);
            ASSERT_TRUE(m.record) << stack << ": " << format_tcp_raw_sig(in);
            EXPECT_FALSE(m.fuzzy) << stack;
            EXPECT_EQ(label_of(*whorl, m), label) << stack;
        }
    }
}

TEST(WhorlTcpFp, PublicFactsMatchTheStacksTheyName) {
    auto whorl = load_whorl_tcp();
    ASSERT_TRUE(whorl) << whorl.error().describe();
    const TcpSignatureSet& req = whorl->tcp(Direction::request);
    // nDPI 2_128_64240_e035a9f8f3a0 / JA4T 64240_2-1-3-1-1-4_1460_8, seen 6 hops away.
    auto win = test::built_syn(122, 64240, 1460, 8, {kOptMss, kOptNop, kOptWs, kOptNop, kOptNop, kOptSackOk});
    EXPECT_EQ(label_of(*whorl, req.match(win)), "Windows 10 or 11");
    EXPECT_EQ(req.match(win).dist, 6);
    // nDPI 2_128_65160_55a079b2ce62: mss,nop,ws 8,sok,ts.
    auto win_ts = test::built_syn(128, 65160, 1460, 8, {kOptMss, kOptNop, kOptWs, kOptSackOk, kOptTs});
    EXPECT_EQ(label_of(*whorl, req.match(win_ts)), "Windows 10 or 11 (timestamps on)");
    EXPECT_TRUE(req.match(win_ts).generic());
    // nDPI 2_64_65535_96500ba614e1 / JA4T 65535_2-1-3-1-1-8-4-0-0_1460_6, over IPv4 and IPv6.
    auto mac = test::built_syn(64, 65535, 1460, 6, {kOptMss, kOptNop, kOptWs, kOptNop, kOptNop, kOptTs, kOptSackOk, kOptEol}, 1);
    EXPECT_EQ(label_of(*whorl, req.match(mac)), "macOS 11 or newer (or iOS/iPadOS)");
    auto mac6 = test::built_syn(64, 65535, 1440, 6, {kOptMss, kOptNop, kOptWs, kOptNop, kOptNop, kOptTs, kOptSackOk, kOptEol}, 1, true);
    EXPECT_EQ(label_of(*whorl, req.match(mac6)), "macOS 11 or newer (or iOS/iPadOS)");
    // nDPI 2_64_65535_8b4e598a2ef6: Android, scale 10.
    auto android = test::built_syn(64, 65535, 1460, 10, {kOptMss, kOptSackOk, kOptTs, kOptNop, kOptWs});
    auto a = tcp_match_evidence(*whorl, req.match(android), EvidenceSource::whorl_syn, 0);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->family, OsFamily::android);
    // nDPI 2_64_65535_defa183edeca (FreeBSD) is left to p0f.fp's "FreeBSD 9.x or newer".
    auto freebsd = test::built_syn(64, 65535, 1460, 6, {kOptMss, kOptNop, kOptWs, kOptSackOk, kOptTs});
    EXPECT_FALSE(req.match(freebsd).record);
    auto p0f = P0fDatabase::load_default();
    if (p0f) {
        EXPECT_EQ(label_of(*p0f, p0f->tcp(Direction::request).match(freebsd)), "FreeBSD 9.x or newer");
    }
}

}  // namespace
}  // namespace whorl::fp::passive
