// Port selection against Nmap 7.93: the default top 1000 and -F top 100 (compared with
// Nmap's own scaninfo lists), and -p syntax with its errors.
#include "scan/port_spec.hpp"

#include <gtest/gtest.h>

#include "base/text.hpp"
#include "support/fixtures.hpp"

namespace whorl::scan {
namespace {

const ServicesDb& db() {
    static const ServicesDb services = [] {
        auto r = ServicesDb::load();
        EXPECT_TRUE(r) << r.error().describe();
        return r ? std::move(*r) : ServicesDb{};
    }();
    return services;
}

TEST(Services, LoadsTheInstalledFileAndNamesPorts) {
    EXPECT_GT(db().entries().size(), 27000u);
    EXPECT_EQ(db().name(80, Protocol::tcp), "http");
    EXPECT_EQ(db().name(53, Protocol::udp), "domain");
    EXPECT_EQ(db().name(4, Protocol::tcp), "unknown");  // listed as "unknown" in the file
    EXPECT_EQ(db().name(65000, Protocol::tcp), "unknown");
}

TEST(Services, TopPortsEqualNmapsOwnSelection) {
    auto top1000 = top_ports(db(), 1000, true, false);
    EXPECT_EQ(compress_ports(top1000.tcp), trim(test::read_fixture("nmap-ports/top1000-tcp.txt")));
    auto top100 = top_ports(db(), 100, true, false);
    EXPECT_EQ(compress_ports(top100.tcp), trim(test::read_fixture("nmap-ports/top100-tcp.txt")));
}

TEST(Services, BrokenLinesNameTheirLocation) {
    auto r = ServicesDb::parse("http\t80/tcp\t0.5\nbroken\t80/xyz\t0.1\n", "services.test");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where, "services.test:2");
    auto f = ServicesDb::parse("http\t80/tcp\tabc\n", "s");
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().where, "s:1");
}

TEST(PortSpec, ListsRangesAndOpenEnds) {
    auto p = parse_port_spec("22,80-82,65530-", db());
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(compress_ports(p->tcp), "22,80-82,65530-65535");
    EXPECT_EQ(p->udp, p->tcp);  // no prefix: every protocol
    auto all = parse_port_spec("-", db());
    ASSERT_TRUE(all);
    EXPECT_EQ(all->tcp.size(), 65535u);
    EXPECT_EQ(all->tcp.front(), 1);
    auto low = parse_port_spec("-3", db());
    EXPECT_EQ(compress_ports(low->tcp), "1-3");
    auto zero = parse_port_spec("0-2", db());
    EXPECT_EQ(compress_ports(zero->tcp), "0-2");
}

TEST(PortSpec, ProtocolPrefixesNamesAndBrackets) {
    auto p = parse_port_spec("T:80,443,U:53,161", db());
    ASSERT_TRUE(p) << p.error().describe();
    EXPECT_EQ(compress_ports(p->tcp), "80,443");
    EXPECT_EQ(compress_ports(p->udp), "53,161");
    auto named = parse_port_spec("T:ssh,https", db());
    ASSERT_TRUE(named) << named.error().describe();
    EXPECT_EQ(compress_ports(named->tcp), "22,443");
    auto wild = parse_port_spec("T:http-alt*", db());
    ASSERT_TRUE(wild);
    EXPECT_FALSE(wild->tcp.empty());
    auto bracket = parse_port_spec("T:[1-5]", db());
    ASSERT_TRUE(bracket);
    EXPECT_EQ(compress_ports(bracket->tcp), "1-5");  // all five are listed for TCP
}

TEST(PortSpec, ErrorsSayWhatIsWrong) {
    auto backwards = parse_port_spec("90-80", db());
    ASSERT_FALSE(backwards);
    EXPECT_EQ(backwards.error().code, Errc::usage);
    EXPECT_NE(backwards.error().message.find("backwards"), std::string::npos);
    EXPECT_FALSE(parse_port_spec("70000", db()));
    EXPECT_FALSE(parse_port_spec("22,,23", db()));
    EXPECT_FALSE(parse_port_spec("X:22", db()));
    EXPECT_FALSE(parse_port_spec("nosuchservice", db()));
    EXPECT_FALSE(parse_port_spec("", db()));
    EXPECT_FALSE(parse_port_spec("22x", db()));
}

TEST(Wildcard, ShellStyle) {
    EXPECT_TRUE(wildcard_match("http*", "http-alt"));
    EXPECT_TRUE(wildcard_match("HTTP", "http"));
    EXPECT_TRUE(wildcard_match("ms-sql-?", "ms-sql-s"));
    EXPECT_FALSE(wildcard_match("ms-sql-?", "ms-sql-ss"));
    EXPECT_TRUE(wildcard_match("*", ""));
    EXPECT_FALSE(wildcard_match("a*b", "acd"));
}

}  // namespace
}  // namespace whorl::scan
