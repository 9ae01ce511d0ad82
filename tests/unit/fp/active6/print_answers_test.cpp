// An IPv6 print read back for whorl's verdict: Nmap 7.93's print of this kernel
// (tests/fixtures/nmap-os6/linux-nmap793.txt) gives the TCP tests this kernel sends over
// IPv4 (MSS 1460, windows FE88 and FAF0), A from the sequence base the acknowledgements
// agree on, and no S (the probes' acks are not in a print).
#include <gtest/gtest.h>

#include <fstream>

#include "fp/active6/print_answers.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp::active6 {
namespace {

const std::string* attr(const ::whorl::fp::Fingerprint& fp, std::string_view test, std::string_view name) {
    const ::whorl::fp::Test* t = fp.find(test);
    return t ? t->find(name) : nullptr;
}

TEST(PrintAnswers, NmapsPrintOfThisKernelInIpv4Terms) {
    auto print = ::whorl::fp::Fingerprint::parse(
        ::whorl::fp::extract_fingerprint_text(::whorl::test::read_fixture("nmap-os6/linux-nmap793.txt")));
    ASSERT_TRUE(print) << print.error().describe();
    auto terms = ipv4_terms_of_print(*print);
    ASSERT_TRUE(terms) << terms.error().describe();
    ASSERT_NE(attr(*terms, "OPS", "O1"), nullptr) << terms->text(FingerprintLayout::unwrapped);
    EXPECT_EQ(*attr(*terms, "OPS", "O1"), "M5B4ST11NWA");
    EXPECT_EQ(*attr(*terms, "WIN", "W1"), "FE88");
    EXPECT_EQ(*attr(*terms, "ECN", "W"), "FAF0");
    EXPECT_EQ(*attr(*terms, "T1", "A"), "S+");
    EXPECT_EQ(*attr(*terms, "T5", "A"), "S+");
    EXPECT_EQ(*attr(*terms, "T4", "A"), "Z");
    EXPECT_EQ(*attr(*terms, "T2", "R"), "N");  // Linux does not answer it
    EXPECT_EQ(attr(*terms, "T4", "S"), nullptr);
    EXPECT_EQ(attr(*terms, "T4", "DF"), nullptr);
    EXPECT_EQ(terms->find("U1"), nullptr);
    EXPECT_EQ(terms->find("IE"), nullptr);
}

TEST(PrintAnswers, AnAnswerThatIsNotAPacketIsNamed) {
    auto print = ::whorl::fp::Fingerprint::parse(
        "SCAN(V=7.93%E=6%D=1/1%OT=22%CT=%CU=%PV=N%G=N%TM=1%P=x)\nT5(P=4500aa%ST=0.1%RT=0.2)\n");
    ASSERT_TRUE(print);
    auto terms = ipv4_terms_of_print(*print);
    ASSERT_FALSE(terms);
    EXPECT_NE(terms.error().describe().find("T5"), std::string::npos);
}

}  // namespace
}  // namespace whorl::fp::active6
