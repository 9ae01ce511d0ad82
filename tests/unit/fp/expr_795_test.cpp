// nmap-os-db expressions as Nmap 7.95 evaluates them (7.94.2+ grammar): bracketed groups
// in option strings, hex text comparisons, exact alternatives, its zero-stripping quirk;
// the strict syntax check; and the compiled form agreeing with the step-by-step one on
// every expression of Debian 13's database.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "fp/db/expr.hpp"
#include "fp/db/os_db.hpp"
#include "base/text.hpp"
#include "support/fixtures.hpp"
#include "support/nmap_795.hpp"

namespace whorl::fp::db {
namespace {

struct Case795 {
    const char* expr;
    const char* observed;
    bool nested;
    bool match;
};

// Each was checked against 7.95's own expr_match (tools/nmap-oracle.sh matcher).
constexpr Case795 kCases[] = {
    {"M[4E2-5B4]NW[5|6]NNT11SLL", "M5B4NW6NNT11SLL", true, true},
    {"M[4E2-5B4]NW[5|6]NNT11SLL", "M5B4NW7NNT11SLL", true, false},
    {"M[4E2-5B4]NW[5|6]NNT11SLL", "M400NW6NNT11SLL", true, false},
    {"M[4E2-5B4]NW[5|6]NNT11SLL", "M5B4NW6NNT11", true, false},
    {"M[>500]ST11NW[7|8]", "M5B4ST11NW8", true, true},
    {"M[>500]ST11NW[7|8]", "M5B4ST11NW8", false, false},  // brackets are text outside option strings
    {"NW[2-7|A]|NWA", "NWA", true, true},
    {"NW[2-7|A]|NWA", "NW5", true, false},  // the tail compared includes "|NWA"
    {"M5B4|M[500-5B4]NW7", "M5B4NW7", true, true},
    {"0A-14", "F", false, true},
    {"0A-14", "15", false, false},
    {"00-05", "0", false, true},
    {"5-5", "5", false, true},
    {">A", "BI", false, true},  // hex text: the longer value is greater
    {"I|RD", "BI", false, false},
    {"BI|RD", "BI", false, true},
    {"S|O", "S+", false, false},  // every alternative is exact now
    {"", "", false, true},
    {"A|", "", false, true},
    {"A|B", "", false, false},
    {"<10", "F", false, true},
    {"<10", "10", false, false},
    {"7", "07", false, true},
    {"5|7", "07", false, false},  // the stripped zero shortens the value for the next alternative
    {"M5B4", "M5B4", true, true},
    // An alternative that fails before a later group restarts after that group's first '|',
    // so a middle alternative of the group is compared on its own (found by the fuzzer).
    {"A[1]B[2|G|D]E", "G", true, true},
    {"A[1]B[2|G|D]E", "D", true, false},
    {"A[1]B[2|5|D]E", "5", true, true},
};

bool compiled(std::string_view expr, std::string_view observed, bool nested) {
    ExprPool pool;
    auto id = pool.add(expr, nested ? ExprDialect::nmap_795_nested : ExprDialect::nmap_795);
    return pool.matches(id, ObservedValue::of(observed));
}

TEST(Expr795, StepByStep) {
    for (const auto& c : kCases) {
        auto r = expr_match_795(c.observed, c.expr, c.nested);
        ASSERT_TRUE(r.has_value()) << c.expr;
        EXPECT_EQ(*r, c.match) << "expr '" << c.expr << "' observed '" << c.observed << "' nested " << c.nested;
    }
}

TEST(Expr795, Compiled) {
    for (const auto& c : kCases)
        EXPECT_EQ(compiled(c.expr, c.observed, c.nested), c.match)
            << "expr '" << c.expr << "' observed '" << c.observed << "' nested " << c.nested;
}

// 6,000 made-up expressions and values with the answer of 7.95's own expr_match
// (tools/gen-expr-795-fixtures.py, through tools/nmap-oracle.sh matcher).
TEST(Expr795, AgreesWithNmap795sOwnExprMatch) {
    std::string text = test::read_fixture("nmap-expr-7.95/cases.tsv");
    std::size_t cases = 0, matches = 0, asserts = 0;
    for (std::string_view line : split(text, '\n')) {
        if (line.empty() || line[0] == '#') continue;
        auto f = split(line, '\t');
        ASSERT_EQ(f.size(), 4u) << line;
        bool nested = f[2] == "1";
        auto got = expr_match_795(f[0], f[1], nested);
        ++cases;
        if (f[3] == "A") {
            EXPECT_FALSE(got.has_value()) << line;
            ++asserts;
            continue;
        }
        bool want = f[3] == "1";
        matches += want;
        ASSERT_TRUE(got.has_value()) << line;
        EXPECT_EQ(*got, want) << "observed '" << f[0] << "' expr '" << f[1] << "' nested " << nested;
        if (!expr_syntax_error_795(f[1], nested)) {
            EXPECT_EQ(compiled(f[1], f[0], nested), want) << line;
        }
    }
    EXPECT_EQ(cases, 6000u);
    EXPECT_GT(matches, 1000u);
    std::printf("nmap 7.95 expr_match: %zu cases, %zu matches, %zu assertions\n", cases, matches, asserts);
}

TEST(Expr795, UnclosedGroupIsWhereNmapAsserts) {
    EXPECT_FALSE(expr_match_795("M5", "M[5", true).has_value());
    EXPECT_TRUE(expr_match_795("M[5", "M[5", false).has_value());
}

TEST(Expr795, SyntaxCheck) {
    for (const char* ok : {"M[4E2-5B4]NW[5|6]NNT11SLL", "NW[2-7|A]|NWA", "M[>500]ST11", "M[<5B5]", "M5B4", "", "|U"})
        EXPECT_FALSE(expr_syntax_error_795(ok, true)) << ok;
    for (const char* ok : {"5-5", "0A-14", "Y|N", "FA-104|>1000000"}) EXPECT_FALSE(expr_syntax_error_795(ok, false)) << ok;
    for (const char* bad : {"M[5", "M]5", "M[]", "M[[5]]", "M[5|]", "M[ 5]", "M[S%]"})
        EXPECT_TRUE(expr_syntax_error_795(bad, true)) << bad;
    for (const char* bad : {"M[5]", "9-1", "A-", "<", "M 5"}) EXPECT_TRUE(expr_syntax_error_795(bad, false)) << bad;
}

// Every distinct expression of Debian 13's database against values drawn from all of its
// alternatives and groups, plus zero-led and empty ones.
TEST(Expr795, CompiledAgreesWithStepByStepOnNmap795sDb) {
    WHORL_REQUIRE_NMAP_795(dir);
    auto db = OsDb::load(dir + "/nmap-os-db");
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->behaviour(), NmapBehaviour::v7_95);
    const ExprPool& pool = db->exprs();
    std::set<std::string> values{"", "0", "00", "07", "1", "FFFFFFFF", "Z", "S+", "M5B4", "M5B4NW7NNT11SLL",
                                 "M5B4ST11NW8", "M400NW6NNT11", "BI"};
    for (std::uint32_t id = 0; id < pool.size(); ++id) {
        std::string src(pool.source(id));
        for (char& c : src)
            if (c == '[' || c == ']') c = '|';
        std::size_t p = 0;
        while (true) {
            std::size_t bar = src.find('|', p);
            std::string alt = src.substr(p, bar == std::string::npos ? bar : bar - p);
            values.insert(alt);
            if (auto dash = alt.find('-'); dash != std::string::npos) {
                values.insert(alt.substr(0, dash));
                values.insert(alt.substr(dash + 1));
            }
            if (bar == std::string::npos) break;
            p = bar + 1;
        }
    }
    std::vector<std::string> probes(values.begin(), values.end());
    const auto slots = db->slots();
    const auto tests = db->tests();
    std::size_t checked = 0;
    for (std::uint32_t id = 0; id < pool.size(); ++id) {
        const Slot& slot = slots[db->expr_slots()[id]];
        bool nested = tests[slot.test].name == "OPS" || slot.attr == "O";
        std::string_view src = pool.source(id);
        for (std::size_t i = id % 11; i < probes.size(); i += 11) {
            auto want = expr_match_795(probes[i], src, nested);
            ASSERT_TRUE(want.has_value()) << src;
            ASSERT_EQ(pool.matches(id, ObservedValue::of(probes[i])), *want)
                << "expr '" << src << "' observed '" << probes[i] << "'";
            ++checked;
        }
    }
    EXPECT_GT(checked, 500000u);
}

}  // namespace
}  // namespace whorl::fp::db
