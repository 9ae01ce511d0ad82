// User-Agent -> OS over the corpus in tests/fixtures/ua/user_agents.txt (every line's
// family, name and flavor), strengths, the Darwin mapping, and the Sec-CH-UA-Platform hint.
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include "base/text.hpp"
#include "fp/http/user_agent.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp::passive {
namespace {

struct UaCase {
    std::string family, name, flavor, ua;
    int line = 0;
};

std::vector<UaCase> corpus() {
    std::vector<UaCase> out;
    std::istringstream in(whorl::test::read_fixture("ua/user_agents.txt"));
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        if (trim(line).empty() || line[0] == '#') continue;
        auto f = split(line, '|');
        if (f.size() < 4) {
            ADD_FAILURE() << "user_agents.txt:" << n << ": needs 4 fields";
            continue;
        }
        // The User-Agent is everything after the third '|'.
        std::size_t at = 0;
        for (int i = 0; i < 3; ++i) at = line.find('|', at) + 1;
        UaCase c{std::string(trim(f[0])), std::string(trim(f[1])), std::string(trim(f[2])),
                 std::string(trim(std::string_view(line).substr(at))), n};
        if (c.flavor == "-") c.flavor.clear();
        if (c.ua == "-") c.ua = "-";
        out.push_back(std::move(c));
    }
    return out;
}

TEST(UserAgent, CorpusClassifiesAsExpected) {
    auto cases = corpus();
    ASSERT_GE(cases.size(), 90u);
    int by_family[16] = {};
    for (const auto& c : cases) {
        SCOPED_TRACE("user_agents.txt:" + std::to_string(c.line) + ": " + c.ua);
        auto e = classify_user_agent(c.ua);
        if (c.family == "none") {
            EXPECT_FALSE(e) << e->name;
            continue;
        }
        ASSERT_TRUE(e);
        EXPECT_EQ(os_family_name(e->family), c.family);
        EXPECT_EQ(e->name, c.name);
        EXPECT_EQ(e->flavor, c.flavor);
        EXPECT_EQ(e->source, EvidenceSource::user_agent);
        EXPECT_EQ(e->detail, c.ua);
        if (e->family == OsFamily::unknown)
            EXPECT_EQ(e->strength, 0.0);
        else
            EXPECT_GT(e->strength, 0.0);
        ++by_family[static_cast<int>(e->family)];
    }
    // The corpus covers every family the classifier can name.
    for (OsFamily f : {OsFamily::windows, OsFamily::macos, OsFamily::ios, OsFamily::android, OsFamily::chromeos,
                       OsFamily::linux, OsFamily::bsd, OsFamily::solaris, OsFamily::other, OsFamily::unknown})
        EXPECT_GT(by_family[static_cast<int>(f)], 0) << os_family_name(f);
}

TEST(UserAgent, StrengthTellsABrowserFromAServiceFromAGuess) {
    auto browser = classify_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36");
    auto service = classify_user_agent("Microsoft-CryptoAPI/10.0");
    auto okhttp = classify_user_agent("okhttp/4.12.0");
    auto apple = classify_user_agent("com.apple.trustd/2.0");
    ASSERT_TRUE(browser && service && okhttp && apple);
    EXPECT_EQ(browser->strength, 1.0);
    EXPECT_LT(service->strength, browser->strength);
    EXPECT_LT(apple->strength, service->strength);
    EXPECT_LT(okhttp->strength, apple->strength);
}

TEST(UserAgent, DarwinVersionNamesTheReleaseWhenTheDeviceIsKnown) {
    auto mac = classify_user_agent("Example/1.0 CFNetwork/1494.0.7 Darwin/23.4.0 (x86_64)");
    ASSERT_TRUE(mac);
    EXPECT_EQ(mac->family, OsFamily::macos);
    EXPECT_EQ(mac->flavor, "14 (Darwin 23.4.0)");
    auto phone = classify_user_agent("Example/1.0 (iPhone) CFNetwork/1494.0.7 Darwin/23.4.0");
    ASSERT_TRUE(phone);
    EXPECT_EQ(phone->family, OsFamily::ios);
    EXPECT_EQ(phone->flavor, "17 (Darwin 23.4.0)");
}

TEST(UserAgent, OddInputIsNotAnOs) {
    EXPECT_FALSE(classify_user_agent(""));
    EXPECT_FALSE(classify_user_agent("   \t"));
    EXPECT_FALSE(classify_user_agent(std::string(5000, 'x')));
    auto long_ua = classify_user_agent("Mozilla/5.0 (X11; Linux x86_64) " + std::string(2000, 'A'));
    ASSERT_TRUE(long_ua);
    EXPECT_LE(long_ua->detail.size(), 300u);
    auto truncated = classify_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS ");
    ASSERT_TRUE(truncated);
    EXPECT_EQ(truncated->family, OsFamily::ios);
    EXPECT_EQ(truncated->flavor, "");
}

TEST(PlatformHint, NamesThePlatformAndWindows11ByVersion) {
    auto w = classify_platform_hint("\"Windows\"");
    ASSERT_TRUE(w);
    EXPECT_EQ(w->family, OsFamily::windows);
    EXPECT_EQ(w->flavor, "");
    EXPECT_EQ(classify_platform_hint("\"Windows\"", "\"15.0.0\"")->flavor, "11");
    EXPECT_EQ(classify_platform_hint("\"Windows\"", "\"13.0.0\"")->flavor, "11");
    EXPECT_EQ(classify_platform_hint("\"Windows\"", "\"10.0.0\"")->flavor, "10");
    EXPECT_EQ(classify_platform_hint("\"Windows\"", "\"1.0.0\"")->flavor, "10");
    EXPECT_EQ(classify_platform_hint("\"Windows\"", "\"0.3.0\"")->flavor, "8.1");
    EXPECT_EQ(classify_platform_hint("\"Windows\"", "\"0.1.0\"")->flavor, "7");
    EXPECT_EQ(classify_platform_hint(" \"macOS\" ", "\"14.2.1\"")->flavor, "14.2.1");
    EXPECT_EQ(classify_platform_hint("\"Android\"", "\"14.0.0\"")->flavor, "14");
    EXPECT_EQ(classify_platform_hint("Android")->family, OsFamily::android);  // unquoted
    EXPECT_EQ(classify_platform_hint("\"Chrome OS\"")->family, OsFamily::chromeos);
    EXPECT_EQ(classify_platform_hint("\"Chromium OS\"")->family, OsFamily::chromeos);
    EXPECT_EQ(classify_platform_hint("\"Linux\"")->family, OsFamily::linux);
    EXPECT_EQ(classify_platform_hint("\"iOS\"")->family, OsFamily::ios);
    EXPECT_FALSE(classify_platform_hint("\"Unknown\""));
    EXPECT_FALSE(classify_platform_hint("\"\""));
    EXPECT_FALSE(classify_platform_hint(""));
    EXPECT_FALSE(classify_platform_hint("\"Plan 9\""));
    EXPECT_EQ(w->source, EvidenceSource::user_agent);
    EXPECT_NE(classify_platform_hint("\"macOS\"", "\"14.2.1\"")->detail.find("14.2.1"), std::string::npos);
}

}  // namespace
}  // namespace whorl::fp::passive
