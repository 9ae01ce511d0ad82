// Classification (§9.3) and Nmap's print decisions (§10) on small hand-made databases.
#include "fp/match/os_print_plan.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace whorl::fp::match {
namespace {

struct Ref {
    std::string name;
    int score;                        // out of 20
    std::vector<std::string> classes;  // "vendor | family | gen | type" and optional "+cpe"
};

// A database whose prints score score/20 against all_yes_print().
db::OsDb make_db(const std::vector<Ref>& refs) {
    std::string text = "MatchPoints\nT1(";
    for (int i = 0; i < 20; ++i) text += fmt::format("{}A{}=1", i ? "%" : "", i);
    text += ")\n\n";
    for (const auto& r : refs) {
        text += "Fingerprint " + r.name + "\n";
        for (const auto& c : r.classes) text += (c[0] == '+' ? "CPE " + c.substr(1) : "Class " + c) + "\n";
        text += "T1(";
        for (int i = 0; i < 20; ++i) text += fmt::format("{}A{}={}", i ? "%" : "", i, i < r.score ? "Y" : "N");
        text += ")\n\n";
    }
    auto db = db::OsDb::parse(text, "mini");
    EXPECT_TRUE(db) << db.error().describe();
    return std::move(*db);
}

Fingerprint all_yes_print() {
    Fingerprint fp;
    Test& t = fp.add_test("T1");
    for (int i = 0; i < 20; ++i) t.set(fmt::format("A{}", i), "Y");
    return fp;
}

struct Run {
    db::OsDb db;
    MatchResult result;
    Classification classes;
};

Run run(const std::vector<Ref>& refs) {
    Run r{make_db(refs), {}, {}};
    OsMatcher m(r.db);
    r.result = m.match(all_yes_print());
    r.classes = classify(r.db, r.result);
    return r;
}

OsPrintPlan plan(const Run& r, OsPrintOptions o = {}, OsScanConditions c = {}) {
    return plan_os_output(r.db, r.result, r.classes, o, c);
}

TEST(Classification, DedupsClassesAndStopsAfterPerfectOnes) {
    auto r = run({{"a", 20, {"Linux | Linux | 5.X | general purpose", "+cpe:/o:linux:linux_kernel:5"}},
                  {"b", 20, {"Linux | Linux | 5.X | general purpose", "+cpe:/o:linux:linux_kernel:5.4"}},
                  {"c", 19, {"Acme | Embedded || router"}}});
    EXPECT_EQ(r.result.perfect, 2);
    ASSERT_EQ(r.classes.classes.size(), 1u);  // b's class repeats a's; c is imperfect
    EXPECT_EQ(r.classes.perfect, 1);
    EXPECT_EQ(r.classes.os_class(r.db, 0).cpes, std::vector<std::string>{"cpe:/o:linux:linux_kernel:5"});
}

TEST(Summary, FamiliesGenerationsAndThePercentQuirk) {
    auto r = run({{"a", 20, {"Linux | Linux | 2.6.X | general purpose", "+cpe:/o:linux:linux_kernel:2.6"}},
                  {"b", 20, {"Linux | Linux | 6.X | general purpose"}},  // "6.X" is inside "2.6.X" [quirk]
                  {"c", 20, {"Linux | Linux | 3.X | WAP"}},
                  {"d", 20, {"Microsoft | Windows | 7 | general purpose", "+cpe:/o:microsoft:windows_7"}}});
    auto p = plan(r);
    ASSERT_TRUE(p.summary);
    EXPECT_EQ(p.summary->device_types, (std::vector<std::string>{"general purpose", "WAP"}));
    ASSERT_EQ(p.summary->families.size(), 2u);
    EXPECT_EQ(p.summary->families[0].name, "Linux");
    EXPECT_EQ(p.summary->families[0].generations, "2.6.X|3.X");
    EXPECT_EQ(p.summary->families[1].name, "Microsoft Windows");
    // Four perfect classes, two families: no percentage anywhere.
    EXPECT_FALSE(p.summary->families[0].percent);
    EXPECT_FALSE(p.summary->families[1].percent);
    EXPECT_FALSE(p.summary->guessing);
    EXPECT_EQ(p.summary->cpes.size(), 2u);
}

TEST(Summary, GuessingNeedsTheFlagOrAReasonAndCutsAtTenPercent) {
    auto r = run({{"a", 18, {"Linux | Linux | 3.X | general purpose"}},
                  {"b", 17, {"Acme | Acme || router"}},  // 0.85 > 0.9 - 0.1: kept
                  {"c", 17, {"Linux | Linux | 4.X | general purpose"}}});
    EXPECT_FALSE(plan(r).summary);  // no perfect class, no guessing
    auto p = plan(r, {0, 0, true});
    ASSERT_TRUE(p.summary);
    EXPECT_TRUE(p.summary->guessing);
    ASSERT_EQ(p.summary->families.size(), 2u);
    EXPECT_EQ(p.summary->families[0].generations, "3.X|4.X");
    EXPECT_EQ(p.summary->families[0].percent, 90);
    EXPECT_EQ(p.summary->families[1].percent, 85);
    auto with_reason = plan(r, {}, {"Missing a closed TCP port so results incomplete", true});
    EXPECT_TRUE(with_reason.summary);
}

TEST(Summary, MoreThanEightCpesPrintsNothing) {
    std::vector<Ref> refs;
    for (int i = 0; i < 9; ++i)
        refs.push_back({fmt::format("p{}", i), 20, {"Linux | Linux | 3.X | general purpose", fmt::format("+cpe:/o:x:{}", i)}});
    for (int i = 0; i < 9; ++i) refs[i].classes[0] = fmt::format("Linux | Linux | 3.{} | general purpose", i);
    auto r = run(refs);
    EXPECT_EQ(r.classes.classes.size(), 9u);
    EXPECT_FALSE(plan(r, {0, 1, false}).summary);
}

TEST(Plan, PerfectMatches) {
    auto r = run({{"a", 20, {"A | A || router"}}, {"b", 20, {"B | B || router"}}, {"c", 19, {"C | C || router"}}});
    auto p = plan(r);
    EXPECT_EQ(p.verdict, OsVerdict::details);
    ASSERT_EQ(p.details.size(), 2u);
    EXPECT_EQ(p.xml_matches.size(), 2u);
    EXPECT_FALSE(p.fingerprint.print);
    auto vv = plan(r, {2, 0, false}, {"Didn't receive UDP response. Please try again with -sSU", false});
    EXPECT_TRUE(vv.fingerprint.print);
    EXPECT_EQ(vv.fingerprint.layout, FingerprintLayout::wrapped);
    EXPECT_FALSE(vv.fingerprint.good);  // G=N when there is a reason
}

TEST(Plan, MoreThanEightPerfectIsTooManyUnlessDebugging) {
    std::vector<Ref> refs;
    for (int i = 0; i < 9; ++i) refs.push_back({fmt::format("p{}", i), 20, {"A | A || router"}});
    auto r = run(refs);
    auto p = plan(r, {}, {"Missing an open TCP port so results incomplete", true});
    EXPECT_EQ(p.verdict, OsVerdict::too_many);
    EXPECT_FALSE(p.unreliable_warning);  // suppressed with more than 8 perfect matches
    EXPECT_TRUE(p.xml_matches.empty());
    auto d = plan(r, {1, 1, false}, {"Missing an open TCP port so results incomplete", true});
    EXPECT_EQ(d.verdict, OsVerdict::details);
    EXPECT_EQ(d.details.size(), 9u);
    EXPECT_TRUE(d.unreliable_warning);
}

TEST(Plan, ImperfectMatches) {
    auto r = run({{"a", 19, {"A | A || router"}}, {"b", 18, {"B | B || router"}}, {"c", 17, {"C | C || router"}}});
    auto p = plan(r);
    EXPECT_EQ(p.verdict, OsVerdict::no_exact);
    EXPECT_TRUE(p.guesses.empty());
    ASSERT_EQ(p.xml_matches.size(), 2u);  // 0.85 is not above 0.95 - 0.10
    EXPECT_FALSE(p.non_ideal);
    EXPECT_TRUE(p.fingerprint.print);
    EXPECT_EQ(p.fingerprint.layout, FingerprintLayout::wrapped);
    EXPECT_TRUE(p.fingerprint.good);
    EXPECT_EQ(plan(r, {0, 0, true}).guesses.size(), 2u);
    auto reason = plan(r, {}, {"Missing a closed TCP port so results incomplete", true});
    EXPECT_EQ(reason.guesses.size(), 2u);
    EXPECT_TRUE(reason.non_ideal);
    EXPECT_FALSE(reason.reason);  // only with -vv / -d
    EXPECT_FALSE(reason.fingerprint.print);
    EXPECT_TRUE(reason.unreliable_warning);
    auto vv = plan(r, {2, 0, false}, {"Missing a closed TCP port so results incomplete", true});
    EXPECT_TRUE(vv.reason);
    EXPECT_TRUE(vv.fingerprint.print);
    EXPECT_EQ(vv.fingerprint.layout, FingerprintLayout::unwrapped);
    EXPECT_FALSE(vv.fingerprint.good);
}

TEST(Plan, NoMatches) {
    auto r = run({{"a", 16, {"A | A || router"}}});
    EXPECT_EQ(r.result.outcome, MatchOutcome::no_matches);
    auto p = plan(r);
    EXPECT_EQ(p.verdict, OsVerdict::no_matches);
    EXPECT_TRUE(p.fingerprint.print);
    EXPECT_FALSE(p.summary);
    auto reason = plan(r, {}, {"Host distance (7 network hops) is greater than five", false});
    EXPECT_TRUE(reason.reason);  // printed even without -vv
    EXPECT_FALSE(reason.fingerprint.print);
}

TEST(Conditions, FromTheScanLine) {
    ScanLine s;
    s.open_tcp_port = 80;
    s.closed_tcp_port = 1;
    s.closed_udp_port = 40000;
    s.distance = 1;
    EXPECT_FALSE(conditions_from_scan_line(s).not_ideal_reason);
    EXPECT_FALSE(conditions_from_scan_line(s).unreliable);
    s.good = false;
    EXPECT_EQ(conditions_from_scan_line(s).not_ideal_reason, "Unknown (the fingerprint's SCAN line says G=N)");
    s.distance = 7;
    EXPECT_EQ(conditions_from_scan_line(s).not_ideal_reason, "Host distance (7 network hops) is greater than five");
    s.closed_udp_port.reset();
    s.distance = 1;
    EXPECT_EQ(conditions_from_scan_line(s).not_ideal_reason, "Didn't receive UDP response. Please try again with -sSU");
    s.closed_tcp_port.reset();
    EXPECT_EQ(conditions_from_scan_line(s).not_ideal_reason, "Missing a closed TCP port so results incomplete");
    EXPECT_TRUE(conditions_from_scan_line(s).unreliable);
    s.open_tcp_port.reset();
    EXPECT_EQ(conditions_from_scan_line(s).not_ideal_reason, "Missing an open TCP port so results incomplete");
}

}  // namespace
}  // namespace whorl::fp::match
