// nmap-os-db parsing: the installed database loads completely, and every kind of bad line
// is rejected with file:line.
#include "fp/db/os_db.hpp"

#include <gtest/gtest.h>

#include <string>

namespace whorl::fp::db {
namespace {

constexpr std::string_view kMatchPoints =
    "MatchPoints\n"
    "SEQ(SP=25%GCD=75%ISR=25%TI=100%CI=50%II=100%SS=80%TS=100)\n"
    "T1(R=100%DF=20%T=15%TG=15%S=20%A=20%F=30%RD=20%Q=20)\n"
    "IE(R=50%DFI=40%T=15%TG=15%CD=100)\n"
    "\n";

// A small DB: MatchPoints, then `body` (lines 6 onwards).
std::string small_db(std::string_view body) { return std::string(kMatchPoints) + std::string(body); }

constexpr std::string_view kGoodPrint =
    "# comment\n"
    "Fingerprint Example OS 1.0 # trailing comment\n"
    "Class Example | ExampleOS | 1.X | general purpose\n"
    "CPE cpe:/o:example:exampleos:1 auto\n"
    "SEQ(SP=0-5%GCD=1|2%TI=I|RD%TS=U%R=N)\n"
    "T1(R=Y%DF=N%T=FA-104%TG=FF%S=O%A=S+%F=AS%RD=0%Q=)\n"
    "\n";

TEST(OsDb, ParsesASmallDatabase) {
    auto db = OsDb::parse(small_db(kGoodPrint), "test-db");
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->prints().size(), 1u);
    const RefPrint& p = db->prints()[0];
    EXPECT_EQ(p.name, "Example OS 1.0");
    EXPECT_EQ(p.line, 7);
    ASSERT_EQ(p.classes.size(), 1u);
    EXPECT_EQ(p.classes[0].vendor, "Example");
    EXPECT_EQ(p.classes[0].family, "ExampleOS");
    EXPECT_EQ(p.classes[0].generation, "1.X");
    EXPECT_EQ(p.classes[0].device_type, "general purpose");
    EXPECT_EQ(p.classes[0].cpes, std::vector<std::string>{"cpe:/o:example:exampleos:1"});
    auto lines = db->print_test_lines(0);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], "SEQ(SP=0-5%GCD=1|2%TI=I|RD%TS=U%R=N)");
    EXPECT_EQ(lines[1], "T1(R=Y%DF=N%T=FA-104%TG=FF%S=O%A=S+%F=AS%RD=0%Q=)");
    // MatchPoints: weights as written, plus an unscored R where MatchPoints has none.
    auto seq = db->find_test("SEQ");
    ASSERT_TRUE(seq);
    EXPECT_EQ(db->slots()[*db->find_slot(*seq, "GCD")].weight, 75u);
    ASSERT_TRUE(db->find_slot(*seq, "R"));
    EXPECT_EQ(db->slots()[*db->find_slot(*seq, "R")].weight, 0u);
    EXPECT_FALSE(db->find_slot(*seq, "W1"));
}

TEST(OsDb, SharesIdenticalTestLinesAndExpressions) {
    std::string body = std::string(kGoodPrint) + "Fingerprint Other\nClass A | B || router\n"
                       "T1(R=Y%DF=N%T=FA-104%TG=FF%S=O%A=S+%F=AS%RD=0%Q=)\nIE(R=N)\n";
    auto db = OsDb::parse(small_db(body), "test-db");
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->prints().size(), 2u);
    EXPECT_EQ(db->test_lines().size(), 3u);  // SEQ, T1 (shared), IE
    EXPECT_FALSE(db->prints()[1].classes[0].generation.has_value());
}

struct BadCase {
    const char* what;
    std::string body;  // after MatchPoints (which ends on line 5)
    int line;
    const char* message_part;
};

std::vector<BadCase> bad_cases() {
    return {
        {"unknown test", "Fingerprint X\nClass A | B | C | D\nW1N(R=Y)\n", 8, "unknown test W1N"},
        {"unknown attribute", "Fingerprint X\nT1(R=Y%XX=1)\n", 7, "unknown attribute XX"},
        {"broken range", "Fingerprint X\nT1(T=45-3B)\n", 7, "broken expression T1.T=45-3B"},
        {"broken comparison", "Fingerprint X\nSEQ(SP=>Z)\n", 7, "broken expression SEQ.SP=>Z"},
        {"bad character", "Fingerprint X\nSEQ(TI=I R)\n", 7, "broken expression"},
        {"missing Fingerprint", "Class A | B | C | D\nT1(R=Y)\n", 6, "outside a block"},
        {"test line at top level", "T1(R=Y)\n", 6, "outside a block"},
        {"CPE before Class", "Fingerprint X\nCPE cpe:/o:a:b\nT1(R=Y)\n", 7, "CPE line before any Class"},
        {"CPE that is not one", "Fingerprint X\nClass A | B | C | D\nCPE linux\nT1(R=Y)\n", 8, "not a CPE"},
        {"second MatchPoints", "MatchPoints\nT1(R=1)\n", 6, "second MatchPoints"},
        {"overlong line", "Fingerprint X\nT1(R=" + std::string(3000, 'Y') + ")\n", 7, "3006 characters"},
        {"no empty line between blocks", "Fingerprint X\nT1(R=Y)\nFingerprint Y\nT1(R=Y)\n", 8, "empty line"},
        {"repeated test", "Fingerprint X\nT1(R=Y)\nT1(R=N)\n", 8, "test T1 repeated"},
        {"repeated attribute", "Fingerprint X\nT1(R=Y%R=N)\n", 7, "attribute R repeated"},
        {"attribute without =", "Fingerprint X\nT1(R=Y%DF)\n", 7, "malformed attribute 'DF'"},
        {"no closing parenthesis", "Fingerprint X\nT1(R=Y%DF=N\n", 7, "closing ')'"},
        {"text after the test", "Fingerprint X\nT1(R=Y) extra\n", 7, "after the closing"},
        {"short Class line", "Fingerprint X\nClass A | B | C\nT1(R=Y)\n", 7, "Class line"},
        {"Class without vendor", "Fingerprint X\nClass  | B | C | D\nT1(R=Y)\n", 7, "needs a vendor"},
        {"Fingerprint without name", "Fingerprint   # nothing\nT1(R=Y)\n", 6, "without a name"},
        {"Fingerprint without tests", "Fingerprint X\nClass A | B | C | D\n\n", 6, "no test lines"},
        {"line without parentheses", "Fingerprint X\nsomething odd\n", 7, "expected a test line"},
    };
}

TEST(OsDb, RejectsBadLinesWithFileAndLine) {
    for (const auto& c : bad_cases()) {
        auto db = OsDb::parse(small_db(c.body), "bad-db");
        ASSERT_FALSE(db) << c.what;
        EXPECT_EQ(db.error().code, Errc::parse) << c.what;
        EXPECT_EQ(db.error().where, "bad-db:" + std::to_string(c.line)) << c.what << ": " << db.error().describe();
        EXPECT_NE(db.error().message.find(c.message_part), std::string::npos)
            << c.what << ": " << db.error().describe();
    }
}

TEST(OsDb, RejectsBadMatchPoints) {
    auto no_mp = OsDb::parse("Fingerprint X\nT1(R=Y)\n", "f");
    ASSERT_FALSE(no_mp);
    EXPECT_EQ(no_mp.error().describe(), "f: no MatchPoints block");
    auto bad_weight = OsDb::parse("MatchPoints\nT1(R=ten)\n", "f");
    ASSERT_FALSE(bad_weight);
    EXPECT_EQ(bad_weight.error().where, "f:2");
    auto huge = OsDb::parse("MatchPoints\nT1(R=100001)\n", "f");
    ASSERT_FALSE(huge);
    auto repeated = OsDb::parse("MatchPoints\nT1(R=1)\nT1(DF=1)\n", "f");
    ASSERT_FALSE(repeated);
    EXPECT_EQ(repeated.error().where, "f:3");
}

TEST(OsDb, MissingFileIsOneClearError) {
    auto db = OsDb::load("/nonexistent/nmap-os-db");
    ASSERT_FALSE(db);
    EXPECT_EQ(db.error().code, Errc::not_found);
    EXPECT_NE(db.error().describe().find("/nonexistent/nmap-os-db"), std::string::npos);
}

// The database Debian installs: every print loads, none is rejected.
TEST(OsDb, LoadsTheWholeInstalledDatabase) {
    auto db = OsDb::load_installed();
    if (!db) GTEST_SKIP() << "nmap-os-db not installed: " << db.error().describe();
    EXPECT_EQ(db->prints().size(), 5678u);
    std::size_t classes = 0, cpes = 0;
    for (const auto& p : db->prints()) {
        classes += p.classes.size();
        for (const auto& c : p.classes) cpes += c.cpes.size();
    }
    EXPECT_EQ(classes, 6551u);
    EXPECT_EQ(cpes, 6490u);
    EXPECT_EQ(db->match_points_line(), 31);
    EXPECT_EQ(db->tests().size(), 13u);
    // Reference §7.3: a few weights read from the file.
    auto u1 = *db->find_test("U1");
    EXPECT_EQ(db->slots()[*db->find_slot(u1, "RIPCK")].weight, 100u);
    auto t7 = *db->find_test("T7");
    EXPECT_EQ(db->slots()[*db->find_slot(t7, "R")].weight, 80u);
    // The first print, as in the file.
    EXPECT_EQ(db->prints()[0].name, "2N Helios IP VoIP doorbell");
    EXPECT_EQ(db->prints()[0].line, 47);
    EXPECT_EQ(db->print_test_lines(0).front(),
              "SEQ(SP=0-5%GCD=51E80C|A3D018|F5B824|147A030|199883C%ISR=C8-D2%TI=I|RD%CI=I%II=RI%SS=S%TS=U)");
}

}  // namespace
}  // namespace whorl::fp::db
