// Nmap 7.93's ignored-state rules (PortList::isIgnoredState, nextIgnoredState) and the
// reason groups behind "Not shown" and <extraports>.
#include "report/port_summary.hpp"

#include <gtest/gtest.h>

namespace whorl::report {
namespace {

using scan::PortState;
using scan::Protocol;
using scan::Reason;

struct PortsBuilder {
    HostReport host;
    std::uint16_t next = 1;

    PortsBuilder& add(int n, PortState st, Reason r, Protocol proto = Protocol::tcp) {
        for (int i = 0; i < n; ++i) {
            PortEntry p;
            p.port = next++;
            p.protocol = proto;
            p.state = st;
            p.reason = r;
            p.service = "unknown";
            host.ports.push_back(p);
        }
        return *this;
    }
};

std::vector<PortState> ignored_states(const PortSummary& s) {
    std::vector<PortState> out;
    for (const auto& i : s.ignored) out.push_back(i.state);
    return out;
}

TEST(IgnoredStateLimit, TwentyFiveRaisedByVerbosityAndDebugging) {
    OutputOptions o;
    EXPECT_EQ(ignored_state_limit(o), 25);
    o.verbose = 1;
    EXPECT_EQ(ignored_state_limit(o), 50);
    o.verbose = 2;
    EXPECT_EQ(ignored_state_limit(o), 75);
    o.verbose = 0;
    o.debugging = 1;
    EXPECT_EQ(ignored_state_limit(o), 25 * 21);
    o.verbose = 1;
    o.debugging = 2;
    EXPECT_EQ(ignored_state_limit(o), 25 * 42);
}

TEST(SummarizePorts, AStateIsIgnoredAboveTheLimitOnly) {
    PortsBuilder b;
    b.add(1, PortState::open, Reason::syn_ack).add(25, PortState::filtered, Reason::no_response);
    b.add(26, PortState::closed, Reason::reset);
    PortSummary s = summarize_ports(b.host, {});
    ASSERT_EQ(ignored_states(s), std::vector{PortState::closed});
    EXPECT_EQ(s.ignored[0].count, 26);
    EXPECT_EQ(s.shown.size(), 26u);  // the open port and the 25 filtered ones
    EXPECT_FALSE(s.all_ignored());
}

TEST(SummarizePorts, OpenIsNeverIgnored) {
    PortsBuilder b;
    b.add(1000, PortState::open, Reason::syn_ack);
    PortSummary s = summarize_ports(b.host, {});
    EXPECT_TRUE(s.ignored.empty());
    EXPECT_EQ(s.shown.size(), 1000u);
}

TEST(SummarizePorts, VerbosityShowsMorePortsAndDebug3ShowsAll) {
    PortsBuilder b;
    b.add(1, PortState::open, Reason::syn_ack).add(40, PortState::filtered, Reason::no_response);
    b.add(959, PortState::closed, Reason::reset);
    OutputOptions o;
    EXPECT_EQ(ignored_states(summarize_ports(b.host, o)), (std::vector{PortState::closed, PortState::filtered}));
    o.verbose = 1;  // limit 50
    EXPECT_EQ(ignored_states(summarize_ports(b.host, o)), std::vector{PortState::closed});
    o.verbose = 0;
    o.debugging = 3;
    EXPECT_TRUE(summarize_ports(b.host, o).ignored.empty());
}

TEST(SummarizePorts, OpenOnlyIgnoresEveryStateThatCannotBeOpen) {
    PortsBuilder b;
    b.add(1, PortState::open, Reason::syn_ack).add(1, PortState::closed, Reason::reset);
    b.add(2, PortState::filtered, Reason::no_response).add(3, PortState::open_filtered, Reason::no_response);
    b.add(4, PortState::unfiltered, Reason::reset);
    OutputOptions o;
    o.open_only = true;
    PortSummary s = summarize_ports(b.host, o);
    EXPECT_EQ(ignored_states(s), (std::vector{PortState::filtered, PortState::closed}));
    EXPECT_EQ(s.shown.size(), 1u + 3 + 4);
}

TEST(SummarizePorts, OpenFilteredStaysListedFromThreeV) {
    PortsBuilder b;
    b.add(200, PortState::open_filtered, Reason::no_response);
    OutputOptions o;
    o.verbose = 2;  // limit 75: still ignored
    EXPECT_EQ(ignored_states(summarize_ports(b.host, o)), std::vector{PortState::open_filtered});
    o.verbose = 3;
    EXPECT_TRUE(summarize_ports(b.host, o).ignored.empty());
}

TEST(SummarizePorts, StatesByCountThenNmapsStateOrder) {
    PortsBuilder b;
    b.add(30, PortState::filtered, Reason::no_response).add(30, PortState::closed, Reason::reset);
    b.add(31, PortState::open_filtered, Reason::no_response).add(30, PortState::unfiltered, Reason::reset);
    PortSummary s = summarize_ports(b.host, {});
    EXPECT_EQ(ignored_states(s), (std::vector{PortState::open_filtered, PortState::closed, PortState::filtered,
                                              PortState::unfiltered}));
    EXPECT_TRUE(s.all_ignored());
    EXPECT_EQ(s.total, 121);
}

TEST(SummarizePorts, ReasonGroupsByCountThenFirstAppearance) {
    PortsBuilder b;
    b.add(5, PortState::filtered, Reason::host_unreach).add(30, PortState::filtered, Reason::no_response);
    b.add(5, PortState::filtered, Reason::admin_prohibited).add(5, PortState::filtered, Reason::host_unreach);
    b.add(3, PortState::filtered, Reason::no_response, Protocol::udp);
    PortSummary s = summarize_ports(b.host, {});
    ASSERT_EQ(s.ignored.size(), 1u);
    const auto& groups = s.ignored[0].reasons;
    ASSERT_EQ(groups.size(), 4u);
    EXPECT_EQ(groups[0].reason, Reason::no_response);
    EXPECT_EQ(groups[0].ports.size(), 30u);
    EXPECT_EQ(groups[1].reason, Reason::host_unreach);  // 10 ports, in two runs
    EXPECT_EQ(groups[1].ports.size(), 10u);
    EXPECT_EQ(groups[1].ports.front(), 1);
    EXPECT_EQ(groups[1].ports.back(), 45);
    EXPECT_EQ(groups[2].reason, Reason::admin_prohibited);
    EXPECT_EQ(groups[3].protocol, Protocol::udp);  // same reason, other protocol: its own group
    EXPECT_EQ(s.ignored[0].count, 48);
}

TEST(SummarizePorts, NoPortsNothingToSay) {
    HostReport h;
    PortSummary s = summarize_ports(h, {});
    EXPECT_TRUE(s.ignored.empty());
    EXPECT_TRUE(s.shown.empty());
    EXPECT_FALSE(s.all_ignored());
}

}  // namespace
}  // namespace whorl::report
