// The 7.93 matcher: what is scored, how the 36-entry list is built, and every print of the
// installed database recognising itself.
#include "fp/match/os_matcher.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

namespace whorl::fp::match {
namespace {

// MatchPoints with one test of 20 attributes worth 1 point each, so accuracy = k/20, and a
// second test to check what is compared.
std::string mini_db(const std::vector<std::pair<std::string, int>>& prints) {
    std::string db = "MatchPoints\nT1(";
    for (int i = 0; i < 20; ++i) db += fmt::format("{}A{}=1", i ? "%" : "", i);
    db += ")\nIE(R=50%CD=100)\n\n";
    for (const auto& [name, k] : prints) {
        db += fmt::format("Fingerprint {}\nClass V | F || general purpose\nT1(", name);
        for (int i = 0; i < 20; ++i) db += fmt::format("{}A{}={}", i ? "%" : "", i, i < k ? "Y" : "N");
        db += ")\n\n";
    }
    return db;
}

Fingerprint all_yes() {
    Fingerprint fp;
    Test& t = fp.add_test("T1");
    for (int i = 0; i < 20; ++i) t.set(fmt::format("A{}", i), "Y");
    return fp;
}

struct Listed {
    std::string name;
    double accuracy;
};

std::vector<Listed> listed(const db::OsDb& db, const MatchResult& r) {
    std::vector<Listed> out;
    for (const auto& m : r.matches) out.push_back({db.prints()[m.print].name, m.accuracy});
    return out;
}

db::OsDb load(const std::string& text) {
    auto db = db::OsDb::parse(text, "mini");
    EXPECT_TRUE(db) << db.error().describe();
    return std::move(*db);
}

TEST(OsMatcher, ThresholdOrderTiesAndNames) {
    auto db = load(mini_db({{"low", 16}, {"edge", 17}, {"b", 18}, {"a", 19}, {"c", 18}, {"dup", 17}, {"dup", 19},
                            {"keep", 19}, {"keep", 18}}));
    OsMatcher m(db);
    auto r = m.match(all_yes());
    EXPECT_EQ(r.outcome, MatchOutcome::success);
    EXPECT_EQ(r.perfect, 0);
    auto l = listed(db, r);
    ASSERT_EQ(l.size(), 6u);
    // 0.95 in file order (a, dup's better print, keep), then 0.9 (b, c), then 0.85; "low"
    // (0.8) is out; "dup" at 0.85 was replaced by its 0.95 print; "keep" at 0.9 skipped.
    EXPECT_EQ(l[0].name, "a");
    EXPECT_EQ(l[1].name, "dup");
    EXPECT_EQ(l[2].name, "keep");
    EXPECT_EQ(l[3].name, "b");
    EXPECT_EQ(l[4].name, "c");
    EXPECT_EQ(l[5].name, "edge");
    EXPECT_DOUBLE_EQ(l[5].accuracy, 0.85);
    EXPECT_EQ(db.prints()[r.matches[1].print].line, db.prints()[6].line);  // the 0.95 "dup"
}

TEST(OsMatcher, PerfectMatchesAndTooMany) {
    std::vector<std::pair<std::string, int>> prints{{"near", 19}};
    for (int i = 0; i < 36; ++i) prints.emplace_back(fmt::format("p{}", i), 20);
    auto db36 = load(mini_db(prints));
    OsMatcher m36(db36);
    auto r = m36.match(all_yes());
    EXPECT_EQ(r.outcome, MatchOutcome::success);
    EXPECT_EQ(r.perfect, 36);
    ASSERT_EQ(r.matches.size(), 36u);  // "near" fell off the end
    EXPECT_EQ(db36.prints()[r.matches[0].print].name, "p0");
    prints.emplace_back("p36", 20);
    auto db37 = load(mini_db(prints));
    OsMatcher m37(db37);
    EXPECT_EQ(m37.match(all_yes()).outcome, MatchOutcome::too_many_matches);
}

TEST(OsMatcher, FullListRaisesTheEntrance) {
    std::vector<std::pair<std::string, int>> prints;
    for (int i = 0; i < 36; ++i) prints.emplace_back(fmt::format("p{}", i), 18);
    prints.emplace_back("tie", 18);     // equal to the last entry: does not get in
    prints.emplace_back("better", 19);  // gets in first, the last 0.9 entry falls off
    auto db = load(mini_db(prints));
    OsMatcher m(db);
    auto l = listed(db, m.match(all_yes()));
    ASSERT_EQ(l.size(), 36u);
    EXPECT_EQ(l[0].name, "better");
    EXPECT_EQ(l[1].name, "p0");
    EXPECT_EQ(l[35].name, "p34");
    for (const auto& e : l) EXPECT_NE(e.name, "tie");
}

TEST(OsMatcher, ScoresOnlyWhatBothSidesHave) {
    auto db = load(
        "MatchPoints\nT1(R=100%DF=20)\nIE(R=50%CD=100)\nU1(R=50%IPL=100)\n\n"
        "Fingerprint ref\nT1(R=Y%DF=Y)\nIE(CD=S)\nU1(R=N)\n");
    OsMatcher m(db);
    Fingerprint fp;
    fp.add_test("T1").set("R", "Y").set("DF", "N").set("ZZ", "1");  // ZZ: unknown, ignored
    fp.add_test("T1").set("R", "N");                                // a repeat: ignored
    fp.add_test("IE").set("R", "N");                                // no R in the reference: nothing
    auto s = m.score(fp, 0);
    EXPECT_EQ(s.possible, 120u);
    EXPECT_EQ(s.matched, 100u);
    fp.add_test("U1").set("R", "Y").set("IPL", "164");  // only R is on both sides
    s = m.score(fp, 0);
    EXPECT_EQ(s.possible, 170u);
    EXPECT_EQ(s.matched, 100u);
    Fingerprint nothing;
    nothing.add_test("SEQ").set("SP", "1");
    EXPECT_EQ(m.score(nothing, 0).possible, 0u);
    EXPECT_EQ(m.score(nothing, 0).accuracy, 0.0);
    EXPECT_EQ(m.match(nothing).outcome, MatchOutcome::no_matches);
}

TEST(OsMatcher, PercentIsTruncated) {
    EXPECT_EQ(accuracy_percent(1.0), 100);
    EXPECT_EQ(accuracy_percent(0.9694), 96);
    EXPECT_EQ(accuracy_percent(0.85), 85);
}

// Values inside an expression that the 7.93 evaluation accepts: each literal, each range's
// bounds and middle, one past each '<' / '>' bound.
std::vector<std::string> values_inside(const db::OsDb& db, std::uint32_t expr) {
    std::string_view src = db.exprs().source(expr);
    std::vector<std::string> candidates;
    for (std::size_t p = 0;;) {
        std::size_t bar = src.find('|', p);
        std::string alt(src.substr(p, bar == std::string_view::npos ? bar : bar - p));
        if (!alt.empty() && (alt[0] == '<' || alt[0] == '>')) {
            auto n = std::stoul(alt.substr(1), nullptr, 16);
            candidates.push_back(fmt::format("{:X}", alt[0] == '>' ? n + 1 : (n ? n - 1 : 0)));
        } else if (auto dash = alt.find('-'); dash != std::string::npos) {
            auto lo = std::stoul(alt.substr(0, dash), nullptr, 16), hi = std::stoul(alt.substr(dash + 1), nullptr, 16);
            for (auto v : {lo, hi, (lo + hi) / 2}) candidates.push_back(fmt::format("{:X}", v));
        } else {
            candidates.push_back(alt);
        }
        if (bar == std::string_view::npos) break;
        p = bar + 1;
    }
    std::vector<std::string> out;
    for (const auto& c : candidates)
        if (db.exprs().matches(expr, db::ObservedValue::of(c))) out.push_back(c);
    return out;
}

// A print made concrete: one chosen value per (test, attribute).
struct Concrete {
    struct Choice {
        std::uint32_t test, slot;
        std::vector<std::string> values;
        std::size_t pick = 0;
    };
    std::vector<Choice> choices;

    Concrete(const db::OsDb& db, std::uint32_t print) {
        const db::RefPrint& p = db.prints()[print];
        for (auto i = p.lines_begin; i < p.lines_end; ++i) {
            const db::TestLine& tl = db.test_lines()[db.print_lines()[i]];
            for (auto e = tl.exprs_begin; e < tl.exprs_end; ++e) {
                std::uint32_t id = db.line_exprs()[e];
                choices.push_back({tl.test, db.expr_slots()[id], values_inside(db, id), 0});
                EXPECT_FALSE(choices.back().values.empty()) << "no value inside '" << db.exprs().source(id) << "'";
            }
        }
    }

    Fingerprint fingerprint(const db::OsDb& db) const {
        Fingerprint fp;
        for (const auto& c : choices) {
            Test* t = fp.find(db.tests()[c.test].name);
            if (!t) t = &fp.add_test(db.tests()[c.test].name);
            t->set(db.slots()[c.slot].attr, c.values.empty() ? "" : c.values[c.pick]);
        }
        return fp;
    }

    // Picks, for one attribute that `other` also has, a value `other` rejects; false if
    // every value of this print is accepted by `other` (they cannot be told apart).
    bool step_away_from(const db::OsDb& db, std::uint32_t other) {
        const db::RefPrint& q = db.prints()[other];
        for (auto& c : choices)
            for (auto i = q.lines_begin; i < q.lines_end; ++i) {
                const db::TestLine& tl = db.test_lines()[db.print_lines()[i]];
                for (auto e = tl.exprs_begin; e < tl.exprs_end; ++e) {
                    std::uint32_t id = db.line_exprs()[e];
                    if (db.expr_slots()[id] != c.slot) continue;
                    for (std::size_t v = 0; v < c.values.size(); ++v)
                        if (!db.exprs().matches(id, db::ObservedValue::of(c.values[v]))) {
                            c.pick = v;
                            return true;
                        }
                }
            }
        return false;
    }
};

// Every reference print, made concrete (one value inside each expression), scores 100%
// against itself and comes first in the match list. When an earlier print also scores
// 100%, the test moves one attribute to another value inside the print's expression that
// the earlier print rejects, and tries again; if the earlier print accepts every value
// tried (range bounds and middle, literals, one past '<'/'>'), the two cannot be told
// apart and Nmap too lists the earlier one first (equal accuracies keep file order). The
// print's name is always among the perfect matches.
TEST(OsMatcher, EveryInstalledPrintMatchesItself) {
    auto db = db::OsDb::load_installed();
    if (!db) GTEST_SKIP() << db.error().describe();
    OsMatcher m(*db);
    std::size_t first = 0, indistinguishable = 0;
    for (std::uint32_t i = 0; i < db->prints().size(); ++i) {
        const db::RefPrint& p = db->prints()[i];
        Concrete c(*db, i);
        MatchResult r;
        for (int attempt = 0; attempt < 40; ++attempt) {
            Fingerprint fp = c.fingerprint(*db);
            OsMatch self = m.score(fp, i);
            ASSERT_GT(self.possible, 0u) << p.name;
            ASSERT_EQ(self.matched, self.possible) << p.name << " line " << p.line;
            r = m.match(fp);
            ASSERT_NE(r.outcome, MatchOutcome::too_many_matches) << p.name;
            ASSERT_GE(r.perfect, 1);
            if (r.matches[0].print == i || !c.step_away_from(*db, r.matches[0].print)) break;
        }
        bool listed = false;
        for (int k = 0; k < r.perfect; ++k) listed = listed || db->prints()[r.matches[k].print].name == p.name;
        EXPECT_TRUE(listed) << p.name << " line " << p.line;
        if (r.matches[0].print == i) ++first;
        else ++indistinguishable;
    }
    std::printf("self-match: %zu prints at 100%%, %zu first, %zu after an earlier print that accepts all "
                "their values\n",
                db->prints().size(), first, indistinguishable);
    EXPECT_EQ(first + indistinguishable, db->prints().size());
    EXPECT_GT(first, db->prints().size() * 98 / 100);
}

}  // namespace
}  // namespace whorl::fp::match
