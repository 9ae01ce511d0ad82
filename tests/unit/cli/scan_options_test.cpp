// Nmap's command line for the scan: the flags land in ScanConfig, and bad input is one
// clear usage error that names what is wrong.
#include "cli/scan_options.hpp"

#include <gtest/gtest.h>

namespace whorl::cli {
namespace {

Result<ScanCommandLine> parse(std::vector<std::string> args) { return parse_scan_command_line(args); }

TEST(ScanOptions, TheSeedsCommandAndFriends) {
    auto cl = parse({"-Pn", "-O", "198.51.100.2"});
    ASSERT_TRUE(cl) << cl.error().describe();
    EXPECT_TRUE(cl->config.skip_discovery);
    EXPECT_TRUE(cl->config.os_detection);
    EXPECT_EQ(cl->config.targets, std::vector<std::string>{"198.51.100.2"});
    EXPECT_EQ(cl->config.command_line, "whorl -Pn -O 198.51.100.2");

    auto more = parse({"-sS", "-T4", "-p22,80", "--max-os-tries", "2", "--osscan-guess", "-vv", "--reason", "--open",
                       "-oX", "out.xml", "-oA", "base", "--min-rate", "100", "--scan-delay", "10ms", "-n",
                       "--exclude", "198.51.100.9", "198.51.100.0/28"});
    ASSERT_TRUE(more) << more.error().describe();
    const auto& c = more->config;
    EXPECT_EQ(c.timing_level, 4);
    EXPECT_EQ(c.ports, "22,80");
    EXPECT_EQ(c.max_os_tries, 2);
    EXPECT_TRUE(c.osscan_guess);
    EXPECT_EQ(c.verbose, 2);
    EXPECT_TRUE(c.reason && c.open_only && c.no_dns);
    EXPECT_EQ(c.output.xml, "base.xml");  // -oA after -oX wins, as in Nmap
    EXPECT_EQ(c.output.grepable, "base.gnmap");
    EXPECT_EQ(*c.min_rate, 100);
    EXPECT_EQ(c.scan_delay->count(), 10);
    EXPECT_EQ(c.excludes, std::vector<std::string>{"198.51.100.9"});
}

TEST(ScanOptions, TimingTemplatesByNameAndNumber) {
    EXPECT_EQ(parse({"-T", "aggressive", "x"})->config.timing_level, 4);
    EXPECT_EQ(parse({"-T0", "x"})->config.timing_level, 0);
    auto bad = parse({"-T9", "x"});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::usage);
}

TEST(ScanOptions, BadInputIsAUsageErrorNamingIt) {
    struct Case {
        std::vector<std::string> args;
        std::string needle;
    };
    for (const auto& c : std::vector<Case>{
             {{"--bogus-flag", "x"}, "--bogus-flag"},
             {{"--max-os-tries", "99", "x"}, "must be between 1 and 50"},
             {{"--min-rate", "-3", "x"}, "--min-rate"},
             {{"--min-rate", "200", "--max-rate", "100", "x"}, "--min-rate may not be greater"},
             {{"-O", "-sn", "x"}, "OS Scan is unreliable without a port scan"},
             {{"-F", "-p", "22", "x"}, "-F"},
             {{"--scan-delay", "soon", "x"}, "--scan-delay"},
             // Numbers that once overflowed into "no limit" (issue 15).
             {{"--scan-delay", "1e16", "x"}, "too long"},
             {{"--host-timeout", "1e300", "x"}, "too long"},
             {{"--stats-every", "1e300", "x"}, "too long"},
             {{"--max-rate", "1e-10", "x"}, "between"},
             {{"--max-rate", "1e-300", "x"}, "between"},
             {{"--min-rate", "nan", "x"}, "positive number"},
             {{"--max-rate", "inf", "x"}, "positive number"},
             {{"-p"}, "requires an argument"},
         }) {
        auto r = parse(c.args);
        ASSERT_FALSE(r) << c.args[0];
        EXPECT_EQ(r.error().code, Errc::usage) << c.args[0];
        EXPECT_NE(r.error().message.find(c.needle), std::string::npos) << r.error().message;
    }
}

// Every Nmap option whorl does not do is refused the same way: a usage error that names
// the option as typed (not "unrecognized", not ignored).
TEST(ScanOptions, NmapOptionsWhorlRefusesNameThemselves) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"-sU", "x"}, {"-sV", "x"}, {"-sT", "x"}, {"-A", "x"}, {"--script", "default", "x"},
          {"--script=vuln", "x"}, {"--traceroute", "x"}, {"-iR", "10"}, {"-D", "RND:5", "x"}, {"-PS22", "x"},
          {"--version-all", "x"}, {"-f", "x"}}) {
        auto r = parse(args);
        ASSERT_FALSE(r) << args[0];
        EXPECT_EQ(r.error().code, Errc::usage) << args[0];
        EXPECT_EQ(r.error().message.rfind("option '" + args[0] + "' is not supported by whorl (", 0), 0u)
            << r.error().message;
    }
}

// Nmap reads options with getopt_long_only: a unique prefix of a long option is that option.
TEST(ScanOptions, UniquePrefixesOfLongOptions) {
    auto cl = parse({"--osscan-g", "--max-os=2", "-top-p", "10", "x"});
    ASSERT_TRUE(cl) << cl.error().describe();
    EXPECT_TRUE(cl->config.osscan_guess);
    EXPECT_EQ(cl->config.max_os_tries, 2);
    EXPECT_EQ(cl->config.top_ports, 10);
    auto ambiguous = parse({"--max-r", "5", "x"});  // max-retries, max-rate, max-rtt-timeout
    ASSERT_FALSE(ambiguous);
    EXPECT_EQ(ambiguous.error().code, Errc::usage);
    EXPECT_NE(ambiguous.error().message.find("'--max-r' is ambiguous"), std::string::npos);
}

TEST(ScanOptions, HelpIsGeneratedFromTheTable) {
    auto help = scan_help_text();
    EXPECT_NE(help.find("OS DETECTION"), std::string::npos);
    EXPECT_NE(help.find("-Pn"), std::string::npos);
    EXPECT_NE(help.find("--max-os-tries <tries>"), std::string::npos);
    EXPECT_EQ(help.find("--vv"), std::string::npos);
}

}  // namespace
}  // namespace whorl::cli
