// The evidence stage inside the passive pipeline, end to end on
// tests/fixtures/pcap/passive/fusion.pcap (tools/passive_fixtures.py): hosts seen through
// their DHCP requests, SYNs, HTTP requests and pings get one fused verdict each, naming the
// OS with every channel behind it; the fusion of channels is what makes the verdict sure
// (the SYN alone is not), and what names an Android phone whose kernel's SYN says Linux.
// DHCP evidence is filed under the address a REQUEST asks for; --p0f-exact keeps p0f's
// host table (no host from a datagram).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>

#include "passive/host_summary.hpp"
#include "passive/passive_pipeline.hpp"
#include "support/lab_capture.hpp"
#include "support/p0f_fixture.hpp"

namespace whorl::fp::passive {
namespace {

using Role = HostSummary::Reason::Role;

class NullSink final : public ObservationSink {
public:
    void observe(const Observation&) override {}
};

EvidenceStage& stage() {
    static std::unique_ptr<EvidenceStage> s = [] {
        auto r = EvidenceStage::create({}, test::shipped_p0f());
        if (!r) ADD_FAILURE() << r.error().describe();
        return r ? std::move(*r) : nullptr;
    }();
    return *s;
}

using Keep = std::function<bool(const wire::DecodedFrame&)>;

// Hosts by address after the whole capture (frames `keep` accepts only).
std::map<std::string, HostSummary> run(bool p0f_exact, const Keep& keep = [](const auto&) { return true; }) {
    NullSink sink;
    PassiveConfig config;
    config.p0f_exact = p0f_exact;
    PassivePipeline pipeline(test::shipped_p0f(), config, sink, &stage());
    for (const auto& f : test::read_pcap("pcap/passive/fusion.pcap")) {
        if (!keep(wire::decode_frame(wire::LinkType::ethernet, f.data))) continue;
        pipeline.process(wire::LinkType::ethernet, f.time_us, f.data, static_cast<std::uint32_t>(f.data.size()));
    }
    std::map<std::string, HostSummary> out;
    for (auto& h : summarize_hosts(pipeline)) out.emplace(h.addr.to_string(), std::move(h));
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

const HostSummary::Reason* reason(const HostSummary::Verdict& v, const std::string& source) {
    for (const auto& r : v.reasons)
        if (r.source == source) return &r;
    return nullptr;
}

TEST(PassiveFusion, EveryChannelOfAHostAgreesOnOneVerdict) {
    auto hosts = run(false);
    ASSERT_TRUE(hosts.contains("198.51.100.31"));
    const auto& win = hosts["198.51.100.31"];
    ASSERT_TRUE(win.verdict);
    EXPECT_EQ(win.os_name, "Windows");  // p0f's own answer: a generic "Windows NT kernel"
    EXPECT_TRUE(win.os_generic);
    EXPECT_EQ(win.verdict->family, "windows");
    EXPECT_EQ(win.verdict->name, "Windows");
    EXPECT_EQ(win.verdict->flavor, "10 or 11");
    EXPECT_GT(win.verdict->confidence, 0.999);
    EXPECT_EQ(win.verdict->conflict, 0u);
    const auto sources = win.verdict->sources();
    for (const char* s : {"whorl_syn", "p0f_syn", "dhcp", "user_agent", "icmp"}) EXPECT_TRUE(has(sources, s)) << s;
    ASSERT_TRUE(reason(*win.verdict, "dhcp"));
    EXPECT_EQ(reason(*win.verdict, "dhcp")->flavor, "10 or 11");
    EXPECT_NE(reason(*win.verdict, "dhcp")->detail.find("vendor=\"MSFT 5.0\""), std::string::npos);
    ASSERT_TRUE(reason(*win.verdict, "mtu"));
    EXPECT_EQ(reason(*win.verdict, "mtu")->role, Role::context);
    EXPECT_EQ(reason(*win.verdict, "mtu")->reliability, 0.0);
    // The client hint with its platform version names Windows 11 as a second User-Agent
    // observation.
    std::size_t hints = 0;
    for (const auto& r : win.verdict->reasons) hints += r.source == "user_agent" && r.flavor == "11";
    EXPECT_EQ(hints, 1u);

    const auto& lin = hosts["198.51.100.32"];
    ASSERT_TRUE(lin.verdict);
    EXPECT_EQ(lin.verdict->family, "linux");
    EXPECT_GT(lin.verdict->confidence, 0.999);
    for (const char* s : {"whorl_syn", "p0f_syn", "dhcp", "user_agent", "icmp"})
        EXPECT_TRUE(has(lin.verdict->sources(), s)) << s;
    EXPECT_EQ(reason(*lin.verdict, "dhcp")->flavor, "ISC dhclient");
}

TEST(PassiveFusion, AnAndroidPhoneIsNamedThoughItsSynSaysLinux) {
    auto hosts = run(false);
    const auto& phone = hosts["198.51.100.33"];
    EXPECT_EQ(phone.os_name, "Linux");  // p0f
    ASSERT_TRUE(phone.verdict);
    EXPECT_EQ(phone.verdict->family, "android");
    EXPECT_GT(phone.verdict->confidence, 0.99);
    const auto* syn = reason(*phone.verdict, "p0f_syn");
    ASSERT_TRUE(syn);
    EXPECT_EQ(syn->family, "linux");
    EXPECT_EQ(syn->role, Role::support);  // the same kernel: support, not a contradiction
    EXPECT_EQ(reason(*phone.verdict, "dhcp")->flavor, "14");
    EXPECT_EQ(reason(*phone.verdict, "user_agent")->flavor, "14");
}

// What one channel says alone is weaker than the channels together: the fusion adds
// independent channels up. The SYN alone is whorl's and p0f's signatures (and for the
// Windows host mercury's table too, one more opinion on the same channel, discounted).
TEST(PassiveFusion, ChannelsTogetherAreSurerThanTheSynAlone) {
    const auto all = run(false);
    const auto tcp_only = run(false, [](const wire::DecodedFrame& f) { return f.tcp.has_value() && !f.tcp->ack_flag(); });
    for (const char* ip : {"198.51.100.31", "198.51.100.32", "198.51.100.33"}) {
        ASSERT_TRUE(tcp_only.at(ip).verdict) << ip;
        EXPECT_EQ(tcp_only.at(ip).verdict->family, all.at(ip).verdict->family) << ip;
        EXPECT_LT(tcp_only.at(ip).verdict->confidence, 0.97) << ip;
        EXPECT_GT(all.at(ip).verdict->confidence, tcp_only.at(ip).verdict->confidence + 0.03) << ip;
        auto sources = tcp_only.at(ip).verdict->sources();
        std::erase(sources, "mercury_syn");
        EXPECT_EQ(sources, (std::vector<std::string>{"whorl_syn", "p0f_syn"})) << ip;
    }
    EXPECT_FALSE(tcp_only.contains("198.51.100.34"));
}

TEST(PassiveFusion, DhcpRequestsAreFiledUnderTheAddressTheyAskFor) {
    auto hosts = run(false);
    // A Mac seen only in its DHCP REQUEST: a host record of its own, no connection.
    ASSERT_TRUE(hosts.contains("198.51.100.34"));
    const auto& mac = hosts["198.51.100.34"];
    EXPECT_EQ(mac.connections, 0u);
    EXPECT_FALSE(mac.os_name);
    ASSERT_TRUE(mac.verdict);
    EXPECT_EQ(mac.verdict->family, "macos");
    EXPECT_EQ(mac.verdict->sources(), std::vector<std::string>{"dhcp"});
    // The lone DISCOVER names no address; nothing is filed under 0.0.0.0 or the broadcast.
    EXPECT_EQ(hosts.size(), 5u);  // .31-.34 and the server
    for (const char* ip : {"0.0.0.0", "255.255.255.255", "198.51.100.35"}) EXPECT_FALSE(hosts.contains(ip)) << ip;
    // The server only answered: its HTTP application is context, no OS verdict.
    ASSERT_TRUE(hosts["198.51.100.200"].verdict);
    EXPECT_EQ(hosts["198.51.100.200"].verdict->family, "unknown");
    EXPECT_EQ(verdict_text(*hosts["198.51.100.200"].verdict), "");
}

TEST(PassiveFusion, P0fExactKeepsP0fsHostTable) {
    auto hosts = run(true);
    EXPECT_FALSE(hosts.contains("198.51.100.34"));
    EXPECT_EQ(hosts.size(), 4u);
    // Evidence for hosts p0f knows still counts once they are known: the DHCP REQUEST came
    // before .31's first SYN, the HTTP request and the ping after it.
    const auto& win = hosts["198.51.100.31"];
    ASSERT_TRUE(win.verdict);
    EXPECT_EQ(win.verdict->family, "windows");
    EXPECT_FALSE(has(win.verdict->sources(), "dhcp"));
    EXPECT_TRUE(has(win.verdict->sources(), "user_agent"));
    EXPECT_TRUE(has(win.verdict->sources(), "icmp"));
}

}  // namespace
}  // namespace whorl::fp::passive
