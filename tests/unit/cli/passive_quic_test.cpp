// `whorl passive` on QUIC: the lab capture of ngtcp2's example client and server
// (tests/fixtures/pcap/tls/quic-ngtcp2.pcap, tools/capture-quic-lab.sh) gives one "tls
// client hello" observation for the client's Initial packets, its JA4 QUIC's ("q"), and
// the SNI, cipher suites and extensions tshark reads from the same packets when it
// decrypts them itself; the server's Initial and the later packets give nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "passive_test_support.hpp"
#include "support/external_tools.hpp"
#include "support/fixtures.hpp"

namespace whorl::cli {
namespace {

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(PassiveQuic, TheClientInitialIsAClientHelloObservation) {
    const std::string pcap = ::whorl::test::fixture_path("pcap/tls/quic-ngtcp2.pcap");
    auto run = test::run_passive_utc({"-r", pcap, "--json", "-", "-q"});
    ASSERT_TRUE(run.status) << run.status.error().describe();
    EXPECT_EQ(count_of(run.out, "\"module\":\"tls client hello\""), 1u) << run.out;
    EXPECT_EQ(count_of(run.out, "\"transport\":\"quic\""), 1u) << run.out;
    EXPECT_NE(run.out.find("\"ja4\":\"q13d0415h3_"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("\"sni\":\"localhost\""), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("\"alpn\":[\"h3\"]"), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("\"ja4_r\":\"q13d0415h3_1301,1302,1303,1304_"), std::string::npos) << run.out;

    // tshark decrypts the Initial packets on its own: the same SNI and extension types.
    if (!report::test::tool_works("tshark -v")) GTEST_SKIP() << "tshark not installed";
    auto t = report::test::run_command("tshark -r " + report::test::shell_quote(pcap) +
                                       " -Y 'tls.handshake.type==1' -T fields "
                                       "-e tls.handshake.extensions_server_name -e tls.handshake.extension.type 2>/dev/null");
    ASSERT_EQ(t.status, 0) << t.output;
    auto fields = test::lines(t.output);
    ASSERT_EQ(fields.size(), 1u) << t.output;
    const auto tab = fields[0].find('\t');
    ASSERT_NE(tab, std::string::npos) << t.output;
    EXPECT_EQ(fields[0].substr(0, tab), "localhost");
    // tshark's extension types (decimal, comma separated, in order): count them as JA4 does.
    const std::string types = fields[0].substr(tab + 1);
    const std::size_t n = static_cast<std::size_t>(std::count(types.begin(), types.end(), ',')) + 1;
    EXPECT_NE(run.out.find("\"ja4\":\"q13d04" + std::to_string(n) + "h3_"), std::string::npos) << types << "\n" << run.out;
}

}  // namespace
}  // namespace whorl::cli
