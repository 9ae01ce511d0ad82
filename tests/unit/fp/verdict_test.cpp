// whorl's verdict model: subjects drawn from expressions, and the verdict on a small
// made-up database (two families far apart): a subject of either is named with its
// family, and one that matches neither is not named.
#include <gtest/gtest.h>

#include <set>

#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/verdict/family_names.hpp"
#include "fp/verdict/os_verdict.hpp"
#include "fp/verdict/subject.hpp"

namespace whorl::fp::verdict {
namespace {

TEST(VerdictSubject, DrawsEveryKindOfValue) {
    std::mt19937_64 rng(7);
    EXPECT_EQ(draw_value("A|B", false, Draw::first_middle, rng), "A");
    EXPECT_EQ(draw_value("10-20", false, Draw::first_middle, rng), "18");
    EXPECT_EQ(draw_value(">FF", false, Draw::first_middle, rng), "100");
    EXPECT_EQ(draw_value("<10", false, Draw::first_middle, rng), "F");
    EXPECT_EQ(draw_value("M[4E2-5B4]NW[5|6]NNT11", true, Draw::first_middle, rng), "M54BNW5NNT11");
    EXPECT_EQ(draw_value("", false, Draw::first_middle, rng), "");
    for (int i = 0; i < 200; ++i) {
        auto v = draw_value("10-20|>FF", false, Draw::random, rng);
        auto n = std::stoul(v, nullptr, 16);
        EXPECT_TRUE((n >= 0x10 && n <= 0x20) || n > 0xFF) << v;
    }
}

// Two made-up families: "Alpha" (TTL 40, window 1000) and "Beta" (TTL 80, window 2000),
// several prints each, so that leaving a print's group out still leaves its family.
std::string made_up_db() {
    std::string text =
        "MatchPoints\n"
        "WIN(W1=15%W2=15)\n"
        "T1(R=100%DF=20%T=15%S=20%A=20%F=30)\n"
        "IE(R=50%DFI=40%T=15%CD=100)\n\n";
    const char* gens[] = {"1.X", "2.X", "3.X", "4.X", "5.X", "6.X"};
    for (int fam = 0; fam < 2; ++fam)
        for (int g = 0; g < 6; ++g) {
            std::string name = fam ? "Beta" : "Alpha";
            std::string ttl = fam ? "80" : "40", win = fam ? "2000" : "1000";
            text += "Fingerprint " + name + " " + gens[g] + "\n";
            text += "Class " + name + " | " + name + " | " + gens[g] + " | general purpose\n";
            text += "WIN(W1=" + win + "%W2=" + win + ")\n";
            text += "T1(R=Y%DF=Y%T=" + ttl + "%S=O%A=S+%F=AS)\n";
            text += "IE(R=Y%DFI=N%T=" + ttl + "%CD=" + (g % 2 ? "S" : "Z") + ")\n\n";
        }
    return text;
}

TEST(Verdict, NamesTheFamilyOfAnUnknownVersion) {
    auto db = db::OsDb::parse(made_up_db(), "made-up");
    ASSERT_TRUE(db) << db.error().describe();
    match::OsMatcher matcher(*db);
    auto model = VerdictModel::fit(*db, {12, 3});
    for (const char* ttl : {"40", "80"}) {
        std::string win = std::string(ttl) == "40" ? "1000" : "2000";
        auto fp = Fingerprint::parse("WIN(W1=" + win + "%W2=" + win + ")\nT1(R=Y%DF=Y%T=" + ttl +
                                     "%S=O%A=S+%F=AS)\nIE(R=Y%DFI=N%T=" + ttl + "%CD=S)\n");
        ASSERT_TRUE(fp);
        auto v = model.judge(matcher, *fp);
        ASSERT_FALSE(v.abstained) << ttl;
        EXPECT_EQ(v.classes.front().family, std::string(ttl) == "40" ? "Alpha" : "Beta");
        EXPECT_GE(v.classes.front().probability, 0.5);
        EXPECT_LE(v.classes.front().probability, 1.0);
    }
}

TEST(VerdictFamilies, RenamesAndEmbeddedByVendor) {
    EXPECT_EQ(canonical_family("OS X"), "macOS");
    EXPECT_EQ(canonical_family("Mac OS X"), "macOS");
    EXPECT_EQ(canonical_family("iPhone OS"), "iOS");
    EXPECT_EQ(canonical_family("Linux"), "Linux");
    EXPECT_TRUE(same_family("Apple", "OS X", "Apple", "macOS"));
    EXPECT_TRUE(same_family("Citrix", "embedded", "Citrix", "NetScaler"));
    EXPECT_FALSE(same_family("Philips", "embedded", "lwIP", "lwIP"));
    EXPECT_FALSE(same_family("Meross", "embedded", "OSRAM", "embedded"));
    EXPECT_TRUE(same_family("OSRAM", "embedded", "OSRAM", "embedded"));
    EXPECT_FALSE(same_family("Linux", "Linux", "Google", "Android"));
}

TEST(Verdict, TextOfAnAbstention) {
    OsVerdict v;
    EXPECT_EQ(v.text(), "none (no OS family is supported)");
    v.abstained = false;
    v.classes.push_back({"Linux", "Linux", std::string("6.X"), "general purpose", 0.917});
    EXPECT_EQ(v.text(), "Linux 6.X (general purpose), 91 %");
}

TEST(Verdict, TextOfClassesNamedTogether) {
    OsVerdict v;
    v.abstained = false;
    v.classes.push_back({"Linux", "Linux", std::string("5.X"), "general purpose", 0.4});
    v.classes.push_back({"Linux", "Linux", std::string("6.X"), "general purpose", 0.4});
    v.classes.push_back({"FreeBSD", "FreeBSD", std::nullopt, "general purpose", 0.2});
    v.named = 2;
    v.probability = 0.8;
    EXPECT_EQ(v.text(), "Linux 5.X or 6.X (general purpose), 80 %");
    v.classes = {{"Apple", "macOS", std::nullopt, "general purpose", 0.45},
                 {"Apple", "iOS", std::nullopt, "phone", 0.45},
                 {"Sonos", "embedded", std::nullopt, "media device", 0.1}};
    v.probability = 0.9;
    EXPECT_EQ(v.text(), "macOS or iOS (general purpose), 90 %");
    v.named = 3;
    v.probability = 1;
    EXPECT_EQ(v.text(), "macOS, iOS or Sonos embedded (general purpose), 100 %");
}

// Two families a print names together ("Gamma or Delta", as Nmap's "macOS or iOS"), next
// to the two families above: a subject of that print is named with both, and the
// probability is that of the pair.
TEST(Verdict, NamesTogetherWhatOnePrintNamesTogether) {
    std::string text = made_up_db();
    for (const char* g : {"1.X", "2.X", "3.X"}) {
        text += std::string("Fingerprint Gamma ") + g + " or Delta\n";
        text += std::string("Class Gamma | Gamma | ") + g + " | general purpose\n";
        text += "Class Delta | Delta || phone\n";
        text += "WIN(W1=3000%W2=3000)\nT1(R=Y%DF=N%T=FF%S=Z%A=S%F=AR)\nIE(R=Y%DFI=S%T=FF%CD=S)\n\n";
    }
    auto db = db::OsDb::parse(text, "made-up");
    ASSERT_TRUE(db) << db.error().describe();
    match::OsMatcher matcher(*db);
    auto model = VerdictModel::fit(*db, {15, 3});
    auto fp = Fingerprint::parse("WIN(W1=3000%W2=3000)\nT1(R=Y%DF=N%T=FF%S=Z%A=S%F=AR)\nIE(R=Y%DFI=S%T=FF%CD=S)\n");
    ASSERT_TRUE(fp);
    auto v = model.judge(matcher, *fp);
    ASSERT_FALSE(v.abstained);
    ASSERT_GE(v.named, 2u);
    std::set<std::string> named;
    double sum = 0;
    for (std::size_t i = 0; i < v.named; ++i) {
        named.insert(v.classes[i].family);
        sum += v.classes[i].probability;
    }
    EXPECT_EQ(named, (std::set<std::string>{"Gamma", "Delta"}));
    EXPECT_NEAR(sum, v.probability, 1e-9);
    EXPECT_NE(v.text().find("Gamma"), std::string::npos) << v.text();
    EXPECT_NE(v.text().find(" or Delta"), std::string::npos) << v.text();
}

}  // namespace
}  // namespace whorl::fp::verdict
