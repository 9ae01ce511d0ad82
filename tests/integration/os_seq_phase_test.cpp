// The SEQ phase is left alone (issue 15): while the six SEQ probes are out, no other OS probe
// is retransmitted, so no answer to one can fall between two SEQ answers and disturb TI and
// SS (a host that answers T4-T7 with ICMP errors from one IP ID counter did, before). Seen
// in --packet-trace against a Linux host, which never answers T2 and T3: their
// retransmissions come after SEQ6, not between SEQ1 and SEQ6.
#include <sstream>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "support/lab_scans.hpp"
#include "support/root.hpp"
#include "support/whorl_binary.hpp"

namespace whorl {
namespace {


TEST(OsSeqPhase, NoRetransmissionBetweenTheSeqProbes) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto r = l->run_in_scanner(
        {test::kWhorlBinary, "-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1", "--packet-trace", lab::Lab::host_v4(0).to_string()});
    ASSERT_TRUE(r) << r.error().describe();
    ASSERT_EQ(r->exit_status, 0) << r->err;
    std::vector<std::string> sent;
    std::istringstream lines(r->out);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("SENT ", 0) == 0) sent.push_back(line);
    // SEQ1 is the SYN to the open port with window 1, SEQ6 the one with window 512.
    auto is_seq = [](const std::string& s, const char* win) {
        return s.find(":22 S ttl=") != std::string::npos && s.find(std::string(" win=") + win + " ") != std::string::npos;
    };
    std::size_t first = sent.size(), last = sent.size();
    for (std::size_t i = 0; i < sent.size(); ++i) {
        if (first == sent.size() && is_seq(sent[i], "1")) first = i;
        if (is_seq(sent[i], "512")) last = i;
    }
    ASSERT_LT(first, sent.size()) << r->out;
    ASSERT_LT(last, sent.size()) << r->out;
    ASSERT_EQ(last - first, 5u) << "something else was sent between SEQ1 and SEQ6:\n" << r->out;
    for (const char* win : {"63", "4", "16"}) {
        bool seen = false;
        for (std::size_t i = first; i <= last; ++i) seen = seen || is_seq(sent[i], win);
        EXPECT_TRUE(seen) << win;
    }
}

}  // namespace
}  // namespace whorl
