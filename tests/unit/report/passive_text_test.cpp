// Passive-mode text pieces: p0f's address form, addresses as to_string() gives them written
// in place, local time text, the host table and the evidence list after it (the p0f
// comparisons of whole outputs are in tests/unit/cli/).
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <ctime>
#include <random>

#include "report/host_table_text.hpp"
#include "report/p0f_text.hpp"
#include "report/text_append.hpp"

namespace whorl::report {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(PassiveText, AddressesAsP0fPrintsThem) {
    std::string s;
    append_p0f_address(s, ip("198.51.100.7"));
    s += ' ';
    append_p0f_address(s, ip("2001:db8::a:0:ff"));
    s += ' ';
    append_p0f_address(s, ip("::"));
    EXPECT_EQ(s, "198.51.100.7 2001:db8:0:0:0:a:0:ff 0:0:0:0:0:0:0:0");
    append_u32(s, 4294967295u);
    EXPECT_TRUE(s.ends_with("04294967295"));
}

TEST(PassiveText, AddressTextInPlaceFitsTheLongestForms) {
    char buf[kMaxP0fAddressText + 1];
    auto text = [&buf](const char* a) { return std::string(buf, write_p0f_address(buf, ip(a))); };
    EXPECT_EQ(text("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
    EXPECT_EQ(text("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").size(), kMaxP0fAddressText);
    EXPECT_EQ(text("2001:db8::1:a0:f00:0"), "2001:db8:0:0:1:a0:f00:0");
    EXPECT_EQ(text("198.51.100.255"), "198.51.100.255");
    EXPECT_EQ(text("0.0.0.0"), "0.0.0.0");
    EXPECT_EQ(text("::ffff:198.51.100.1"), "0:0:0:0:0:ffff:c633:6401");
}

TEST(PassiveText, LocalTimeFollowsTz) {
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    LocalTimeText t;
    EXPECT_EQ(t.at(1700000000), "2023/11/14 22:13:20");
    EXPECT_EQ(t.at(1700000001), "2023/11/14 22:13:21");
    ::setenv("TZ", "Etc/GMT-2", 1);  // two hours east of UTC
    ::tzset();
    LocalTimeText t2;
    EXPECT_EQ(t2.at(1700000000), "2023/11/15 00:13:20");
    if (old) ::setenv("TZ", saved.c_str(), 1);
    else ::unsetenv("TZ");
    ::tzset();
}

TEST(PassiveText, HostTableColumns) {
    fp::passive::HostSummary a;
    a.addr = ip("198.51.100.2");
    a.os_name = "Linux";
    a.os_flavor = "3.11 and newer";
    a.distance = 3;
    a.link = "Ethernet or modem";
    a.uptime_min = 60 * 24 * 2 + 61;
    a.connections = 4;
    a.last_chg = 1;
    fp::passive::HostSummary b;
    b.addr = ip("2001:db8::9");
    b.os_name = "Windows";
    b.os_generic = true;
    b.http_name = "curl";
    b.language = "English";
    b.bad_sw = 1;
    std::string t = format_host_table({a, b});
    EXPECT_NE(t.find("Host summary: 2 hosts"), std::string::npos);
    EXPECT_NE(t.find("HOST          OS (p0f)              MATCH    DIST  LINK"), std::string::npos) << t;
    EXPECT_NE(t.find("198.51.100.2  Linux 3.11 and newer  exact    3     Ethernet or modem  2d 1h 1m"), std::string::npos) << t;
    EXPECT_NE(t.find("host change"), std::string::npos);
    EXPECT_NE(t.find("2001:db8::9   Windows               generic  -"), std::string::npos) << t;
    EXPECT_NE(t.find("UA names another OS"), std::string::npos);
    EXPECT_EQ(t.find("VERDICT"), std::string::npos);
    b.verdict = fp::passive::HostSummary::Verdict{"windows", "Windows", "10 or 11", 0.8, 2, 0, 3};
    t = format_host_table({a, b});
    EXPECT_NE(t.find("VERDICT"), std::string::npos);
    EXPECT_NE(t.find("Windows 10 or 11  80%"), std::string::npos) << t;
    // A verdict with nothing that names a family (only context) shows no name or number.
    a.verdict = fp::passive::HostSummary::Verdict{"unknown", "", "", 0, 0, 0, 1};
    t = format_host_table({a, b});
    EXPECT_NE(t.find("198.51.100.2  -                 -     Linux 3.11 and newer"), std::string::npos) << t;
}

TEST(PassiveText, EvidenceListMarksSupportConflictAndContext) {
    using Reason = fp::passive::HostSummary::Reason;
    fp::passive::HostSummary a;
    a.addr = ip("198.51.100.31");
    a.verdict = fp::passive::HostSummary::Verdict{"windows", "Windows", "10 or 11", 0.9912, 2, 1, 4};
    a.verdict->alternatives = {{"linux", 0.006}, {"android", 0.001}};
    a.verdict->reasons = {
        {Reason::Role::support, "dhcp", "windows", "Windows", "10 or 11", "prl=1,3,6", 1.0, 0.85, 1},
        {Reason::Role::support, "user_agent", "windows", "Windows", "10", "Mozilla/5.0 (Windows NT 10.0)", 1.0, 0.75, 3},
        {Reason::Role::conflict, "icmp", "linux", "Linux", "", "echo request, TTL 64", 0.8, 0.24, 1},
        {Reason::Role::context, "mtu", "unknown", "Ethernet or modem", "", "mtu=1500", 0, 0, 2},
    };
    fp::passive::HostSummary none;  // no evidence: no block
    none.addr = ip("198.51.100.32");
    const std::string t = format_host_evidence({a, none});
    EXPECT_EQ(t,
              "\nEvidence per host (+ for the verdict, - against it, . context):\n"
              "\n198.51.100.31  Windows 10 or 11 (windows) 99%\n"
              "  + dhcp        Windows 10 or 11   r=0.85        prl=1,3,6\n"
              "  + user_agent  Windows 10         r=0.75  x3    Mozilla/5.0 (Windows NT 10.0)\n"
              "  - icmp        Linux              r=0.24        echo request, TTL 64\n"
              "  . mtu         Ethernet or modem          x2    mtu=1500\n");
    EXPECT_EQ(format_host_evidence({none}), "");
    a.verdict->alternatives = {{"linux", 0.2}};
    EXPECT_NE(format_host_evidence({a}).find("(windows) 99%; also linux 20%\n"), std::string::npos);
}

}  // namespace
}  // namespace whorl::report
