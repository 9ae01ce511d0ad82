// The SYN scan's port table against Nmap 7.93's on the same lab hosts: open, closed and
// filtered ports with their reasons, every port filtered, and a range of hosts at once.
#include <map>
#include <regex>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "support/lab_scans.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

// port -> "state/reason" for every port Nmap lists in XML, plus "extra" -> "state count".
using PortTable = std::map<std::string, std::string>;

PortTable nmap_ports(const lab::Lab& l, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"nmap", "-n", "-Pn", "-oX", "-"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = l.run_in_scanner(argv, std::chrono::seconds(120));
    EXPECT_TRUE(r && r->exit_status == 0);
    PortTable t;
    if (!r) return t;
    std::string xml = r->out;
    std::smatch m;
    std::regex port(R"re(<address addr="([^"]+)" addrtype="ipv4"/>|<port protocol="tcp" portid="(\d+)"><state state="([^"]+)" reason="([^"]+)")re");
    std::regex extra(R"re(<extraports state="([^"]+)" count="(\d+)")re");
    std::string host;
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), port); it != std::sregex_iterator(); ++it) {
        if ((*it)[1].matched) host = (*it)[1];
        else t[host + ":" + (*it)[2].str()] = (*it)[3].str() + "/" + (*it)[4].str();
    }
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), extra); it != std::sregex_iterator(); ++it) {
        auto& e = t["extra:" + (*it)[1].str()];
        e = std::to_string((e.empty() ? 0 : std::stoi(e)) + std::stoi((*it)[2].str()));
    }
    return t;
}

PortTable whorl_ports(const lab::Lab& l, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"-n", "-Pn"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto report = test::scan_in_lab(l, argv);
    PortTable t;
    if (!report) return t;
    for (const auto& h : report->hosts) {
        std::map<scan::PortState, int> counts;
        for (const auto& p : h.ports) ++counts[p.state];
        for (const auto& p : h.ports) {
            // Nmap lists a state's ports unless there are more than 25 of them.
            if (counts[p.state] > 25) continue;
            t[h.address.to_string() + ":" + std::to_string(p.port)] =
                std::string(scan::port_state_name(p.state)) + "/" + std::string(scan::reason_name(p.reason));
        }
        for (auto [state, n] : counts)
            if (n > 25) {
                auto& e = t["extra:" + std::string(scan::port_state_name(state))];
                e = std::to_string((e.empty() ? 0 : std::stoi(e)) + n);
            }
    }
    return t;
}

TEST(PortsVsNmap, OpenClosedAndFilteredPorts) {
    WHORL_REQUIRE_ROOT();
    lab::HostSpec h;
    h.open_tcp = {22, 80, 443};
    h.filtered_tcp = {25, 139, 445};
    auto l = lab::Lab::create({{h}});
    ASSERT_TRUE(l) << l.error().describe();
    std::vector<std::string> args{lab::Lab::host_v4(0).to_string()};
    EXPECT_EQ(whorl_ports(**l, args), nmap_ports(**l, args));
}

TEST(PortsVsNmap, EveryPortFiltered) {
    WHORL_REQUIRE_ROOT();
    lab::HostSpec h;
    h.filter_all_tcp = true;
    auto l = lab::Lab::create({{h}});
    ASSERT_TRUE(l) << l.error().describe();
    std::vector<std::string> args{"-F", lab::Lab::host_v4(0).to_string()};
    auto w = whorl_ports(**l, args);
    EXPECT_EQ(w, nmap_ports(**l, args));
    EXPECT_EQ(w["extra:filtered"], "100");
}

TEST(PortsVsNmap, ManyHostsAndPortRanges) {
    WHORL_REQUIRE_ROOT();
    lab::HostSpec h;
    h.open_tcp = {22};
    h.filtered_tcp = {23};
    lab::LabSpec spec;
    spec.hosts.assign(4, h);
    spec.hosts[2].open_tcp = {22, 8080};
    auto l = lab::Lab::create(spec);
    ASSERT_TRUE(l) << l.error().describe();
    std::vector<std::string> args{"-p", "20-30,8000-8100", "198.51.100.2-5"};
    EXPECT_EQ(whorl_ports(**l, args), nmap_ports(**l, args));
}

}  // namespace
}  // namespace whorl

namespace whorl {
namespace {

// The destination ports of the SYN probes a --packet-trace shows, in the order sent.
std::vector<int> syn_order(const std::string& trace) {
    std::vector<int> out;
    std::regex sent(R"re(SENT \([0-9.]+s\) TCP [0-9.]+:\d+ > [0-9.]+:(\d+) S )re");
    for (auto it = std::sregex_iterator(trace.begin(), trace.end(), sent); it != std::sregex_iterator(); ++it)
        out.push_back(std::stoi((*it)[1].str()));
    return out;
}

// -r: the ports go out in ascending order, as Nmap's do; without it, shuffled.
TEST(PortsVsNmap, InOrderPortsWithR) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    const std::string host = lab::Lab::host_v4(0).to_string();
    const std::string whorl = std::string(WHORL_BINARY_DIR) + "/whorl";
    std::vector<int> want;
    for (int p = 20; p <= 40; ++p) want.push_back(p);
    for (const std::string& binary : {std::string("nmap"), whorl}) {
        auto r = l->run_in_scanner({binary, "-n", "-Pn", "-r", "--max-retries", "0", "--packet-trace", "-p", "20-40", host},
                                      std::chrono::seconds(60));
        ASSERT_TRUE(r && r->exit_status == 0) << binary;
        EXPECT_EQ(syn_order(r->out), want) << binary << "\n" << r->out;
    }
    auto r = l->run_in_scanner({whorl, "-n", "-Pn", "--max-retries", "0", "--packet-trace", "-p", "20-40", host});
    ASSERT_TRUE(r && r->exit_status == 0);
    auto order = syn_order(r->out);
    EXPECT_EQ(order.size(), want.size()) << r->out;
    EXPECT_NE(order, want);
}

}  // namespace
}  // namespace whorl
