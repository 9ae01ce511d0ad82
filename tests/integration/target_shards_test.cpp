// Shards and --resume on lab hosts (issue 16), through the whorl binary: three machines'
// shards of six lab hosts scan each host once; a shard interrupted with Ctrl-C and resumed
// from its -oG file scans the rest of its share and nothing twice; a resume file made by
// hand (one host reported) goes on with the others. Only lab addresses are probed.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "support/fixtures.hpp"
#include "support/external_tools.hpp"
#include "support/root.hpp"
#include "support/whorl_binary.hpp"

namespace whorl {
namespace {

constexpr std::size_t kHosts = 6;

// The hosts of an -oG file in the order reported ("Status: Up" lines).
std::vector<std::string> hosts_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("Host: ") && line.find("\tStatus: Up") != std::string::npos)
            out.push_back(line.substr(6, line.find(' ', 6) - 6));
    return out;
}

std::unique_ptr<lab::Lab> six_host_lab() {
    lab::HostSpec h;
    h.open_tcp = {22};
    auto l = lab::Lab::create({std::vector<lab::HostSpec>(kHosts, h)});
    if (!l) {
        ADD_FAILURE() << l.error().describe();
        return nullptr;
    }
    return std::move(*l);
}

std::string lab_range() {
    return lab::Lab::host_v4(0).to_string() + "-" + std::to_string(2 + kHosts - 1);  // 198.51.100.2-7
}

std::vector<std::string> all_lab_hosts() {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < kHosts; ++i) out.push_back(lab::Lab::host_v4(i).to_string());
    return out;
}

class TargetShards : public ::testing::Test {
protected:
    void SetUp() override {
        WHORL_REQUIRE_ROOT();
        lab_ = six_host_lab();
        ASSERT_TRUE(lab_);
        ASSERT_FALSE(dir_.path().empty());
    }
    // whorl -n -Pn -p 22 ARGS -oG FILE on the lab's hosts; the hosts FILE reports.
    std::vector<std::string> scan(std::vector<std::string> args, const std::string& file) {
        std::vector<std::string> argv{test::kWhorlBinary, "-n", "-Pn", "-p", "22", "--max-retries", "0"};
        argv.insert(argv.end(), args.begin(), args.end());
        for (const char* a : {"-oG", file.c_str()}) argv.emplace_back(a);
        argv.push_back(lab_range());
        auto r = lab_->run_in_scanner(argv);
        EXPECT_TRUE(r && r->exit_status == 0) << (r ? r->err : r.error().describe());
        return hosts_of(::whorl::test::file_text(file));
    }
    std::unique_ptr<lab::Lab> lab_;
    report::test::ScratchDir dir_;
};

TEST_F(TargetShards, ThreeMachinesShardsScanEveryLabHostOnce) {
    std::vector<std::string> joined;
    for (int k = 1; k <= 3; ++k) {
        auto part = scan({"--seed", "16", "--shard", std::to_string(k) + "/3"}, dir_.path() + "/part" + std::to_string(k));
        EXPECT_EQ(part.size(), kHosts / 3) << k;
        joined.insert(joined.end(), part.begin(), part.end());
    }
    std::sort(joined.begin(), joined.end());
    auto want = all_lab_hosts();
    std::sort(want.begin(), want.end());
    EXPECT_EQ(joined, want);
    // The same seed, the same order; without one, the order given.
    EXPECT_EQ(scan({"--seed", "16", "--shard", "2/3"}, dir_.path() + "/again"), hosts_of(::whorl::test::file_text(dir_.path() + "/part2")));
    EXPECT_EQ(scan({}, dir_.path() + "/given"), all_lab_hosts());
}

// A resume file as an interrupted run leaves it: its header, one host, the interrupted
// footer. The resumed run appends the others of the share, in the same order.
TEST_F(TargetShards, AResumeFileGoesOnAfterItsHosts) {
    const std::string full = dir_.path() + "/full.gnmap";
    auto share = scan({"--seed", "5", "--shard", "1/2"}, full);
    ASSERT_EQ(share.size(), kHosts / 2);
    std::istringstream in(::whorl::test::file_text(full));
    std::string header;
    std::getline(in, header);
    const std::string cut = dir_.path() + "/cut.gnmap";
    {
        std::ofstream out(cut);
        out << header << "\n"
            << "Host: " << share[0] << " ()\tStatus: Up\n"
            << "Host: " << share[0] << " ()\tPorts: 22/open/tcp//ssh///\n"
            << "# Scan interrupted (caught SIGINT signal, cleaning up); the results above are incomplete.\n"
            << "# whorl done at Mon Jan  6 10:00:09 2025 -- 1 IP address (1 host up) scanned in 1.00 seconds\n";
    }
    // The header names -oG full.gnmap: the resumed run appends there, as Nmap's would.
    const std::size_t before = share.size();
    auto r = lab_->run_in_scanner({test::kWhorlBinary, "--resume", cut});
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->exit_status, 0) << r->err;
    auto after = hosts_of(::whorl::test::file_text(full));
    ASSERT_EQ(after.size(), before + share.size() - 1) << ::whorl::test::file_text(full);
    EXPECT_EQ(std::vector<std::string>(after.begin() + static_cast<long>(before), after.end()),
              std::vector<std::string>(share.begin() + 1, share.end()));
    EXPECT_NE(::whorl::test::file_text(full).find("as: whorl --append-output -n -Pn"), std::string::npos) << ::whorl::test::file_text(full);
}

// Ctrl-C while a shard scans its second host (one host at a time, slowly): the -oG file
// holds the first one whole and not the second; --resume scans the rest of the share.
TEST_F(TargetShards, AnInterruptedShardResumesWithTheRestOfItsShare) {
    const std::string file = dir_.path() + "/shard.gnmap";
    auto r = lab_->run_in_scanner(
        {"sh", "-c",
         "\"$0\" -n -Pn -p 1-40 --max-retries 0 --scan-delay 50ms --max-hostgroup 1 --seed 9 --shard 2/2 -oG \"$1\" "
         "\"$2\" > /dev/null 2>&1 & p=$!; "
         "for i in $(seq 200); do grep -q 'Status: Up' \"$1\" 2>/dev/null && break; sleep 0.05; done; "
         "sleep 0.5; kill -INT $p; wait $p; echo status $?",
         test::kWhorlBinary, file, lab_range()},
        std::chrono::seconds(120));
    ASSERT_TRUE(r) << r.error().describe();
    ASSERT_NE(r->out.find("status 130"), std::string::npos) << r->out << r->err;
    auto first = hosts_of(::whorl::test::file_text(file));
    ASSERT_GE(first.size(), 1u) << ::whorl::test::file_text(file);
    ASSERT_LT(first.size(), kHosts / 2) << ::whorl::test::file_text(file);
    EXPECT_NE(::whorl::test::file_text(file).find("# Scan interrupted"), std::string::npos) << ::whorl::test::file_text(file);
    auto resumed = lab_->run_in_scanner({test::kWhorlBinary, "--resume", file}, std::chrono::seconds(120));
    ASSERT_TRUE(resumed) << resumed.error().describe();
    EXPECT_EQ(resumed->exit_status, 0) << resumed->err;
    auto all = hosts_of(::whorl::test::file_text(file));
    // The share, each host once: compared with a run of the same shard in one go.
    auto whole = scan({"--seed", "9", "--shard", "2/2"}, dir_.path() + "/whole.gnmap");
    EXPECT_EQ(all, whole) << ::whorl::test::file_text(file);
}

}  // namespace
}  // namespace whorl
