// The lab stacks' IPv6 prints (tests/fixtures/nmap-os6/stacks/, measured by
// tools/stacks/ipv6-os.sh: `whorl -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1` against each
// stack that speaks IPv6 in the lab) read back as `whorl match` reads them. The TCP
// answers in nmap-os-db's IPv4 terms carry the options and windows each stack sends over
// IPv4 (its own print in data/whorl-os-db), and the verdict names its family. gVisor is
// the exception decision 0027 describes: its window is 20 segments rounded down to its
// window-scale unit, a rounding that over IPv6 happens to change nothing, so the IPv6
// answer restated as 20 IPv4 segments is Linux 3.X-4.X's window, not gVisor's; it is
// named by whorl's own IPv6 prints (data/whorl-os6-db, read for IPv6 targets). Those were
// measured on other bring-ups than these fixtures (tools/stacks/ipv6-os.sh --measure), so
// each fixture is a run the prints never saw.
#include <gtest/gtest.h>

#include <optional>

#include "fp/active6/ipv6_only_test.hpp"
#include "fp/active6/print_answers.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/verdict/os_knowledge.hpp"
#include "fp/verdict/os_verdict.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp::active6 {
namespace {

struct LabStack {
    const char* id;
    // What the stack sends over IPv4 (data/whorl-os-db): O1, W1 and ECN's W.
    const char* o1;
    const char* w1;
    const char* ecn_w;
    // The family the verdict names first (the class of the stack's own print), and for
    // the Linux kernels the generation that must be among those it names.
    const char* family;
    const char* generation;
};

const LabStack kLabStacks[] = {
    {"linux-6.18-debian", "M5B4ST11NWA", "FE88", "FAF0", "Linux", "6.X"},
    {"linux-6.18-ubuntu2404", "M5B4ST11NWA", "FE88", "FAF0", "Linux", "6.X"},
    {"linux-6.18-rhel9", "M5B4ST11NWA", "FE88", "FAF0", "Linux", "6.X"},
    {"linux-6.18-alpine", "M5B4ST11NWA", "FE88", "FAF0", "Linux", "6.X"},
    {"linux-6.18-android", "M5B4ST11NW7", "FFFF", "FFFF", "Android", nullptr},
    {"linux-6.1-debian12-qemu-tcg", "M5B4ST11NW7", "FE88", "FAF0", "Linux", "6.X"},
    {"linux-6.1-debian12-uml", "M5B4ST11NW7", "FE88", "FAF0", "Linux", "6.X"},
    {"lwip", "M5B4NW1", "FFFF", "FFFF", "lwIP", nullptr},
    {"libslirp-slirptap", "M5B4", "FFFF", "FFFF", "QEMU", nullptr},
};

Fingerprint lab_stack_print(const std::string& id) {
    auto print = Fingerprint::parse(
        extract_fingerprint_text(::whorl::test::read_fixture("nmap-os6/stacks/" + id + ".txt")));
    EXPECT_TRUE(print) << id << ": " << (print ? "" : print.error().describe());
    return print ? *print : Fingerprint{};
}

std::string lab_attr(const Fingerprint& fp, std::string_view test, std::string_view name) {
    const Test* t = fp.find(test);
    const std::string* v = t ? t->find(name) : nullptr;
    return v ? *v : "(none)";
}

TEST(LabStacks6, TcpAnswersInIpv4TermsAreWhatEachStackSendsOverIpv4) {
    for (const LabStack& s : kLabStacks) {
        auto terms = ipv4_terms_of_print(lab_stack_print(s.id));
        ASSERT_TRUE(terms) << s.id << ": " << terms.error().describe();
        EXPECT_EQ(lab_attr(*terms, "OPS", "O1"), s.o1) << s.id;
        EXPECT_EQ(lab_attr(*terms, "WIN", "W1"), s.w1) << s.id;
        EXPECT_EQ(lab_attr(*terms, "ECN", "W"), s.ecn_w) << s.id;
    }
}

TEST(LabStacks6, VerdictNamesEachStacksFamily) {
    if (!db::find_nmap_file("nmap-os-db")) GTEST_SKIP() << "nmap-os-db not installed";
    auto knowledge = verdict::OsKnowledge::load_for_ipv6();
    ASSERT_TRUE(knowledge) << knowledge.error().describe();
    ASSERT_EQ(knowledge->warning, "");
    match::OsMatcher matcher(*knowledge->db);
    std::vector<LabStack> stacks(std::begin(kLabStacks), std::end(kLabStacks));
    stacks.push_back({"gvisor-netstack", nullptr, nullptr, nullptr, "gVisor", nullptr});
    for (const LabStack& s : stacks) {
        auto terms = ipv4_terms_of_print(lab_stack_print(s.id));
        ASSERT_TRUE(terms) << s.id;
        const verdict::OsVerdict v = knowledge->model->judge(matcher, *terms);
        ASSERT_FALSE(v.abstained || v.classes.empty()) << s.id << ": " << v.text();
        EXPECT_EQ(v.classes.front().family, s.family) << s.id << ": " << v.text();
        if (s.generation) {  // "Linux 6.X (general...", "Linux 4.X, 5.X or 6.X (general..."
            const std::string named = v.text().substr(0, v.text().find(" ("));
            EXPECT_NE(named.find(s.generation), std::string::npos) << s.id << ": " << v.text();
        }
    }
}

// whorl's V6 test (fp/active6/ipv6_only_test) of each stack's IPv6 answers: what IPv6 alone
// shows tells the families apart where their TCP answers look alike. Linux labels its flows;
// gVisor, lwIP and libslirp send flow label 0. Linux's neighbor advertisement is solicited
// only and carries no link-layer option; gVisor's overrides and carries one; libslirp's
// says it is a router; lwIP answers no NS, drops IE2 (four extension headers) and answers
// ICMPv6 from hop limit 255.
TEST(LabStacks6, TheIpv6OnlyTestTellsTheStacksApart) {
    const std::pair<const char*, const char*> kExpected[] = {
        {"linux-6.18-debian", "V6(FL=R%I1=8109%I2=0401%U=0104%NA=S%NO=N%TG=40)"},
        {"linux-6.18-android", "V6(FL=R%I1=8109%I2=0401%U=0104%NA=S%NO=N%TG=40)"},
        {"linux-6.1-debian12-uml", "V6(FL=R%I1=8109%I2=0401%U=0104%NA=S%NO=N%TG=40)"},
        {"gvisor-netstack", "V6(FL=Z%I1=8109%I2=0401%U=0104%NA=SO%NO=Y%TG=40)"},
        {"libslirp-slirptap", "V6(FL=Z%I1=N%I2=N%U=N%NA=RSO%NO=Y)"},
        {"lwip", "V6(FL=Z%I1=8109%I2=N%U=0104%NA=N%TG=FF)"},
    };
    for (const auto& [id, v6] : kExpected) {
        auto terms = ipv4_terms_of_print(lab_stack_print(id));
        ASSERT_TRUE(terms) << id;
        const fp::Test* t = terms->find("V6");
        ASSERT_NE(t, nullptr) << id;
        EXPECT_EQ(t->text(), v6) << id;
    }
}

// Off the link no NS goes out: V6 then says nothing of neighbor advertisements; a stack that
// echoes the probes' flow label is told from one that labels its own flows.
TEST(LabStacks6, TheIpv6OnlyTestLeavesOutWhatWasNotAsked) {
    auto print = lab_stack_print("linux-6.18-debian");
    ASSERT_TRUE(print.scan);
    print.scan->distance_method = 'I';
    auto terms = ipv4_terms_of_print(print);
    ASSERT_TRUE(terms);
    ASSERT_NE(terms->find("V6"), nullptr);
    EXPECT_EQ(terms->find("V6")->find("NA"), nullptr);
    EXPECT_EQ(terms->find("V6")->find("NO"), nullptr);

    std::vector<Answer6> answers(1);
    answers[0].reply.probe = Probe6Id::s1;
    answers[0].reply.packet.assign(60, std::byte{0});
    answers[0].reply.packet[0] = std::byte{0x60};
    answers[0].reply.packet[1] = std::byte{0x01};  // flow label 0x12345
    answers[0].reply.packet[2] = std::byte{0x23};
    answers[0].reply.packet[3] = std::byte{0x45};
    answers[0].reply.packet[6] = std::byte{6};
    answers[0].tcp = active::TcpReply{};
    const fp::Test v6 = ipv6_only_test(answers, true);
    EXPECT_EQ(v6.text(), "V6(FL=E%I1=N%I2=N%U=N%NA=N)");
}

// gVisor sends 20 x MSS rounded down to a multiple of 2^wscale (128): 29200 -> 29184 (7200)
// over IPv4, 28800 (7080, no rounding needed) over IPv6. Restated as 20 segments of 1460 the
// IPv6 answer gives 7210, which is also what Linux 3.X-4.X sends over IPv4 for the same
// IPv6 answer (its ECN window, 20 x 1440 with window scale 7 over IPv6): one answer cannot
// tell the two apart, so the restatement stays as it is (decision 0027, Limits), and the
// verdict learns gVisor's IPv6 answers from whorl's own IPv6 prints instead.
TEST(LabStacks6, GvisorsWindowIsTheRestatementsKnownAmbiguity) {
    auto print = lab_stack_print("gvisor-netstack");
    auto p = print.find("S1");
    ASSERT_NE(p, nullptr);
    auto terms = ipv4_terms_of_print(print);
    ASSERT_TRUE(terms) << terms.error().describe();
    EXPECT_EQ(lab_attr(*terms, "OPS", "O1"), "M5B4ST11NW7");  // as over IPv4
    EXPECT_EQ(lab_attr(*terms, "WIN", "W1"), "7210");         // over IPv4: 7200
    EXPECT_EQ(lab_attr(*terms, "ECN", "W"), "7210");
}

}  // namespace
}  // namespace whorl::fp::active6
