// --resume FILE (issue 16) and the options of the target order: an interrupted run's -oN or
// -oG file gives its arguments and the hosts it reported; --shard, --seed and
// --randomize-hosts land in ScanConfig, and bad values are usage errors naming them.
#include "cli/scan_resume.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "cli/scan_options.hpp"
#include "support/external_tools.hpp"

namespace whorl::cli {
namespace {

Result<ResumeLog> read(const std::string& text) {
    std::istringstream in(text);
    return read_resume_log(in, kResumeTail);
}

std::vector<std::string> texts(const std::vector<IpAddress>& v) {
    std::vector<std::string> out;
    for (const auto& a : v) out.push_back(a.to_string());
    return out;
}

const char* kInterruptedNormal =
    "# whorl 0.1 scan initiated Mon Jan  6 10:00:00 2025 as: whorl -Pn -p 22 -oN scan.nmap --seed 7 --shard 2/3 "
    "198.51.100.2-33\n"
    "whorl scan report for 198.51.100.9\n"
    "Host is up (0.00010s latency).\n"
    "\n"
    "PORT   STATE SERVICE\n"
    "22/tcp open  ssh\n"
    "\n"
    "whorl scan report for lab-host (198.51.100.4)\n"
    "Host is up.\n"
    "whorl scan report for 198.51.100.30 [host down, received no-response]\n"
    "WARNING: Scan interrupted (caught SIGINT signal, cleaning up); the results above are incomplete.\n"
    "# whorl done at Mon Jan  6 10:00:09 2025 -- 3 IP addresses (2 hosts up) scanned in 9.00 seconds\n";

TEST(ScanResume, NormalOutputGivesTheArgumentsAndTheHostsReported) {
    auto log = read(kInterruptedNormal);
    ASSERT_TRUE(log) << log.error().describe();
    EXPECT_EQ(log->args, (std::vector<std::string>{"-Pn", "-p", "22", "-oN", "scan.nmap", "--seed", "7", "--shard", "2/3",
                                                   "198.51.100.2-33"}));
    ASSERT_TRUE(log->last);
    EXPECT_EQ(log->last->to_string(), "198.51.100.30");
    EXPECT_EQ(texts(log->reported), (std::vector<std::string>{"198.51.100.9", "198.51.100.4", "198.51.100.30"}));
    EXPECT_FALSE(log->finished);
}

// A second run appended to the file (a first --resume, itself interrupted): the first run's
// arguments, every run's hosts; -oG's two lines per host count once; IPv6 addresses.
TEST(ScanResume, GrepableOutputAndRunsAppendedToIt) {
    auto log = read(
        "# whorl 0.1 scan initiated Mon Jan  6 10:00:00 2025 as: whorl -6 -Pn -oG scan.gnmap 2001:db8::/120\n"
        "Host: 2001:db8::5 ()\tStatus: Up\n"
        "Host: 2001:db8::5 ()\tPorts: 22/open/tcp//ssh///\n"
        "# Scan interrupted (caught SIGINT signal, cleaning up); the results above are incomplete.\n"
        "# whorl done at Mon Jan  6 10:00:09 2025 -- 1 IP address (1 host up) scanned in 9.00 seconds\n"
        "# whorl 0.1 scan initiated Mon Jan  6 11:00:00 2025 as: whorl --append-output -6 -Pn -oG scan.gnmap "
        "2001:db8::/120\n"
        "Host: 2001:db8::a7 (h.example)\tStatus: Up\n"
        "Host: 2001:db8::a7 (h.example)\tStatus: Timeout\n"
        "Host: 2001:db8::1 ()\tStatus: Up\n"
        "Host: 2001:db8::2 ()\tStat");  // killed while writing: not a host
    ASSERT_TRUE(log) << log.error().describe();
    EXPECT_EQ(log->args, (std::vector<std::string>{"-6", "-Pn", "-oG", "scan.gnmap", "2001:db8::/120"}));
    EXPECT_EQ(texts(log->reported), (std::vector<std::string>{"2001:db8::5", "2001:db8::a7", "2001:db8::1"}));
    EXPECT_FALSE(log->finished);
}

TEST(ScanResume, AFinishedScanAndFilesThatAreNotWhorlsOutput) {
    auto done = read(
        "# whorl 0.1 scan initiated Mon Jan  6 10:00:00 2025 as: whorl -Pn 198.51.100.2\n"
        "whorl scan report for 198.51.100.2\n"
        "# whorl done at Mon Jan  6 10:00:09 2025 -- 1 IP address (1 host up) scanned in 9.00 seconds\n");
    ASSERT_TRUE(done);
    EXPECT_TRUE(done->finished);
    auto none = read("# whorl 0.1 scan initiated Mon Jan  6 10:00:00 2025 as: whorl -Pn 198.51.100.2\n");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->last);
    for (const char* bad : {"", "hello\n", "<?xml version=\"1.0\"?>\n<nmaprun>\n",
                            "# Nmap 7.93 scan initiated Mon Jan  6 10:00:00 2025 as: nmap -O 198.51.100.2\n"}) {
        auto r = read(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, Errc::usage);
        EXPECT_NE(r.error().message.find("-oN"), std::string::npos) << r.error().message;
    }
}

TEST(ScanResume, ResumeReadsTheRunsOptionsAndAppends) {
    report::test::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string file = dir.write("scan.nmap", kInterruptedNormal);
    for (const auto& args : {std::vector<std::string>{"--resume", file}, {"--resume=" + file}}) {
        auto cl = parse_scan_command_line(args);
        ASSERT_TRUE(cl) << cl.error().describe();
        const auto& c = cl->config;
        EXPECT_TRUE(c.output.append);
        EXPECT_EQ(c.output.normal, "scan.nmap");
        EXPECT_EQ(c.seed, 7u);
        EXPECT_EQ(c.shard, (scan::walk::Shard{2, 3}));
        EXPECT_EQ(c.targets, std::vector<std::string>{"198.51.100.2-33"});
        ASSERT_TRUE(c.resume && c.resume->last);
        EXPECT_EQ(c.resume->last->to_string(), "198.51.100.30");
        EXPECT_EQ(c.resume->reported.size(), 3u);
        EXPECT_EQ(c.command_line, "whorl --append-output -Pn -p 22 -oN scan.nmap --seed 7 --shard 2/3 198.51.100.2-33");
    }
}

TEST(ScanResume, ResumeErrorsNameTheFile) {
    report::test::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    auto missing = parse_scan_command_line(std::vector<std::string>{"--resume", dir.path() + "/none.nmap"});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    EXPECT_EQ(missing.error().describe(), "--resume: " + dir.path() + "/none.nmap: No such file or directory");
    auto directory = parse_scan_command_line(std::vector<std::string>{"--resume", dir.path()});
    ASSERT_FALSE(directory);
    EXPECT_NE(directory.error().describe().find("is a directory"), std::string::npos);
    const std::string file = dir.write("scan.nmap", kInterruptedNormal);
    auto with_more = parse_scan_command_line(std::vector<std::string>{"--resume", file, "-v"});
    ASSERT_FALSE(with_more);
    EXPECT_EQ(with_more.error().code, Errc::usage);
    EXPECT_NE(with_more.error().message.find("--resume takes no other options"), std::string::npos);
    const std::string finished = dir.write(
        "done.nmap",
        "# whorl 0.1 scan initiated Mon Jan  6 10:00:00 2025 as: whorl -Pn 198.51.100.2\n"
        "# whorl done at Mon Jan  6 10:00:09 2025 -- 1 IP address (1 host up) scanned in 9.00 seconds\n");
    auto over = parse_scan_command_line(std::vector<std::string>{"--resume", finished});
    ASSERT_FALSE(over);
    EXPECT_NE(over.error().message.find("nothing to resume"), std::string::npos);
}

TEST(ScanOrderOptions, ShardSeedAndRandomizeHosts) {
    auto cl = parse_scan_command_line(std::vector<std::string>{"--shard", "3/8", "--seed", "18446744073709551615", "x"});
    ASSERT_TRUE(cl) << cl.error().describe();
    EXPECT_EQ(cl->config.shard, (scan::walk::Shard{3, 8}));
    EXPECT_EQ(cl->config.seed, ~std::uint64_t{0});
    EXPECT_FALSE(cl->config.randomize_hosts);
    EXPECT_TRUE(parse_scan_command_line(std::vector<std::string>{"--randomize-hosts", "x"})->config.randomize_hosts);
    EXPECT_TRUE(parse_scan_command_line(std::vector<std::string>{"-rH", "x"})->config.randomize_hosts);
    // -r keeps its Nmap meaning: the ports in order; the hosts' order is untouched.
    auto r = parse_scan_command_line(std::vector<std::string>{"-r", "x"});
    EXPECT_TRUE(r->config.sequential_ports);
    EXPECT_FALSE(r->config.randomize_hosts);
    struct Case {
        std::vector<std::string> args;
        std::string needle;
    };
    for (const auto& c : std::vector<Case>{{{"--shard", "0/4", "--seed", "1", "x"}, "--shard takes K/N"},
                                           {{"--shard", "5/4", "--seed", "1", "x"}, "not '5/4'"},
                                           {{"--shard", "x", "--seed", "1", "x"}, "not 'x'"},
                                           {{"--shard", "1/4", "x"}, "--shard needs --seed"},
                                           {{"--seed", "-1", "x"}, "--seed takes a number"},
                                           {{"--seed", "18446744073709551616", "x"}, "--seed takes a number"}}) {
        auto bad = parse_scan_command_line(c.args);
        ASSERT_FALSE(bad) << c.args[1];
        EXPECT_EQ(bad.error().code, Errc::usage);
        EXPECT_NE(bad.error().message.find(c.needle), std::string::npos) << bad.error().message;
    }
}

}  // namespace
}  // namespace whorl::cli
