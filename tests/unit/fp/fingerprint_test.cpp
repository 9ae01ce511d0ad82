// The fingerprint model: reading Nmap's wrapped and unwrapped forms, writing them back
// byte for byte, building from code, merging rounds (7.93 quirk, 7.95) and finding a print in
// nmap's normal and XML output.
#include "fp/fingerprint/fingerprint.hpp"

#include <gtest/gtest.h>

namespace whorl::fp {
namespace {

// Nmap 7.93's wrapped print (reference §6.5, run 1).
constexpr std::string_view kWrapped =
    "OS:SCAN(V=7.93%E=4%D=11/24%OT=80%CT=1%CU=44535%PV=N%DS=1%DC=D%G=Y%M=BA36CD%\n"
    "OS:TM=6B06069B%P=x86_64-pc-linux-gnu)SEQ(SP=102%GCD=1%ISR=109%TI=Z%CI=Z%II=\n"
    "OS:I%TS=21)OPS(O1=M5B4ST11NWA%O2=M5B4ST11NWA%O3=M5B4NNT11NWA%O4=M5B4ST11NWA\n"
    "OS:%O5=M5B4ST11NWA%O6=M5B4ST11)WIN(W1=FE88%W2=FE88%W3=FE88%W4=FE88%W5=FE88%\n"
    "OS:W6=FE88)ECN(R=Y%DF=Y%T=40%W=FAF0%O=M5B4NNSNWA%CC=Y%Q=)T1(R=Y%DF=Y%T=40%S\n"
    "OS:=O%A=S+%F=AS%RD=0%Q=)T2(R=N)T3(R=N)T4(R=Y%DF=Y%T=40%W=0%S=A%A=Z%F=R%O=%R\n"
    "OS:D=0%Q=)T5(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)T6(R=Y%DF=Y%T=40%W=\n"
    "OS:0%S=A%A=Z%F=R%O=%RD=0%Q=)T7(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)U\n"
    "OS:1(R=Y%DF=N%T=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)IE(R=Y%DF\n"
    "OS:I=N%T=40%CD=S)\n";

// The unwrapped form (reference §6.5, no open port, -vv).
constexpr std::string_view kUnwrapped =
    "SCAN(V=7.93%E=4%D=11/24%OT=%CT=1%CU=39588%PV=N%DS=1%DC=D%G=N%M=BA36CD%TM=6B06074F%P=x86_64-pc-linux-gnu)\n"
    "SEQ(CI=Z%II=I)\n"
    "T5(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)\n"
    "T6(R=Y%DF=Y%T=40%W=0%S=A%A=Z%F=R%O=%RD=0%Q=)\n"
    "T7(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)\n"
    "U1(R=Y%DF=N%T=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)\n"
    "IE(R=Y%DFI=N%T=40%CD=S)\n";

TEST(Fingerprint, ReadsTheWrappedForm) {
    auto fp = Fingerprint::parse(kWrapped);
    ASSERT_TRUE(fp) << fp.error().describe();
    ASSERT_TRUE(fp->scan);
    const ScanLine& s = *fp->scan;
    EXPECT_EQ(s.version, "7.93");
    EXPECT_EQ(s.engine, 4);
    EXPECT_EQ(s.month, 11);
    EXPECT_EQ(s.day, 24);
    EXPECT_EQ(s.open_tcp_port, 80);
    EXPECT_EQ(s.closed_tcp_port, 1);
    EXPECT_EQ(s.closed_udp_port, 44535);
    EXPECT_FALSE(s.private_address);
    EXPECT_EQ(s.distance, 1);
    EXPECT_EQ(s.distance_method, 'D');
    EXPECT_TRUE(s.good);
    EXPECT_EQ(s.mac_prefix, "BA36CD");
    EXPECT_EQ(s.time, 0x6B06069Bu);
    EXPECT_EQ(s.platform, "x86_64-pc-linux-gnu");
    ASSERT_EQ(fp->tests().size(), 13u);
    EXPECT_EQ(fp->tests()[0].name, "SEQ");
    EXPECT_EQ(*fp->find("SEQ")->find("TS"), "21");
    EXPECT_EQ(*fp->find("IE")->find("DFI"), "N");  // split across two OS: lines
    EXPECT_EQ(*fp->find("T4")->find("O"), "");
    EXPECT_EQ(fp->find("T2")->text(), "T2(R=N)");
}

TEST(Fingerprint, WritesBothFormsBackByteForByte) {
    auto wrapped = Fingerprint::parse(kWrapped);
    ASSERT_TRUE(wrapped);
    EXPECT_EQ(wrapped->text(FingerprintLayout::wrapped), kWrapped);
    auto unwrapped = Fingerprint::parse(kUnwrapped);
    ASSERT_TRUE(unwrapped) << unwrapped.error().describe();
    EXPECT_EQ(unwrapped->text(FingerprintLayout::unwrapped), kUnwrapped);
    EXPECT_FALSE(unwrapped->scan->open_tcp_port);
    EXPECT_FALSE(unwrapped->scan->good);
    // The same print in the other layout reads back to the same value.
    auto again = Fingerprint::parse(wrapped->text(FingerprintLayout::unwrapped));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *wrapped);
}

TEST(Fingerprint, BuildsFromCode) {
    Fingerprint fp;
    fp.scan = ScanLine{};
    fp.scan->open_tcp_port = 80;
    fp.scan->closed_tcp_port = 1;
    fp.scan->closed_udp_port = 40000;
    fp.scan->distance = 1;
    fp.scan->distance_method = 'D';
    fp.scan->time = 0xABC;
    fp.add_test("SEQ").set("SP", "102").set("GCD", "1");
    fp.add_test("T1").set("R", "Y").set("DF", "Y").set("R", "N");  // set() replaces in place
    EXPECT_EQ(fp.text(FingerprintLayout::unwrapped),
              "SCAN(V=7.93%E=4%D=1/1%OT=80%CT=1%CU=40000%PV=N%DS=1%DC=D%G=Y%TM=ABC%P=x86_64-pc-linux-gnu)\n"
              "SEQ(SP=102%GCD=1)\nT1(R=N%DF=Y)\n");
    EXPECT_EQ(fp.text(FingerprintLayout::wrapped),
              "OS:SCAN(V=7.93%E=4%D=1/1%OT=80%CT=1%CU=40000%PV=N%DS=1%DC=D%G=Y%TM=ABC%P=x8\n"
              "OS:6_64-pc-linux-gnu)SEQ(SP=102%GCD=1)T1(R=N%DF=Y)\n");
}

TEST(Fingerprint, RejectsMalformedTextWithTheLine) {
    struct Bad {
        std::string text;
        std::string where;
    };
    const Bad bad[] = {
        {"", ""},
        {"SEQ(SP=1\n", "line 1"},
        {"SEQ(SP=1)\nT1(R=Y%DF)\n", "line 2"},
        {"SEQ(SP=1)\nT1(R=Y%R=N)\n", "line 2"},
        {"SEQ(SP=1)junk\n", "line 1"},
        {"OS:SEQ(SP=1)\nT1(R=Y)\n", "line 2"},                       // mixed forms
        {"SEQ(SP=1)\nSCAN(V=7.93)\n", "line 2"},                     // SCAN not first
        {"SCAN(V=7.93%E=4%D=11/24)\n", "line 1"},                    // fields missing
        {"SCAN(E=4%V=7.93%D=1/1%OT=%CT=%CU=%PV=N%G=Y%TM=1%P=x)\n", "line 1"},  // out of order
        {"SCAN(V=7.93%E=4%D=1/1%OT=080%CT=%CU=%PV=N%G=Y%TM=1%P=x)\n", "line 1"},  // not as %d
        {"T1(R=Y%DF=(N)\n", "line 1"},
    };
    for (const auto& b : bad) {
        auto fp = Fingerprint::parse(b.text);
        ASSERT_FALSE(fp) << b.text;
        EXPECT_EQ(fp.error().where, b.where) << b.text << " -> " << fp.error().describe();
    }
}

TEST(Fingerprint, ToleratesCarriageReturnsAndBlankLines) {
    std::string text(kUnwrapped);
    std::string crlf;
    for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    auto fp = Fingerprint::parse("\n" + crlf + "\n\n");
    ASSERT_TRUE(fp) << fp.error().describe();
    EXPECT_EQ(fp->text(FingerprintLayout::unwrapped), kUnwrapped);
}

Fingerprint round(std::string_view seq_sp, bool t2_reply, std::string_view t1_df) {
    Fingerprint fp;
    fp.add_test("SEQ").set("SP", seq_sp).set("TI", "Z");
    fp.add_test("T1").set("R", "Y").set("DF", t1_df);
    if (t2_reply) fp.add_test("T2").set("R", "Y").set("DF", "Y");
    else fp.add_test("T2").set("R", "N");
    fp.add_test("OPS").set("O1", "M5B4");
    return fp;
}

TEST(Fingerprint, MergesRoundsLikeNmap793) {
    std::vector<Fingerprint> rounds{round("102", false, "Y"), round("FF", true, "N"), round("104", false, "Y")};
    rounds[2].scan = ScanLine{};
    Fingerprint merged = merge_rounds(rounds);
    // Nmap's order; later tests with the same attribute names are dropped whatever their
    // values (SP=FF and DF=N disappear), a different shape (T2 with a reply) stays.
    EXPECT_EQ(merged.text(FingerprintLayout::unwrapped),
              "SCAN(V=7.93%E=4%D=1/1%OT=%CT=%CU=%PV=N%G=Y%TM=0%P=x86_64-pc-linux-gnu)\n"
              "SEQ(SP=102%TI=Z)\nOPS(O1=M5B4)\nT1(R=Y%DF=Y)\nT2(R=N)\nT2(R=Y%DF=Y)\n");
}

TEST(Fingerprint, MergesRoundsLikeNmap795) {
    std::vector<Fingerprint> rounds{round("102", false, "Y"), round("FF", true, "N"), round("104", false, "Y")};
    rounds[2].scan = ScanLine{};
    rounds[2].scan->version = "7.95";
    Fingerprint merged = merge_rounds(rounds, NmapBehaviour::v7_95);
    // Only equal tests collapse (OPS, and round 3's T1 and T2 into round 1's); tests of one
    // name are ordered by value, not by round: "102" < "104" < "FF", DF=N before DF=Y,
    // R=N before R=Y.
    EXPECT_EQ(merged.text(FingerprintLayout::unwrapped),
              "SCAN(V=7.95%E=4%D=1/1%OT=%CT=%CU=%PV=N%G=Y%TM=0%P=x86_64-pc-linux-gnu)\n"
              "SEQ(SP=102%TI=Z)\nSEQ(SP=104%TI=Z)\nSEQ(SP=FF%TI=Z)\nOPS(O1=M5B4)\n"
              "T1(R=Y%DF=N)\nT1(R=Y%DF=Y)\nT2(R=N)\nT2(R=Y%DF=Y)\n");
    // Identical rounds merge into one in both releases.
    std::vector<Fingerprint> same{round("102", true, "Y"), round("102", true, "Y")};
    EXPECT_EQ(merge_rounds(same, NmapBehaviour::v7_95), merge_rounds(same, NmapBehaviour::v7_93));
    EXPECT_EQ(merge_rounds(same, NmapBehaviour::v7_95).tests().size(), 4u);
}

// Nmap 7.95's print of a Linux 6.18 lab host after five rounds (its four different SEQ
// lines in value order: SP 101 < 104 < 106, then ISR 108 < 10D), unwrapped.
constexpr std::string_view kNmap795FiveRounds =
    "SEQ(SP=101%GCD=1%ISR=109%TI=Z%CI=Z%II=I%TS=21)\n"
    "SEQ(SP=104%GCD=1%ISR=109%TI=Z%CI=Z%II=I%TS=21)\n"
    "SEQ(SP=106%GCD=1%ISR=108%TI=Z%CI=Z%II=I%TS=21)\n"
    "SEQ(SP=106%GCD=1%ISR=10D%TI=Z%CI=Z%II=I%TS=20)\n"
    "OPS(O1=M5B4ST11NWA%O2=M5B4ST11NWA%O3=M5B4NNT11NWA%O4=M5B4ST11NWA%O5=M5B4ST11NWA%O6=M5B4ST11)\n"
    "T1(R=Y%DF=Y%T=40%S=O%A=S+%F=AS%RD=0%Q=)\nT2(R=N)\n"
    "U1(R=Y%DF=N%T=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)\nIE(R=Y%DFI=N%T=40%CD=S)\n";

TEST(Fingerprint, Merges795RoundsIntoWhatNmap795Printed) {
    auto printed = Fingerprint::parse(kNmap795FiveRounds);
    ASSERT_TRUE(printed) << printed.error().describe();
    // Five rounds, each with one of the SEQ lines (one twice), the rest equal; in an order
    // unrelated to the printed one.
    std::vector<Fingerprint> rounds;
    for (int seq : {3, 1, 2, 0, 1}) {
        Fingerprint r;
        r.tests().push_back(printed->tests()[static_cast<std::size_t>(seq)]);
        for (std::size_t i = 4; i < printed->tests().size(); ++i) r.tests().push_back(printed->tests()[i]);
        rounds.push_back(r);
    }
    EXPECT_EQ(merge_rounds(rounds, NmapBehaviour::v7_95).text(FingerprintLayout::unwrapped), kNmap795FiveRounds);
    // 7.93 would have kept round 1's SEQ line only.
    auto merged93 = merge_rounds(rounds, NmapBehaviour::v7_93);
    EXPECT_EQ(merged93.tests().size(), printed->tests().size() - 3);
    EXPECT_EQ(merged93.tests()[0], printed->tests()[3]);
}

TEST(Fingerprint, Nmap795OrdersTestsOfOneNameByTheirSlots) {
    auto t = [](std::string_view name, std::vector<std::pair<std::string, std::string>> attrs) {
        fp::Test out{std::string(name), {}};  // not gtest's Test
        for (auto& [a, v] : attrs) out.set(a, v);
        return out;
    };
    // An absent attribute sorts before a present one: a round without SP first.
    EXPECT_TRUE(test_value_less(t("SEQ", {{"TI", "Z"}}), t("SEQ", {{"SP", "1"}, {"TI", "Z"}})));
    EXPECT_FALSE(test_value_less(t("SEQ", {{"SP", "1"}, {"TI", "Z"}}), t("SEQ", {{"TI", "Z"}})));
    // TG's slot follows T's: a round that knew the distance (T=) after one that guessed (TG=).
    EXPECT_TRUE(test_value_less(t("T1", {{"R", "Y"}, {"TG", "40"}}), t("T1", {{"R", "Y"}, {"T", "40"}})));
    // Values compare as text, slot by slot in Nmap's order, whatever the insertion order.
    EXPECT_TRUE(test_value_less(t("IE", {{"CD", "Z"}, {"R", "Y"}, {"DFI", "N"}}), t("IE", {{"R", "Y"}, {"DFI", "S"}})));
    EXPECT_TRUE(test_value_less(t("SEQ", {{"SP", "105"}}), t("SEQ", {{"SP", "FF"}})));
    EXPECT_FALSE(test_value_less(t("SEQ", {{"SP", "FF"}}), t("SEQ", {{"SP", "FF"}})));
    // Merging a T1 with TG and a T1 with T (U1 answered only in round 2) keeps both, TG first.
    Fingerprint r1, r2;
    r1.tests().push_back(t("T1", {{"R", "Y"}, {"DF", "Y"}, {"TG", "40"}}));
    r2.tests().push_back(t("T1", {{"R", "Y"}, {"DF", "Y"}, {"T", "40"}}));
    std::vector<Fingerprint> rounds{r2, r1};
    EXPECT_EQ(merge_rounds(rounds, NmapBehaviour::v7_95).text(FingerprintLayout::unwrapped),
              "T1(R=Y%DF=Y%TG=40)\nT1(R=Y%DF=Y%T=40)\n");
    EXPECT_EQ(merge_rounds(rounds, NmapBehaviour::v7_93).text(FingerprintLayout::unwrapped),
              "T1(R=Y%DF=Y%T=40)\nT1(R=Y%DF=Y%TG=40)\n");
}

TEST(Fingerprint, AnEmptyTestReadsAndWritesAsNmap795PrintsIt) {
    auto fp = Fingerprint::parse("SEQ()\nU1(R=N)\n");
    ASSERT_TRUE(fp) << fp.error().describe();
    ASSERT_EQ(fp->tests().size(), 2u);
    EXPECT_TRUE(fp->tests()[0].attrs.empty());
    EXPECT_EQ(fp->text(FingerprintLayout::unwrapped), "SEQ()\nU1(R=N)\n");
}

TEST(Fingerprint, FindsThePrintInNmapOutput) {
    std::string normal = "Nmap scan report for 198.51.100.2\nNo exact OS matches for host (...).\n"
                         "TCP/IP fingerprint:\n" +
                         std::string(kWrapped) + "\nNetwork Distance: 1 hop\n";
    EXPECT_EQ(extract_fingerprint_text(normal), kWrapped);
    std::string xml = "<os><osfingerprint fingerprint=\"SCAN(V=7.93%E=4%D=1/1%OT=%CT=%CU=%PV=N%G=N%TM=0%P=a&amp;b)"
                      "&#xa;T1(R=Y)&#xa;\"/></os>";
    EXPECT_EQ(extract_fingerprint_text(xml), "SCAN(V=7.93%E=4%D=1/1%OT=%CT=%CU=%PV=N%G=N%TM=0%P=a&b)\nT1(R=Y)\n");
    EXPECT_EQ(extract_fingerprint_text(kUnwrapped), kUnwrapped);
}

}  // namespace
}  // namespace whorl::fp
