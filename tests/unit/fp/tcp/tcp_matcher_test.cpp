// TCP matching against p0f 3.09b's own answers: every syn / syn+ack / mtu observation p0f
// logged for the crafted captures (tools/p0f_fixtures.py) is rebuilt from the packets' wire
// fields and compared field for field; plus named cases, the window-multiple rules and the
// ack+ fix.
#include "fp/tcp/tcp_matcher.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_log_format.hpp"
#include "support/fixtures.hpp"
#include "support/p0f_fixture.hpp"

namespace whorl::fp::passive {
namespace {

using test::FixturePacket;
using test::LogLine;

struct Replayed {
    int compared = 0;
};

// Replays one capture's SYNs and SYN+ACKs in order and compares whorl's fields with
// p0f's log line for the same connection and module.
Replayed replay(const P0fDatabase& db, const std::string& name) {
    Replayed out;
    auto packets = test::read_fields(name);
    auto log = test::read_log(name);
    std::map<std::uint16_t, std::uint16_t> syn_mss;  // client port -> SYN MSS
    std::map<std::pair<std::string, std::uint16_t>, std::vector<std::pair<std::string, std::string>>> got;
    for (const FixturePacket& p : packets) {
        if (!p.syn() && !p.syn_ack()) continue;
        const bool req = p.syn();
        const auto port = static_cast<std::uint16_t>(req ? p.num("sport") : p.num("dport"));
        TcpSignatureInput in = test::tcp_input(p, req ? 0 : syn_mss[port]);
        if (req) syn_mss[port] = in.mss;
        TcpMatch m = db.tcp(req ? Direction::request : Direction::response).match(in);
        auto& fields = got[{req ? "syn" : "syn+ack", port}];
        for (auto& f : tcp_fields(db, in, m)) fields.emplace_back(f.key, f.value.value_or("???"));
        if (auto mtu = lookup_mtu(db.mtu(), in.mss, in.ip_version)) {
            auto& mf = got[{std::string("mtu/") + (req ? "cli" : "srv"), port}];
            for (auto& f : mtu_fields(*mtu)) mf.emplace_back(f.key, f.value.value_or("???"));
        }
    }
    for (const LogLine& l : log) {
        std::string key = l.mod;
        if (key == "mtu") key += "/" + l.f.at("subj");
        if (key != "syn" && key != "syn+ack" && key.rfind("mtu/", 0) != 0) continue;
        auto it = got.find({key, l.cli_port()});
        if (it == got.end()) {
            ADD_FAILURE() << name << ": no whorl observation for " << key << " " << l.f.at("cli");
            continue;
        }
        EXPECT_EQ(it->second, l.ordered) << name << ": " << key << " " << l.f.at("cli");
        ++out.compared;
    }
    return out;
}

TEST(TcpMatcher, EveryObservationEqualsP0fOnCraftedCaptures) {
    Replayed r = replay(test::shipped_p0f(), "tcp_cases");
    EXPECT_GE(r.compared, 60);  // 37 syn/syn+ack and their mtu lines
}

TEST(TcpMatcher, CustomDatabaseFormsEqualP0f) {
    auto db = P0fDatabase::load(whorl::test::fixture_path("pcap/p0f/custom.fp"));
    ASSERT_TRUE(db) << db.error().describe();
    Replayed r = replay(*db, "custom_cases");
    EXPECT_GE(r.compared, 7);
}

// The same cases by name, so a regression says which rule broke. Expected values are
// p0f 3.09b's answers from tcp_cases.log.
struct NamedCase {
    std::uint16_t port;
    const char* os;
    const char* dist;
    const char* params;
};

TEST(TcpMatcher, NamedCasesFromShippedSignatures) {
    const NamedCase cases[] = {
        {20001, "Linux 3.11 and newer", "3", "none"},               // exact
        {20002, "Linux 3.11 and newer", "3", "fuzzy"},              // df,id+ missing
        {20003, "Linux 3.11 and newer", "3", "fuzzy"},              // ecn appears
        {20004, "Linux 3.11 and newer", "3", "fuzzy"},              // id- appears
        {20005, "Linux 3.11 and newer", "12", "fuzzy"},             // 44 hops: guessed dist
        {20006, "Linux 3.11 and newer", "58", "fuzzy excess_dist"}, // TTL above the sig's
        {20007, "Linux 3.11 and newer", "0", "tos:0x2e"},
        {20009, "???", "7", "none"},                                // flow label: no match
        {20010, "Windows 7 or 8", "8", "none"},
        {20011, "Windows NT kernel", "11", "generic"},              // Windows 10: generic
        {20013, "NMap SYN scan", "<= 14", "random_ttl"},
        {20014, "NMap SYN scan", "<= 44", "random_ttl excess_dist"},
        {20015, "Linux 2.2.x-3.x (barebone)", "14", "generic fuzzy"},
        {20017, "???", "0", "none"},                                // fuzzy app: refused
        {20018, "OpenVMS 8.x", "0", "none"},                        // mtu*2
        {20019, "Linux 3.1-3.10", "0", "none"},                     // (MSS-12)*10 with TS
        {20020, "Linux 3.1-3.10", "0", "none"},                     // 1460*10, MSS 1380
        {20021, "???", "55", "excess_dist"},
    };
    auto packets = test::read_fields("tcp_cases");
    for (const auto& c : cases) {
        const FixturePacket* p = nullptr;
        for (const auto& q : packets)
            if (q.syn() && q.num("sport") == c.port) p = &q;
        ASSERT_NE(p, nullptr) << c.port;
        TcpSignatureInput in = test::tcp_input(*p, 0);
        TcpMatch m = test::shipped_p0f().tcp(Direction::request).match(in);
        auto fields = tcp_fields(test::shipped_p0f(), in, m);
        EXPECT_EQ(fields[0].value.value_or("???"), c.os) << c.port;
        EXPECT_EQ(fields[1].value, c.dist) << c.port;
        EXPECT_EQ(fields[2].value, c.params) << c.port;
    }
}

TEST(TcpMatcher, AckPlusQuirkIsALogicalTestInWhorl) {
    // SYNs with ACK 0x00000001 and 0x03000000 (ack_low_wire_byte / ack_high_wire_byte).
    // p0f 3.09b sets ack+ only when the first ACK byte on the wire is odd, so it matched
    // the first as Linux; whorl sets ack+ for any non-zero ACK without the ACK flag.
    auto packets = test::read_fields("tcp_cases");
    const FixturePacket* low = nullptr;
    const FixturePacket* high = nullptr;
    for (const auto& q : packets) {
        if (q.syn() && q.num("ack") == 1) low = &q;
        if (q.syn() && q.num("ack") == 0x03000000) high = &q;
    }
    ASSERT_TRUE(low && high);
    auto quirks = [](const FixturePacket& p, AckQuirkRule rule) {
        return test::tcp_input(p, 0, rule).quirks.has(Quirk::ack_nonzero);
    };
    EXPECT_FALSE(quirks(*low, AckQuirkRule::p0f_3_09b));  // p0f's bug
    EXPECT_TRUE(quirks(*low, AckQuirkRule::logical));     // fixed
    EXPECT_TRUE(quirks(*high, AckQuirkRule::p0f_3_09b));
    EXPECT_TRUE(quirks(*high, AckQuirkRule::logical));

    const auto& set = test::shipped_p0f().tcp(Direction::request);
    TcpMatch as_p0f = set.match(test::tcp_input(*low, 0, AckQuirkRule::p0f_3_09b));
    TcpMatch fixed = set.match(test::tcp_input(*low, 0, AckQuirkRule::logical));
    ASSERT_NE(as_p0f.record, nullptr);
    EXPECT_EQ(test::shipped_p0f().label_text(as_p0f.record->label), "Linux 3.11 and newer");
    EXPECT_EQ(fixed.record, nullptr);
    EXPECT_EQ(format_tcp_raw_sig(test::tcp_input(*low, 0, AckQuirkRule::logical)),
              "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+,ack+:0");

    // The rule itself: RST packets are exempt, the ACK flag switches to ack-.
    TcpHeaderFields h;
    h.tcp_flags = kTcpSyn;
    h.ack = 0x00000100;
    EXPECT_TRUE(compute_quirks(h, {}).has(Quirk::ack_nonzero));
    EXPECT_FALSE(compute_quirks(h, {}, AckQuirkRule::p0f_3_09b).has(Quirk::ack_nonzero));
    h.tcp_flags = kTcpRst;
    EXPECT_FALSE(compute_quirks(h, {}).has(Quirk::ack_nonzero));
    h.tcp_flags = kTcpSyn | kTcpAck;
    h.ack = 0;
    EXPECT_TRUE(compute_quirks(h, {}).has(Quirk::ack_zero));
}

TEST(TcpMatcher, WindowMultipleDivisorOrder) {
    TcpSignatureInput in;
    in.mss = 1460;
    in.window = 29200;
    EXPECT_EQ(detect_window_multiple(in).multiplier, 20);
    in.mss = 1400;
    in.window = 13880;  // (1400-12)*10, only with a non-zero TSval
    EXPECT_EQ(detect_window_multiple(in).multiplier, -1);
    in.ts1 = 5;
    EXPECT_EQ(detect_window_multiple(in).multiplier, 10);
    in = {};
    in.mss = 1400;
    in.window = 14400;  // 1440*10: only for IPv6
    EXPECT_EQ(detect_window_multiple(in).multiplier, 10);  // found as (1400+40)*10 = MTU
    EXPECT_TRUE(detect_window_multiple(in).mtu);
    in.ip_version = 6;
    EXPECT_FALSE(detect_window_multiple(in).mtu);          // 1440 (IPv6 MSS) comes first
    in = {};
    in.mss = 1200;
    in.window = 2444;
    in.header_len = 22;  // MSS + actual header length
    EXPECT_EQ(detect_window_multiple(in).multiplier, 2);
    EXPECT_TRUE(detect_window_multiple(in).mtu);
    in = {};
    in.mss = 1200;
    in.window = 3000;  // 2 x 1500
    EXPECT_EQ(detect_window_multiple(in).multiplier, 2);
    in.window = 35;
    in.peer_syn_mss = 12;  // peer MSS - 12 = 0: p0f divides by zero; skipped here
    EXPECT_EQ(detect_window_multiple(in).multiplier, -1);
    in.window = 36;
    in.peer_syn_mss = 30;  // 36 = 2 x (30 - 12), tried last
    EXPECT_EQ(detect_window_multiple(in).multiplier, 2);
    EXPECT_FALSE(detect_window_multiple(in).mtu);
    in.mss = 99;  // below 100: no multiple at all
    EXPECT_EQ(detect_window_multiple(in).multiplier, -1);
}

TEST(TcpMatcher, PrecedenceAndWildcardsOnACustomSet) {
    auto db = P0fDatabase::parse(
        "classes = unix\n[tcp:request]\n"
        "label = g:unix:Gen:\nsig = *:64:0:*:*,*:mss::*\n"
        "label = s:unix:Spec:\nsig = *:64:0:1460:%1000,*:mss::0\n"
        "label = s:!:Tool:\nsys = @unix\nsig = *:255-:0:1000:1000,0:nop::0\n",
        "p.fp");
    ASSERT_TRUE(db) << db.error().describe();
    const auto& set = db->tcp(Direction::request);
    TcpSignatureInput in;
    in.ttl = 60;
    in.mss = 1460;
    in.window = 5000;
    in.quirks.set(Quirk::id_zero);  // ref quirks {} -> id- may appear (fuzzy)
    in.layout.push(kOptMss);
    TcpMatch m = set.match(in);
    ASSERT_NE(m.record, nullptr);  // generic beats a fuzzy specific? No: both fuzzy here.
    EXPECT_TRUE(m.fuzzy);
    EXPECT_EQ(db->label_text(m.record->label), "Gen");  // first fuzzy candidate in file order
    in.quirks = {};
    m = set.match(in);
    EXPECT_EQ(db->label_text(m.record->label), "Spec");  // specific wins over generic
    EXPECT_FALSE(m.fuzzy);
    EXPECT_EQ(m.dist, 4);
    in.window = 5001;
    m = set.match(in);
    EXPECT_EQ(db->label_text(m.record->label), "Gen");
    EXPECT_TRUE(m.generic());
    EXPECT_EQ(format_tcp_params(in, m), "generic");
    // Application with a random TTL: only an upper bound, no fuzzy matches.
    TcpSignatureInput tool;
    tool.layout.push(kOptNop);
    tool.mss = 1000;
    tool.window = 1000;
    tool.ttl = 200;
    m = set.match(tool);
    ASSERT_NE(m.record, nullptr);
    EXPECT_TRUE(m.record->app);
    EXPECT_EQ(m.dist, 55);
    EXPECT_EQ(format_tcp_params(tool, m), "random_ttl excess_dist");
    tool.quirks.set(Quirk::ecn);  // fuzzy: refused for applications, distance left at 0
    m = set.match(tool);
    EXPECT_EQ(m.record, nullptr);
    EXPECT_EQ(m.dist, 0);
}

}  // namespace
}  // namespace whorl::fp::passive
