// Text helpers: trimming, splitting and strict number parsing.
#include "base/text.hpp"

#include <gtest/gtest.h>

namespace whorl {
namespace {

TEST(Text, SplitKeepsEmptyFields) {
    auto f = split("a||b|", '|');
    ASSERT_EQ(f.size(), 4u);
    EXPECT_EQ(f[1], "");
    EXPECT_EQ(f[3], "");
}

TEST(Text, ParseUintIsStrict) {
    EXPECT_EQ(parse_uint("FF", 16), 255u);
    EXPECT_FALSE(parse_uint("12x"));
    EXPECT_FALSE(parse_uint(""));
    EXPECT_FALSE(parse_uint("-1"));
}

TEST(Text, TrimAndCaseInsensitiveCompare) {
    EXPECT_EQ(trim("  x y \n"), "x y");
    EXPECT_TRUE(istarts_with("FingerPrint Linux", "fingerprint"));
    EXPECT_FALSE(iequals("ab", "abc"));
}

TEST(Text, ReadFileNamesTheMissingPath) {
    auto r = read_file("/nonexistent/whorl-test-file");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::not_found);
    EXPECT_NE(r.error().describe().find("/nonexistent/whorl-test-file"), std::string::npos);
}

// A directory is an error, and so is a file past the bound (issue 15: /dev/zero filled
// memory until std::bad_alloc).
TEST(Text, ReadFileRefusesDirectoriesAndEndlessFiles) {
    auto dir = read_file("/tmp");
    ASSERT_FALSE(dir);
    EXPECT_NE(dir.error().describe().find("is a directory"), std::string::npos);
    auto endless = read_file("/dev/zero", 1 << 20);
    ASSERT_FALSE(endless);
    EXPECT_NE(endless.error().describe().find("larger than 1048576 bytes"), std::string::npos);
    auto small = read_file("/proc/self/status", 1 << 20);
    ASSERT_TRUE(small) << small.error().describe();
    EXPECT_NE(small->find("Name:"), std::string::npos);
}

}  // namespace
}  // namespace whorl
