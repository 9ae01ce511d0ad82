// Malformed replies are not answers (issue 15): a lab host whose kernel's RSTs are dropped
// and whose SYN/ACKs come from tests/support/hostile_responder.py, one malformation per
// port (an MSS option claiming 40 bytes, a window scale of length 0, a timestamp of length 1,
// a SACK of length 2, data offsets 4 and 15, a timestamp cut by the header end) and one
// well-formed port. Nmap's reader drops the malformed ones, so Nmap calls those ports
// filtered and the control open; whorl must say the same.
#include <chrono>
#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "support/lab_scans.hpp"
#include "support/root.hpp"
#include "support/whorl_binary.hpp"

namespace whorl {
namespace {

const std::string kResponder = std::string(WHORL_SOURCE_DIR) + "/tests/support/hostile_responder.py";

std::string state_of(const std::string& out, int port) {
    std::smatch m;
    std::regex line("\\n" + std::to_string(port) + "/tcp +([a-z|]+) ");
    return std::regex_search(out, m, line) ? m[1].str() : "missing";
}

TEST(HostileReplies, MalformedSynAcksLeaveThePortFiltered) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({});
    ASSERT_TRUE(l);
    auto fw = l->run_in_host(0, {"sh", "-c",
                                    "nft add table inet hostile && "
                                    "nft 'add chain inet hostile out { type filter hook output priority 0 ; }' && "
                                    "nft add rule inet hostile out tcp flags rst drop"});
    ASSERT_TRUE(fw && fw->exit_status == 0) << (fw ? fw->err : fw.error().describe());
    const std::vector<std::pair<int, std::string>> bad = {{21, "mss40"},  {22, "wscale0"}, {24, "ts1"},   {25, "sack2"},
                                                          {26, "offset4"}, {27, "offset15"}, {28, "tscut"}};
    std::string spec, ports = "23";
    for (const auto& [port, kind] : bad) {
        spec += (spec.empty() ? "" : ",") + std::to_string(port) + ":" + kind;
        ports += "," + std::to_string(port);
    }
    ASSERT_TRUE(l->spawn_in_host(0, {"/usr/bin/python3", kResponder, spec, "23"}));
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the responder's socket is open
    const std::string host = lab::Lab::host_v4(0).to_string();
    auto whorl = l->run_in_scanner({test::kWhorlBinary, "-n", "-Pn", "--max-retries", "1", "-p", ports, host});
    ASSERT_TRUE(whorl) << whorl.error().describe();
    ASSERT_EQ(whorl->exit_status, 0) << whorl->err;
    EXPECT_EQ(state_of(whorl->out, 23), "open") << whorl->out;
    for (const auto& [port, kind] : bad) EXPECT_EQ(state_of(whorl->out, port), "filtered") << kind << "\n" << whorl->out;
    auto nmap = l->run_in_scanner({"nmap", "-n", "-Pn", "--max-retries", "1", "-p", ports, host});
    ASSERT_TRUE(nmap) << nmap.error().describe();
    EXPECT_EQ(state_of(nmap->out, 23), "open") << nmap->out;
    for (const auto& [port, kind] : bad) EXPECT_EQ(state_of(nmap->out, port), "filtered") << "nmap, " << kind;
}

}  // namespace
}  // namespace whorl
