// The manual pages come from the tables --help prints: every option spelling --help
// shows is in the page, and groff reads each page without a warning.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <regex>

#include "cli/match_command.hpp"
#include "cli/passive_command.hpp"
#include "cli/scan_options.hpp"
#include "passive_test_support.hpp"

namespace whorl::cli {
namespace {

std::string help_of(CommandFn run) {
    auto r = test::run_captured(run, {"--help"});
    EXPECT_TRUE(r.status);
    return r.out;
}

// The option spellings at the start of each --help line ("  -Pn, -PN, -P0  text").
std::vector<std::string> spellings(const std::string& help) {
    std::vector<std::string> out;
    std::regex line(R"re(\n  (-[^ ,]+(?:, -[^ ,]+)*))re");
    for (auto it = std::sregex_iterator(help.begin(), help.end(), line); it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1].str());
    return out;
}

// roff's escaped dashes, read back.
std::string unescaped(std::string page) {
    for (std::size_t p; (p = page.find("\\-")) != std::string::npos;) page.replace(p, 2, "-");
    return page;
}

void expect_page_covers_help(const std::string& page, const std::string& help, const char* what) {
    auto names = spellings(help);
    EXPECT_GE(names.size(), 5u) << what;
    std::string text = unescaped(page);
    for (const auto& n : names) EXPECT_NE(text.find(".B " + n), std::string::npos) << what << ": " << n;
    if (std::system("command -v groff >/dev/null 2>&1") != 0) return;
    char path[] = "/tmp/whorl-man-XXXXXX";
    int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    std::FILE* f = ::fdopen(fd, "w");
    std::fwrite(page.data(), 1, page.size(), f);
    std::fclose(f);
    std::string cmd = std::string("groff -man -Tutf8 -ww -z ") + path + " 2>&1";
    std::FILE* p = ::popen(cmd.c_str(), "r");
    std::string warnings;
    char buf[512];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) warnings.append(buf, n);
    EXPECT_EQ(::pclose(p), 0) << what;
    EXPECT_EQ(warnings, "") << what;
    std::remove(path);
}

TEST(ManPages, EachPageHoldsEveryOptionItsHelpShows) {
    expect_page_covers_help(scan_man_page(), scan_help_text(), "whorl(1)");
    expect_page_covers_help(passive_man_page(), help_of(run_passive), "whorl-passive(1)");
    expect_page_covers_help(match_man_page(), help_of(run_match), "whorl-match(1)");
}

}  // namespace
}  // namespace whorl::cli
