// Nmap's IPv6 fingerprint text: checked against what Nmap 7.93 printed for a Linux lab host
// and the answers it captured (tests/fixtures/nmap-os6/linux-nmap793.{txt,pcap}: one
// `nmap -6 -Pn -O` against a whorl-lab host, its OS-scan packets kept).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "fp/active6/fingerprint6.hpp"
#include "support/fixtures.hpp"
#include "support/lab_capture.hpp"
#include "wire/address.hpp"

namespace whorl::fp::active6 {
namespace {

// The "OS:" lines of Nmap's output, as printed.
std::string nmap_print_lines() {
    std::ifstream in(::whorl::test::fixture_path("nmap-os6/linux-nmap793.txt"));
    std::string line, out;
    while (std::getline(in, line))
        if (line.starts_with("OS:")) out += line + '\n';
    return out;
}

TEST(Fingerprint6, NmapsWrappedPrintReadsAndWritesBackByteForByte) {
    auto text = nmap_print_lines();
    ASSERT_GT(text.size(), 1000u);
    auto fp = Fingerprint::parse(text);
    ASSERT_TRUE(fp) << fp.error().message;
    ASSERT_TRUE(fp->scan);
    EXPECT_EQ(fp->scan->engine, 6);
    // Read back, the answers' hex is one pair per byte: IE1's echo reply is 8 bytes of
    // header and 120 zeros behind the 40-byte IPv6 header.
    const ::whorl::fp::Test* ie1 = fp->find("IE1");
    ASSERT_NE(ie1, nullptr);
    EXPECT_EQ(ie1->find("P")->size(), 2u * (40 + 8 + 120));
    EXPECT_EQ(fp->text(FingerprintLayout::wrapped), text);
}

TEST(Fingerprint6, EachAnswerScrubbedAsNmapPrintedIt) {
    auto fp = Fingerprint::parse(nmap_print_lines());
    ASSERT_TRUE(fp);
    auto target = *wire::Ipv6Address::parse("2001:db8::2");
    std::set<std::string> ours;
    for (const auto& frame : passive::test::read_pcap("nmap-os6/linux-nmap793.pcap")) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        if (f.ipv6 && f.ipv6->src() == target) ours.insert(scrubbed_hex(f.ipv6->packet()));
    }
    int checked = 0;
    for (const ::whorl::fp::Test& t : fp->tests()) {
        if (t.name == "EXTRA") continue;
        const std::string* p = t.find("P");
        ASSERT_NE(p, nullptr) << t.name;
        EXPECT_TRUE(ours.contains(*p)) << t.name << " P=" << *p;
        ++checked;
    }
    EXPECT_EQ(checked, 15);  // all but T2 and T3, which Linux does not answer
}

TEST(Fingerprint6, TestsInProbeOrderWithTimesAsNmapWritesThem) {
    std::vector<std::byte> echo(48);
    echo[0] = std::byte{0x60};
    echo[6] = std::byte{58};
    echo[40] = std::byte{129};
    std::vector<Reply6> replies{{Probe6Id::t7, echo, 1.05246, 1.0525},
                                {Probe6Id::ie1, echo, 0.55644, 0.556476},
                                {Probe6Id::s1, echo, 0.023159, 0.0231914}};
    auto fp = fingerprint6(replies, kFlowLabel);
    std::string hex = "6000000000003a00" + std::string(64, 'X') + "8100000000000000";
    EXPECT_EQ(fp.text(FingerprintLayout::unwrapped),
              "S1(P=" + hex + "%ST=0.023159%RT=0.0231914)\n" +
              "IE1(P=" + hex + "%ST=0.55644%RT=0.556476)\n" +
              "T7(P=" + hex + "%ST=1.05246%RT=1.0525)\n" +
              "EXTRA(FL=12345)\n");
}

TEST(Fingerprint6, AHostileRepeatCountIsRefused) {
    const std::string scan = "SCAN(V=7.93%E=6%D=12/7%OT=22%CT=1%CU=1%PV=N%DS=1%DC=D%G=Y%TM=1%P=x)";
    EXPECT_FALSE(Fingerprint::parse(scan + "S1(P=00{99999999})"));
    EXPECT_FALSE(Fingerprint::parse(scan + "S1(P=00{65535}00{65535}00{65535})"));
    EXPECT_FALSE(Fingerprint::parse(scan + "S1(P=abc)"));
    EXPECT_FALSE(Fingerprint::parse(scan + "S1(P={5})"));
    EXPECT_FALSE(Fingerprint::parse(scan + "S1(P=zz)"));
    EXPECT_FALSE(Fingerprint::parse(scan + "S1(P=ab{3}XX{2})"));  // Nmap never writes fewer than 3
    auto good = Fingerprint::parse(scan + "S1(P=ab{4}cd)");
    ASSERT_TRUE(good);
    EXPECT_EQ(*good->find("S1")->find("P"), "ababababcd");
}

}  // namespace
}  // namespace whorl::fp::active6
