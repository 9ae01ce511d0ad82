// IPv6 OS detection against this machine's kernel in a lab namespace (2001:db8::2):
// `whorl -6 -Pn -O` sends Nmap's IPv6 probes, prints Nmap's IPv6 fingerprint and
// "No OS matches" (Nmap's model is not an installed file whorl could read), never a guess
// from the IPv4 database, and names the OS in its own verdict from the TCP answers. Nmap
// 7.93's IPv6 print of the same host agrees with whorl's on every deterministic field,
// under each lab persona that changes what the host sends over IPv6.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "base/hex.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "report/normal_output.hpp"
#include "support/external_tools.hpp"
#include "support/lab_scans.hpp"
#include "support/os_compare.hpp"
#include "support/root.hpp"
#include "support/whorl_binary.hpp"
#include "wire/frame.hpp"
#include "wire/tcp_options.hpp"

namespace whorl {
namespace {

const std::vector<std::string> kScan = {"-6", "-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1"};

// What an answer shows whatever the run: lengths, the protocol chain, hop limit and
// traffic class; TCP flags, window, urgent pointer and option layout; ICMPv6 type and code.
// Not: the flow label, ports we drew, sequence numbers, timestamps, checksums.
std::string deterministic_fields(const std::string& p_hex) {
    std::string hex = p_hex;
    for (auto& c : hex)
        if (c == 'X') c = '0';
    auto bytes = parse_hex(hex);
    if (!bytes) return "not hex";
    wire::DecodedFrame f;
    wire::decode_network(0, *bytes, 0, f);
    if (!f.ipv6) return "not IPv6";
    std::string s = fmt::format("len={} tc={} hlim={} proto={}", f.ipv6->payload_length(), f.ipv6->traffic_class(),
                                f.ipv6->hop_limit(), f.transport_protocol);
    if (f.tcp) {
        s += fmt::format(" flags={:02x} win={} urg={} opts=", f.tcp->flags_byte(), f.tcp->window(), f.tcp->urgent_pointer());
        auto opts = wire::TcpOptions::parse(f.tcp->options());
        for (const auto& o : opts.list()) s += fmt::format("{}/{},", o.kind, o.size);
        if (auto mss = opts.mss()) s += fmt::format(" mss={}", *mss);
        if (auto ws = opts.window_scale()) s += fmt::format(" ws={}", *ws);
    }
    if (f.icmp6) s += fmt::format(" icmp6={}/{} quote={}", f.icmp6->type(), f.icmp6->code(), f.icmp6->payload().size());
    return s;
}

std::map<std::string, std::string> answers(const fp::Fingerprint& fp) {
    std::map<std::string, std::string> out;
    for (const ::whorl::fp::Test& t : fp.tests())
        if (const std::string* p = t.find("P")) out[t.name] = deterministic_fields(*p);
    return out;
}

TEST(Os6Lab, ThisKernelOverIpv6IsNamedLinuxAndNeverAnIpv4Guess) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto args = kScan;
    args.push_back(lab::Lab::host_v6(0).to_string());
    auto report = test::scan_in_lab(*l, args);
    ASSERT_TRUE(report);
    ASSERT_EQ(report->hosts.size(), 1u);
    const auto& host = report->hosts[0];
    ASSERT_TRUE(host.os);
    const auto& os = *host.os;
    ASSERT_TRUE(os.fingerprint.scan);
    EXPECT_EQ(os.fingerprint.scan->engine, 6);
    auto got = answers(os.fingerprint);
    for (const char* probe : {"S1", "S2", "S3", "S4", "S5", "S6", "IE1", "IE2", "NS", "U1", "TECN", "T4", "T5", "T6", "T7"})
        EXPECT_TRUE(got.contains(probe)) << probe;
    EXPECT_FALSE(got.contains("T2"));  // Linux drops a bare-flags segment to an open port
    const ::whorl::fp::Test* extra = os.fingerprint.find("EXTRA");
    ASSERT_NE(extra, nullptr);
    EXPECT_EQ(*extra->find("FL"), "12345");
    std::string text = report::normal_host(host, {});
    EXPECT_NE(text.find("No OS matches for host (If you know what OS is running on it, see https://nmap.org/submit/ ).\n"
                        "TCP/IP fingerprint:\nOS:SCAN(V="),
              std::string::npos)
        << text;
    for (const char* ipv4_guess : {"Aggressive OS guesses", "Running", "OS details", "Device type"})
        EXPECT_EQ(text.find(ipv4_guess), std::string::npos) << text;
    // The verdict names what the IPv4 verdict names for this kernel (OsVerdictLab).
    ASSERT_TRUE(os.verdict);
    ASSERT_FALSE(os.verdict->abstained) << os.verdict->text();
    EXPECT_EQ(os.verdict->classes.front().family, "Linux") << os.verdict->text();
    EXPECT_EQ(os.verdict->classes.front().generation.value_or("none"), "6.X") << os.verdict->text();
    EXPECT_NE(text.find("OS verdict: Linux 6.X (general purpose), "), std::string::npos) << text;
}

// Nmap's IPv6 OS scan is known to run for days on some networks (nmap#3219). A host that
// drops every ICMPv6 probe and sends no ICMPv6 error: each unanswered probe is given up
// after --max-os-tries retransmissions, the scan ends within seconds, the print lacks
// IE1, IE2 and U1 and the TCP answers still name the OS.
TEST(Os6Lab, AHostThatDropsEveryIcmpv6ProbeEndsInSeconds) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto nft = l->run_in_host(0, {"sh", "-c",
                                  "nft add table inet w6 && "
                                  "nft add chain inet w6 in '{ type filter hook input priority 0; }' && "
                                  "nft add rule inet w6 in icmpv6 type echo-request drop && "
                                  "nft add chain inet w6 out '{ type filter hook output priority 0; }' && "
                                  "nft add rule inet w6 out icmpv6 type '{ destination-unreachable, parameter-problem }' drop"});
    ASSERT_TRUE(nft && nft->exit_status == 0) << (nft ? nft->err : nft.error().describe());
    auto start = std::chrono::steady_clock::now();
    auto report = test::scan_in_lab(*l, {"-6", "-n", "-Pn", "-O", "-p", "22,81", lab::Lab::host_v6(0).to_string()});
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->hosts.at(0).os);
    const auto& os = *report->hosts[0].os;
    auto got = answers(os.fingerprint);
    for (const char* dropped : {"IE1", "IE2", "U1"}) EXPECT_FALSE(got.contains(dropped)) << dropped;
    EXPECT_TRUE(got.contains("S1") && got.contains("T5"));
    // Five retransmissions 0.5 s apart (the timeout once answers have come) for the probes
    // left unanswered, and the rest of the scan: well under 15 s.
    EXPECT_LT(seconds, 15.0);
    ASSERT_TRUE(os.verdict);
    EXPECT_EQ(os.verdict->classes.empty() ? "" : os.verdict->classes.front().family, "Linux") << os.verdict->text();
}

// Against each lab persona whose IPv6 answers differ (the TCP sysctls and the MTU apply to
// IPv6 too; the TTL personas set the IPv4 TTL alone, so over IPv6 they are "linux").
class Os6VsNmap : public ::testing::TestWithParam<const char*> {};

TEST_P(Os6VsNmap, NmapsIpv6PrintAgreesOnEveryDeterministicField) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22}, GetParam());
    ASSERT_TRUE(l);
    auto args = kScan;
    args.push_back(lab::Lab::host_v6(0).to_string());
    auto report = test::scan_in_lab(*l, args);
    ASSERT_TRUE(report);
    ASSERT_TRUE(report->hosts.at(0).os);
    std::vector<std::string> nmap = {"nmap"};
    nmap.insert(nmap.end(), args.begin(), args.end());
    auto run = l->run_in_scanner(nmap);
    ASSERT_TRUE(run) << run.error().describe();
    auto theirs = fp::Fingerprint::parse(fp::extract_fingerprint_text(run->out));
    ASSERT_TRUE(theirs) << run->out;
    const auto& ours = report->hosts[0].os->fingerprint;
    EXPECT_GE(answers(ours).size(), 15u);
    EXPECT_EQ(answers(ours), answers(*theirs)) << run->out;
    // The SCAN line: the same ports, distance and method, engine 6.
    auto a = *ours.scan, b = *theirs->scan;
    EXPECT_EQ(std::tie(a.engine, a.open_tcp_port, a.closed_tcp_port, a.distance, a.distance_method, a.good, a.mac_prefix),
              std::tie(b.engine, b.open_tcp_port, b.closed_tcp_port, b.distance, b.distance_method, b.good, b.mac_prefix));
    EXPECT_EQ(a.closed_udp_port.has_value(), b.closed_udp_port.has_value());
    EXPECT_EQ(*ours.find("EXTRA")->find("FL"), *theirs->find("EXTRA")->find("FL"));
}

INSTANTIATE_TEST_SUITE_P(Personas, Os6VsNmap,
                         ::testing::Values("linux", "no-timestamps", "ts-no-offset", "no-sack", "no-wscale", "ecn",
                                           "small-rcvbuf", "mtu1400", "bare"),
                         test::persona_test_name);

// Host discovery over IPv6 on the link is Nmap's ND ping: a neighbor solicitation to each
// address's solicited-node group; the hosts that advertise are up (reason nd-response,
// their MAC known), the others down. A CIDR block of eight addresses with three lab hosts
// in it: the same three as Nmap 7.93 finds.
TEST(Os6Lab, NeighborDiscoveryFindsTheHostsOfACidrBlockAsNmapDoes) {
    WHORL_REQUIRE_ROOT();
    auto l = lab::Lab::create({{lab::HostSpec{}, lab::HostSpec{}, lab::HostSpec{}}});
    ASSERT_TRUE(l) << l.error().describe();
    const std::vector<std::string> args = {"-6", "-n", "-sn", "2001:db8::/125", "--exclude", "2001:db8::1"};
    auto report = test::scan_in_lab(**l, args);
    ASSERT_TRUE(report);
    std::set<std::string> up;
    for (const auto& h : report->hosts) {
        if (!h.up) continue;
        up.insert(h.address.to_string());
        EXPECT_EQ(h.status_reason, scan::Reason::nd_response) << h.address.to_string();
        EXPECT_TRUE(h.mac.has_value()) << h.address.to_string();
    }
    EXPECT_EQ(up, (std::set<std::string>{"2001:db8::2", "2001:db8::3", "2001:db8::4"}));
    std::vector<std::string> nmap = {"nmap", "-oG", "-"};
    nmap.insert(nmap.end(), args.begin(), args.end());
    auto run = (*l)->run_in_scanner(nmap);
    ASSERT_TRUE(run) << run.error().describe();
    std::set<std::string> nmap_up;
    std::istringstream lines(run->out);
    for (std::string line; std::getline(lines, line);)
        if (line.starts_with("Host: ") && line.find("Status: Up") != std::string::npos)
            nmap_up.insert(line.substr(6, line.find(' ', 6) - 6));
    EXPECT_EQ(up, nmap_up) << run->out;
    // Without ND ping (--disable-arp-ping), the IP probes: the echo reply comes first.
    auto pinged = test::scan_in_lab(**l, {"-6", "-n", "-sn", "--disable-arp-ping", "2001:db8::3"});
    ASSERT_TRUE(pinged);
    ASSERT_EQ(pinged->hosts.size(), 1u);
    EXPECT_TRUE(pinged->hosts[0].up);
    EXPECT_EQ(pinged->hosts[0].status_reason, scan::Reason::echo_reply);
}

// A host named with -6: of the name's two addresses the IPv6 one is scanned (a private
// /etc/hosts in a mount namespace of the scanner's own), and the report line gives the name
// and that address, as Nmap's does.
TEST(Os6Lab, AHostNamedWithDash6IsScannedAtItsIpv6Address) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    report::test::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string hosts = dir.write("hosts", "198.51.100.2 whorl-lab6\n2001:db8::2 whorl-lab6\n");
    auto scan = [&](const std::string& tool) {
        auto r = test::run_in_scanner_with_hosts(*l, hosts, tool + " -6 -Pn -p 22 whorl-lab6");
        if (!r) ADD_FAILURE() << r.error().describe();
        return r ? r->out : std::string();
    };
    const std::string whorl = scan(test::kWhorlBinary), nmap = scan("nmap");
    for (const std::string& out : {whorl, nmap}) {
        EXPECT_NE(out.find(" scan report for whorl-lab6 (2001:db8::2)\n"), std::string::npos) << out;  // "Nmap" or "whorl"
        EXPECT_NE(out.find("22/tcp open  ssh"), std::string::npos) << out;
    }
}

// IPv6 ranges and CIDR blocks in an -iL list, and the XML: the hosts that answer, each an
// <address addrtype="ipv6">, the same as Nmap 7.93's.
TEST(Os6Lab, AnInputListOfIpv6RangesGivesNmapsXmlHosts) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    report::test::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string list = dir.write("targets6.txt", "# lab\n2001:db8::2/127\n2001:db8::4-5\n");
    auto up_addresses = [&](const std::string& tool) {
        auto r = l->run_in_scanner({tool, "-6", "-n", "-sn", "-iL", list, "-oX", "-"});
        std::set<std::string> up;
        if (!r || r->exit_status != 0) {
            ADD_FAILURE() << tool << ": " << (r ? r->err : r.error().describe());
            return up;
        }
        for (std::size_t at = 0; (at = r->out.find("<host", at)) != std::string::npos; ++at) {
            if (at + 5 >= r->out.size() || (r->out[at + 5] != '>' && r->out[at + 5] != ' ')) continue;  // <hostnames>
            const std::size_t end = r->out.find("</host>", at);
            const std::string host = r->out.substr(at, end - at);
            if (host.find("<status state=\"up\"") == std::string::npos) continue;
            const std::string key = "addrtype=\"ipv6\"";
            const std::size_t addr = host.find("<address addr=\"");
            if (addr == std::string::npos || host.find(key) == std::string::npos) continue;
            up.insert(host.substr(addr + 15, host.find('"', addr + 15) - addr - 15));
        }
        return up;
    };
    const auto whorl = up_addresses(test::kWhorlBinary);
    EXPECT_EQ(whorl, (std::set<std::string>{"2001:db8::2"}));
    EXPECT_EQ(up_addresses("nmap"), whorl);
}

}  // namespace
}  // namespace whorl
