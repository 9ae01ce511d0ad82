// `whorl passive -r` on pcapng files whose interfaces have different link types (what
// mergecap makes of an Ethernet and a Linux SLL capture): each packet decoded by its own
// interface's link type, the same log lines as the two captures read one after the other,
// a BPF filter on every interface, an interface of a link type whorl does not decode
// skipped with one warning, and a file with nothing decodable refused as before.
// Skipped when mergecap or editcap is missing.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "passive_test_support.hpp"
#include "support/fixtures.hpp"

namespace whorl::cli {
namespace {

using test::run_passive_utc;

std::string passive_capture(const std::string& name) {
    return whorl::test::fixture_path("pcap/passive/" + name + ".pcap");
}

bool have_mergecap_and_editcap() {
    return std::system("command -v mergecap >/dev/null 2>&1 && command -v editcap >/dev/null 2>&1") == 0;
}

// mergecap -a: the captures one after the other in one pcapng file, one interface each.
std::string merged_pcapng(const std::vector<std::string>& captures) {
    const std::string out = test::temp_path("merged.pcapng");
    std::string command = "mergecap -a -F pcapng -w " + out;
    for (const auto& c : captures) command += " " + c;
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return out;
}

// The p0f log of `whorl passive -r FILE ARGS... -q`, appended to `log`.
void append_log(const std::string& file, const std::string& log, std::vector<std::string> args = {}) {
    std::vector<std::string> all = {"-r", file, "-o", log, "-q"};
    all.insert(all.end(), args.begin(), args.end());
    auto r = run_passive_utc(all);
    ASSERT_TRUE(r.status) << file << ": " << r.status.error().describe();
}

// The lines of `text` but those of one p0f module ("mod=host change").
std::vector<std::string> lines_without(const std::string& text, const std::string& module) {
    auto all = test::lines(text);
    std::erase_if(all, [&](const std::string& l) { return l.find(" mod=" + module + "|") != std::string::npos; });
    return all;
}

TEST(PassivePcapng, MixedLinkTypesAreDecodedInterfaceByInterface) {
    if (!have_mergecap_and_editcap()) GTEST_SKIP() << "mergecap or editcap is not installed";
    const std::string ethernet = passive_capture("flows"), sll = passive_capture("link_sll");
    const std::string mixed = merged_pcapng({ethernet, sll});
    const std::string one_after_the_other = test::temp_path("separate.log"), merged = test::temp_path("merged.log");
    append_log(ethernet, one_after_the_other);
    append_log(sll, one_after_the_other);
    append_log(mixed, merged);
    // One run shares its host table: 198.51.100.200, the server in both captures, answers
    // with another TTL in the second, which p0f's logic calls a host change. Else the same.
    const auto separate_lines = test::lines(test::read_text(one_after_the_other));
    ASSERT_GT(separate_lines.size(), 20u);
    EXPECT_EQ(lines_without(test::read_text(merged), "host change"),
              lines_without(test::read_text(one_after_the_other), "host change"));
    auto r = run_passive_utc({"-r", mixed});
    ASSERT_TRUE(r.status) << r.status.error().describe();
    EXPECT_NE(r.err.find("(a link type per interface)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("30 packets"), std::string::npos) << r.err;
    for (const char* host : {"\n198.51.100.1 ", "\n198.51.100.31 ", "\n2001:db8::31 "})  // Ethernet, SLL, SLL
        EXPECT_NE(r.out.find(host), std::string::npos) << host;
}

TEST(PassivePcapng, AFilterAppliesToEveryInterface) {
    if (!have_mergecap_and_editcap()) GTEST_SKIP() << "mergecap or editcap is not installed";
    const std::string mixed = merged_pcapng({passive_capture("flows"), passive_capture("link_sll")});
    const std::string log = test::temp_path("filtered.log");
    append_log(mixed, log, {"tcp", "port", "31001", "or", "tcp", "port", "33001"});
    const auto lines = test::lines(test::read_text(log));
    ASSERT_FALSE(lines.empty());
    bool ethernet = false, sll = false;
    for (const auto& l : lines) {
        ethernet = ethernet || l.find("/31001|") != std::string::npos;
        sll = sll || l.find("/33001|") != std::string::npos;
        EXPECT_TRUE(l.find("/31001|") != std::string::npos || l.find("/33001|") != std::string::npos) << l;
    }
    EXPECT_TRUE(ethernet && sll);
}

// An interface whorl cannot decode (LINKTYPE_USER0, 147) costs only its own packets.
TEST(PassivePcapng, AnInterfaceOfAnUnsupportedLinkTypeIsSkippedWithAWarning) {
    if (!have_mergecap_and_editcap()) GTEST_SKIP() << "mergecap or editcap is not installed";
    const std::string user0 = test::temp_path("user0.pcap");
    ASSERT_EQ(std::system(("editcap -T user0 " + passive_capture("link_raw") + " " + user0).c_str()), 0);
    const std::string mixed = merged_pcapng({passive_capture("flows"), user0, passive_capture("link_sll")});
    const std::string expected = test::temp_path("expected.log"), got = test::temp_path("got.log");
    append_log(passive_capture("flows"), expected);
    append_log(passive_capture("link_sll"), expected);
    auto r = run_passive_utc({"-r", mixed, "-o", got, "-q"});
    ASSERT_TRUE(r.status) << r.status.error().describe();
    const std::string warning =
        "warning: interface 1 has link type 147, which whorl does not decode; its packets are skipped\n";
    EXPECT_NE(r.err.find(warning), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(warning), r.err.rfind(warning)) << "one warning, not one per packet: " << r.err;
    EXPECT_EQ(lines_without(test::read_text(got), "host change"), lines_without(test::read_text(expected), "host change"));
    // Nothing decodable at all: refused, as a classic capture of that link type is.
    const std::string only_user0 = test::temp_path("user0.pcapng");
    ASSERT_EQ(std::system(("editcap -F pcapng " + user0 + " " + only_user0).c_str()), 0);
    auto refused = run_passive_utc({"-r", only_user0, "-q"});
    ASSERT_FALSE(refused.status);
    EXPECT_EQ(refused.status.error().code, Errc::unsupported);
    EXPECT_NE(refused.status.error().describe().find("link type 147 is not supported"), std::string::npos)
        << refused.status.error().describe();
}

// A broken pcapng file is one error with the file and the block's offset.
TEST(PassivePcapng, ACorruptBlockNamesTheFileAndItsOffset) {
    if (!have_mergecap_and_editcap()) GTEST_SKIP() << "mergecap or editcap is not installed";
    const std::string mixed = merged_pcapng({passive_capture("flows"), passive_capture("link_sll")});
    std::string bytes = test::read_text(mixed);
    bytes.resize(bytes.size() - 10);  // into the last block
    const std::string cut = test::temp_path("cut.pcapng");
    test::write_text(cut, bytes);
    auto r = run_passive_utc({"-r", cut, "-q"});
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().code, Errc::parse);
    EXPECT_EQ(r.status.error().where.rfind(cut + ": offset ", 0), 0u) << r.status.error().describe();
    EXPECT_NE(r.status.error().message.find("truncated block"), std::string::npos) << r.status.error().describe();
}

}  // namespace
}  // namespace whorl::cli
