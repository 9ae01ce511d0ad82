// ExactIndex (7.95's expressions answered by lookup) against the per-expression path:
// every print's points equal, and so the match list, on Nmap 7.95's own fingerprints of
// the lab personas and on thousands of variants of them whose values are drawn from the
// database's own alternatives, bracketed-group instances, other hex numbers, zero-led and
// empty values.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "fp/db/expr.hpp"
#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"
#include "support/fixtures.hpp"
#include "support/nmap_795.hpp"

namespace whorl::fp::match {
namespace {

// One value that the alternative `a` (top level, groups kept) describes: each group is
// replaced by its first alternative's first bound.
std::string instance_of(std::string_view a) {
    std::string out;
    for (std::size_t i = 0; i < a.size();) {
        if (a[i] != '[') {
            out += a[i++];
            continue;
        }
        std::size_t close = a.find(']', i);
        if (close == std::string_view::npos) break;
        std::string_view first = a.substr(i + 1, close - i - 1);
        first = first.substr(0, first.find_first_of("|-"));
        if (!first.empty() && (first[0] == '<' || first[0] == '>')) first.remove_prefix(1);
        out += first;
        i = close + 1;
    }
    return out;
}

// Per slot: values worth trying there.
std::vector<std::vector<std::string>> candidates(const db::OsDb& db) {
    std::vector<std::vector<std::string>> out(db.slots().size());
    for (std::uint32_t id = 0; id < db.expr_slots().size(); ++id) {
        auto& list = out[db.expr_slots()[id]];
        if (list.size() > 400) continue;
        for (std::string_view a : db::split_alternatives_795(db.exprs().source(id), true)) {
            std::string v = instance_of(a);
            auto dash = v.find('-');
            if (dash != std::string::npos && v.find('[') == std::string::npos) v = v.substr(dash + 1);
            if (!v.empty() && (v[0] == '<' || v[0] == '>')) v = v.substr(1);
            list.push_back(v);
        }
    }
    for (auto& list : out) {
        for (const char* extra : {"", "0", "07", "00A", "1", "FFFF", "10000", "B1", "M5B4", "Z", "S+"}) list.push_back(extra);
    }
    return out;
}

void expect_same_scores(const db::OsDb& db, OsMatcher& indexed, OsMatcher& each, const Fingerprint& fp,
                        const std::string& what) {
    std::vector<OsMatch> a = indexed.score_all(fp), b = each.score_all(fp);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].matched, b[i].matched) << what << ": " << db.prints()[i].name << "\n" << fp.text(FingerprintLayout::unwrapped);
        ASSERT_EQ(a[i].possible, b[i].possible) << what << ": " << db.prints()[i].name;
    }
    MatchResult ra = indexed.match(fp), rb = each.match(fp);
    ASSERT_EQ(ra.matches.size(), rb.matches.size()) << what;
    for (std::size_t i = 0; i < ra.matches.size(); ++i) ASSERT_EQ(ra.matches[i].print, rb.matches[i].print) << what;
}

TEST(ExactIndex, SameScoresAsEachExpressionOnNmap795sDb) {
    WHORL_REQUIRE_NMAP_795(dir);
    auto db = db::OsDb::load(dir + "/nmap-os-db");
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->behaviour(), NmapBehaviour::v7_95);
    OsMatcher indexed(*db), each(*db, Evaluation::each_expression);
    auto pool = candidates(*db);
    std::vector<Fingerprint> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(test::fixture_path("nmap-os-7.95"))) {
        auto fp = Fingerprint::parse(test::read_fixture("nmap-os-7.95/" + entry.path().filename().string() + "/fingerprint.txt"));
        ASSERT_TRUE(fp) << entry.path();
        seeds.push_back(*fp);
    }
    ASSERT_GE(seeds.size(), 20u);
    std::mt19937 rng(795);
    std::size_t subjects = 0;
    for (const Fingerprint& seed : seeds) {
        expect_same_scores(*db, indexed, each, seed, "seed");
        ++subjects;
        for (int variant = 0; variant < 120; ++variant) {
            Fingerprint fp = seed;
            for (whorl::fp::Test& t : fp.tests()) {
                auto test = db->find_test(t.name);
                if (!test) continue;
                for (whorl::fp::Attribute& a : t.attrs) {
                    auto slot = db->find_slot(*test, a.name);
                    if (!slot || rng() % 3 != 0) continue;
                    const auto& list = pool[*slot];
                    if (!list.empty()) a.value = list[rng() % list.size()];
                }
                if (rng() % 10 == 0 && !t.attrs.empty()) t.attrs.erase(t.attrs.begin() + static_cast<long>(rng() % t.attrs.size()));
            }
            expect_same_scores(*db, indexed, each, fp, "variant " + std::to_string(variant));
            ++subjects;
        }
    }
    std::printf("indexed = per-expression scores on %zu fingerprints\n", subjects);
}

}  // namespace
}  // namespace whorl::fp::match
