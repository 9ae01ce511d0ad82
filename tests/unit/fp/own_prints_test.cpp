// whorl's own reference prints (data/whorl-os-db, measured in the lab by tools/stacks/):
// they load after the installed nmap-os-db with its MatchPoints, every one is whorl's own,
// none is identical to a print of that database, and Nmap's match list never holds them
// while whorl's scores do.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <stdlib.h>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/verdict/subject.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp {
namespace {

// data/whorl-os-db (IPv4) and data/whorl-os6-db (the lab stacks' TCP answers over IPv6 in
// IPv4 terms, read for IPv6 targets).
class OwnPrints : public ::testing::TestWithParam<const char*> {};

TEST_P(OwnPrints, LoadAfterTheInstalledDatabaseAndStayOutOfNmapsList) {
    auto installed = db::OsDb::load_installed();
    if (!installed) GTEST_SKIP() << installed.error().describe();
    const auto nmap_count = static_cast<std::uint32_t>(installed->prints().size());
    std::set<std::vector<std::string>> nmap_prints;
    for (std::uint32_t p = 0; p < nmap_count; ++p) nmap_prints.insert(installed->print_test_lines(p));

    std::string path = std::string(WHORL_SOURCE_DIR) + "/data/" + GetParam();
    auto text = read_file(path);
    ASSERT_TRUE(text) << text.error().describe();
    auto db = db::OsDb::with_prints_from(std::move(*installed), *text, path);
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->nmap_print_count(), nmap_count);
    ASSERT_GE(db->prints().size(), nmap_count + 10u);

    match::OsMatcher matcher(*db);
    std::mt19937_64 rng(1);
    for (std::uint32_t p = nmap_count; p < db->prints().size(); ++p) {
        const auto& print = db->prints()[p];
        SCOPED_TRACE(print.name);
        EXPECT_TRUE(print.own);
        EXPECT_FALSE(print.classes.empty());
        EXPECT_EQ(nmap_prints.count(db->print_test_lines(p)), 0u) << "identical to an nmap-os-db print";
        auto subject = verdict::draw_subject(*db, p, verdict::Draw::first_middle, rng);
        // whorl's own score of its print is perfect...
        EXPECT_EQ(matcher.score_all(subject)[p].accuracy, 1.0);
        // ...and Nmap's list is what Nmap would print: no own print in it.
        for (const auto& m : matcher.match(subject).matches) EXPECT_LT(m.print, nmap_count);
    }
}

INSTANTIATE_TEST_SUITE_P(Files, OwnPrints, ::testing::Values("whorl-os-db", "whorl-os6-db"),
                         [](const ::testing::TestParamInfo<const char*>& p) { return std::string(p.param).substr(6, 3) == "os6" ? "Ipv6" : "Ipv4"; });

TEST(OwnPrintFiles, AFileOfPrintsMayOnlyWeighTestsTheDatabaseLacks) {
    constexpr std::string_view kBase = "MatchPoints\nT1(R=100%DF=20)\n\nFingerprint A\nClass A | A | | x\nT1(R=Y%DF=Y)\n";
    auto installed = db::OsDb::parse(kBase, "base");
    ASSERT_TRUE(installed);
    auto db = db::OsDb::with_prints_from(std::move(*installed), "MatchPoints\nV6(FL=50)\nT1(R=1)\n", "extra");
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().where, "extra:3");
    EXPECT_NE(db.error().message.find("weighed by the database's MatchPoints"), std::string::npos) << db.error().message;

    // whorl-os6-db's V6: weighed by the file, scored only against the prints that have it.
    auto with_v6 = db::OsDb::with_prints_from(
        *db::OsDb::parse(kBase, "base"),
        "MatchPoints\nV6(FL=50)\n\nFingerprint B\nClass B | B | | x\nT1(R=Y%DF=N)\nV6(FL=Z)\n", "extra");
    ASSERT_TRUE(with_v6) << with_v6.error().describe();
    ASSERT_EQ(with_v6->prints().size(), 2u);
    auto subject = Fingerprint::parse("T1(R=Y%DF=N)\nV6(FL=Z)\n");
    ASSERT_TRUE(subject);
    match::OsMatcher matcher(*with_v6);
    auto scores = matcher.score_all(*subject);
    EXPECT_DOUBLE_EQ(scores[0].accuracy, 100.0 / 120.0);  // A: T1 only, DF missed
    EXPECT_DOUBLE_EQ(scores[1].accuracy, 1.0);            // B: T1 and V6
    auto other = Fingerprint::parse("T1(R=Y%DF=N)\nV6(FL=R)\n");
    EXPECT_DOUBLE_EQ(matcher.score_all(*other)[1].accuracy, 120.0 / 170.0);
    auto ok = db::OsDb::parse("MatchPoints\nT1(R=100%DF=20)\n\nFingerprint A\nClass A | A | | x\nT1(R=Y%DF=Y)\n", "base");
    auto more = db::OsDb::with_prints_from(std::move(*ok), "Fingerprint B\nClass B | B | | x\nT1(R=Y%DF=N%XX=1)\n", "extra");
    ASSERT_FALSE(more);
    EXPECT_EQ(more.error().where, "extra:3");
}

TEST(OwnPrintFiles, SeveralFilesLoadInOrderAndOneThatCannotBeReadIsLeftOutWithAWarning) {
    // An IPv6 scan reads whorl-os-db and then whorl-os6-db after the installed database.
    std::string dir = (std::filesystem::temp_directory_path() / "whorl-own-prints.XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    auto write = [&](const std::string& name, std::string_view text) {
        std::ofstream(dir + "/" + name) << text;
        return dir + "/" + name;
    };
    const std::string base = write("base", "MatchPoints\nT1(R=100%DF=20)\n\nFingerprint A\nClass A | A | | x\nT1(R=Y%DF=Y)\n");
    const std::string four = write("four", "Fingerprint B\nClass B | B | | x\nT1(R=Y%DF=N)\n");
    const std::string broken = write("broken", "Fingerprint C\nClass C | C | | x\nT1(R=Y%ZZ=1)\n");
    const std::string six = write("six", "Fingerprint D over IPv6\nClass D | D | | x\nT1(R=N)\n");

    std::string warning;
    auto db = db::OsDb::load_with_own_prints(base, std::vector<std::string>{four, "", broken, six}, std::nullopt, warning);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->prints().size(), 3u);
    EXPECT_EQ(db->nmap_print_count(), 1u);
    EXPECT_EQ(db->prints()[1].name, "B");
    EXPECT_EQ(db->prints()[2].name, "D over IPv6");
    EXPECT_TRUE(db->prints()[1].own && db->prints()[2].own);
    EXPECT_NE(warning.find("whorl's own OS prints are not used"), std::string::npos) << warning;
    EXPECT_NE(warning.find(broken + ":3"), std::string::npos) << warning;
    EXPECT_EQ(warning.find('\n'), std::string::npos) << "one line for the one file left out: " << warning;
}

}  // namespace
}  // namespace whorl::fp
