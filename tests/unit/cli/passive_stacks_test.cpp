// Every stack of the lab, from its own packets: the SYN+ACK each sent curl
// (tests/fixtures/pcap/stacks/, tools/stacks/capture-synacks.sh) through `whorl passive
// --json`: the server's fused verdict names that stack (or its family, for the Linux
// kernels and Android), and none is wrong at 80 % or more.
#include <gtest/gtest.h>

#include <regex>

#include "passive_test_support.hpp"
#include "support/fixtures.hpp"

namespace whorl::cli {
namespace {

struct StackCase {
    const char* stack;
    const char* server;  // the stack's address in its capture
    const char* name;    // the verdict's "name" (the family for the kernels)
};

TEST(PassiveStacks, EachLabStackIsNamedByItsOwnSynAck) {
    const StackCase cases[] = {
        {"gvisor-netstack", "198.51.100.2", "gVisor"},     {"libslirp-slirp4netns", "198.51.100.2", "QEMU"},
        {"lwip", "198.51.100.2", "lwIP"},                  {"ns3", "198.51.100.2", "ns-3"},
        {"passt-pasta", "198.51.100.2", "passt"},          {"linux-6.18-debian", "198.51.100.2", "Linux"},
        {"linux-6.18-ubuntu2404", "198.51.100.2", "Linux"}, {"linux-6.18-rhel9", "198.51.100.2", "Linux"},
        {"linux-6.18-alpine", "198.51.100.2", "Linux"},    {"linux-6.18-android", "198.51.100.2", "Android"},
        {"linux-6.1-debian12-qemu-tcg", "198.51.100.3", "Linux"}, {"linux-6.1-debian12-uml", "198.51.100.4", "Linux"},
    };
    const std::regex verdict(R"re("verdict":\{"family":"([a-z_]+)","name":"([^"]*)","flavor":[^,]*,"confidence":([0-9.]+))re");
    for (const auto& c : cases) {
        auto run = test::run_passive_utc(
            {"-r", ::whorl::test::fixture_path(std::string("pcap/stacks/") + c.stack + ".pcap"), "--json", "-", "-q"});
        ASSERT_TRUE(run.status) << c.stack << ": " << run.status.error().describe();
        std::string host;
        for (const auto& line : test::lines(run.out))
            if (line.starts_with("{\"type\":\"host\",\"ip\":\"" + std::string(c.server) + "\"")) host = line;
        ASSERT_FALSE(host.empty()) << c.stack << "\n" << run.out;
        std::smatch m;
        ASSERT_TRUE(std::regex_search(host, m, verdict)) << c.stack << "\n" << host;
        EXPECT_EQ(m[2].str(), c.name) << c.stack << "\n" << host;
        // Right, or not stated at 80 % or more.
        if (m[2].str() != c.name) {
            EXPECT_LT(std::stod(m[3].str()), 0.8) << c.stack;
        }
    }
}

}  // namespace
}  // namespace whorl::cli
