// Option table parsing: nmap's spellings, glued values, errors.
#include "cli/options.hpp"

#include <gtest/gtest.h>

namespace whorl::cli {
namespace {

struct Seen {
    std::string ports, timing, max_tries;
    bool pn = false;
};

std::vector<OptionSpec> table(Seen& s) {
    return {
        {{"p"}, true, true, "<ports>", "ports", "", [&](auto v) { s.ports = v; return Result<void>{}; }},
        {{"T"}, true, true, "<0-5>", "timing", "", [&](auto v) { s.timing = v; return Result<void>{}; }},
        {{"Pn"}, false, false, "", "no ping", "", [&](auto) { s.pn = true; return Result<void>{}; }},
        {{"max-os-tries"}, true, false, "<n>", "tries", "", [&](auto v) { s.max_tries = v; return Result<void>{}; }},
    };
}

TEST(Options, AcceptsNmapSpellings) {
    Seen s;
    auto t = table(s);
    std::vector<std::string> args{"-Pn", "-p80,443", "-T4", "-max-os-tries", "2", "198.51.100.2"};
    auto pos = parse_options(t, args);
    ASSERT_TRUE(pos) << pos.error().describe();
    EXPECT_TRUE(s.pn);
    EXPECT_EQ(s.ports, "80,443");
    EXPECT_EQ(s.timing, "4");
    EXPECT_EQ(s.max_tries, "2");
    ASSERT_EQ(pos->size(), 1u);
    EXPECT_EQ((*pos)[0], "198.51.100.2");
}

TEST(Options, SeparateValueAndEqualsForm) {
    Seen s;
    auto t = table(s);
    std::vector<std::string> args{"-p", "22", "--max-os-tries=3"};
    ASSERT_TRUE(parse_options(t, args));
    EXPECT_EQ(s.ports, "22");
    EXPECT_EQ(s.max_tries, "3");
}

TEST(Options, UnknownOptionAndMissingValueAreUsageErrors) {
    Seen s;
    auto t = table(s);
    std::vector<std::string> bad{"--bogus"};
    auto r = parse_options(t, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_NE(r.error().message.find("--bogus"), std::string::npos);
    std::vector<std::string> missing{"--max-os-tries"};
    EXPECT_FALSE(parse_options(t, missing));
}

TEST(Options, IntegerAndTimeValues) {
    EXPECT_EQ(*option_int("--max-os-tries", "5", 1, 50), 5);
    EXPECT_FALSE(option_int("--max-os-tries", "51", 1, 50));
    EXPECT_FALSE(option_int("--max-os-tries", "5x", 1, 50));
    EXPECT_DOUBLE_EQ(*option_seconds("--scan-delay", "500ms"), 0.5);
    EXPECT_DOUBLE_EQ(*option_seconds("--host-timeout", "2m"), 120.0);
    EXPECT_FALSE(option_seconds("--scan-delay", "fast"));
}

}  // namespace
}  // namespace whorl::cli
