// Rendering of the OS block and of the JSON match list.
#include "report/os_block.hpp"

#include <gtest/gtest.h>

#include "fp/match/os_classification.hpp"
#include "report/os_match_json.hpp"

namespace whorl::report {
namespace {

constexpr std::string_view kDb =
    "MatchPoints\nT1(R=100%DF=20)\n\n"
    "Fingerprint Acme \"Router\" 1.0\nClass Acme | RouterOS | 1.X | router\nCPE cpe:/o:acme:routeros:1\n"
    "Class Linux | Linux | 2.6.X | router\nT1(R=Y%DF=Y)\n\n"
    "Fingerprint Acme Router 2.0\nClass Acme | RouterOS || router\nT1(R=Y%DF=N)\n\n";

struct Setup {
    fp::db::OsDb db;
    fp::Fingerprint fp;
};

Setup setup(std::string_view df) {
    auto db = fp::db::OsDb::parse(kDb, "mini");
    EXPECT_TRUE(db) << db.error().describe();
    fp::Fingerprint fp;
    fp.scan = fp::ScanLine{};
    fp.scan->open_tcp_port = 80;
    fp.scan->closed_tcp_port = 1;
    fp.scan->closed_udp_port = 33000;
    fp.scan->distance = 2;
    fp.add_test("T1").set("R", "Y").set("DF", df);
    return {std::move(*db), std::move(fp)};
}

std::vector<std::string> render(const Setup& s, fp::match::OsPrintOptions o, fp::match::OsScanConditions c,
                                SeqExtras seq = {}) {
    fp::match::OsMatcher m(s.db);
    auto r = m.match(s.fp);
    auto classes = fp::match::classify(s.db, r);
    auto plan = fp::match::plan_os_output(s.db, r, classes, o, c);
    return os_block_lines(OsBlock{&s.db, plan, s.fp, s.fp.scan->distance, seq});
}

TEST(OsBlock, PerfectMatchWithVerboseExtras) {
    auto s = setup("Y");
    SeqExtras seq;
    seq.uptime = SeqExtras::Uptime{8726.0, "Tue Nov 24 21:43:07 2026"};
    seq.tcp_sequence_index = 264;
    seq.ip_id_class = "All zeros";
    auto lines = render(s, {2, 0, false}, {}, seq);
    std::vector<std::string> want{
        "Device type: router",
        "Running: Acme RouterOS 1.X, Linux 2.6.X",
        "OS CPE: cpe:/o:acme:routeros:1",
        "OS details: Acme \"Router\" 1.0",
        "TCP/IP fingerprint:",
        "OS:SCAN(V=7.93%E=4%D=1/1%OT=80%CT=1%CU=33000%PV=N%DS=2%G=Y%TM=0%P=x86_64-pc",
        "OS:-linux-gnu)T1(R=Y%DF=Y)",
        "",
        "Uptime guess: 0.101 days (since Tue Nov 24 21:43:07 2026)",
        "Network Distance: 2 hops",
        "TCP Sequence Prediction: Difficulty=264 (Good luck!)",
        "IP ID Sequence Generation: All zeros",
    };
    EXPECT_EQ(lines, want);
    // Without -v the extras and the fingerprint go.
    auto quiet = render(s, {}, {}, seq);
    EXPECT_EQ(quiet.size(), 5u);
    EXPECT_EQ(quiet.back(), "Network Distance: 2 hops");
}

TEST(OsBlock, NoMatchesWhenNotIdeal) {
    auto s = setup("X");  // 100 of 120 points: 83% -> no match at all
    auto lines = render(s, {2, 0, false}, {"Missing a closed TCP port so results incomplete", true});
    ASSERT_GE(lines.size(), 5u);
    EXPECT_EQ(lines[0], "Warning: OSScan results may be unreliable because we could not find at least 1 open and 1 "
                        "closed port");
    EXPECT_EQ(lines[1], "OS fingerprint not ideal because: Missing a closed TCP port so results incomplete");
    EXPECT_EQ(lines[2], "No OS matches for host");
    EXPECT_EQ(lines[3], "TCP/IP fingerprint:");
    EXPECT_EQ(lines[4].substr(0, 5), "SCAN(");  // unwrapped, G=N
    EXPECT_NE(lines[4].find("%G=N%"), std::string::npos);
}

TEST(OsBlock, JustGuessingWithPercent) {
    fp::match::OsPrintPlan plan;
    plan.verdict = fp::match::OsVerdict::no_exact;
    plan.summary = fp::match::ClassSummary{{"general purpose"}, true, {{"Linux", "2.6.X|3.X", 87}}, {}};
    auto s = setup("Y");
    auto lines = os_block_lines(OsBlock{&s.db, plan, s.fp, std::nullopt, {}});
    EXPECT_EQ(lines[1], "Running (JUST GUESSING): Linux 2.6.X|3.X (87%)");
    EXPECT_EQ(lines.size(), 3u);  // no OS CPE line without CPEs, no distance
}

TEST(OsBlock, SeqExtrasFromTheFingerprint) {
    auto fp = fp::Fingerprint::parse("SEQ(SP=102%GCD=1%ISR=109%TI=RD%CI=Z%II=I%TS=21)");
    ASSERT_TRUE(fp);
    auto x = seq_extras_from_fingerprint(*fp);
    EXPECT_EQ(x.tcp_sequence_index, 0x102);
    EXPECT_EQ(x.ip_id_class, "Randomized");
    EXPECT_FALSE(x.uptime);
    auto busy = fp::Fingerprint::parse("SEQ(SP=5%GCD=1%ISR=9)");
    EXPECT_EQ(seq_extras_from_fingerprint(*busy).ip_id_class, "Busy server or unknown class");
    EXPECT_EQ(ip_id_class_from_ti("1F3"), "Duplicated ipid (!)");
    EXPECT_EQ(ip_id_class_from_ti("BI"), "Broken little-endian incremental");
    EXPECT_FALSE(ip_id_class_from_ti("XYZ"));
}

TEST(OsMatchJson, ListsTheXmlMatches) {
    auto s = setup("Y");
    fp::match::OsMatcher m(s.db);
    auto r = m.match(s.fp);
    auto plan = fp::match::plan_os_output(s.db, r, fp::match::classify(s.db, r), {}, {});
    EXPECT_EQ(os_matches_json(s.db, r, plan),
              R"({"perfect": true, "result": "success", "matches": [{"name": "Acme \"Router\" 1.0", "accuracy": 100, )"
              R"("line": 4, "classes": [{"vendor": "Acme", "family": "RouterOS", "generation": "1.X", "type": "router", )"
              R"("accuracy": 100, "cpe": ["cpe:/o:acme:routeros:1"]}, {"vendor": "Linux", "family": "Linux", )"
              R"("generation": "2.6.X", "type": "router", "accuracy": 100, "cpe": []}]}]})");
    EXPECT_EQ(json_string("a\\b\n\x01"), R"("a\\b\n\u0001")");
    EXPECT_EQ(json_string("caf\xc3\xa9 \xe9"), "\"caf\xc3\xa9 \\u00e9\"");  // UTF-8 kept, Latin-1 escaped
}

}  // namespace
}  // namespace whorl::report
