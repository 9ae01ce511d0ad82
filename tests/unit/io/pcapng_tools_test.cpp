// PcapngFileReader on files made by Wireshark's tools from the passive fixtures: mergecap's
// pcapng of an Ethernet, a Linux SLL and a raw-IP capture (which libpcap refuses) read with
// each packet's own link type, as many packets as capinfos counts, a BPF filter applied to
// every interface; and editcap's single-link-type pcapng files (micro- and nanosecond)
// read exactly as libpcap reads them. Skipped when mergecap, editcap or capinfos is missing.
#include <cstdint>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "capture_test_support.hpp"
#include "io/pcap_file_reader.hpp"
#include "io/pcap_source.hpp"
#include "io/pcapng_file_reader.hpp"
#include "support/external_tools.hpp"
#include "support/fixtures.hpp"

namespace whorl::io {
namespace {

using report::test::run_command;
using report::test::ScratchDir;
using report::test::shell_quote;
using report::test::tool_works;

std::string passive_fixture(const std::string& name) { return whorl::test::fixture_path("pcap/passive/" + name + ".pcap"); }

bool have_wireshark_tools() {
    return tool_works("command -v mergecap && command -v editcap && command -v capinfos");
}

// capinfos' packet count of a capture.
std::size_t capinfos_count(const std::string& path) {
    const auto r = run_command("capinfos -c -M -T -r " + shell_quote(path));
    EXPECT_EQ(r.status, 0) << r.output;
    const auto tab = r.output.rfind('\t');
    return tab == std::string::npos ? 0 : std::stoul(r.output.substr(tab + 1));
}

// mergecap -a: the three captures one after the other, one interface each.
std::string merged_capture(const ScratchDir& dir) {
    const std::string out = dir.path() + "/mixed.pcapng";
    const auto r = run_command("mergecap -a -F pcapng -w " + shell_quote(out) + " " + shell_quote(passive_fixture("flows")) +
                               " " + shell_quote(passive_fixture("link_sll")) + " " +
                               shell_quote(passive_fixture("link_raw")));
    EXPECT_EQ(r.status, 0) << r.output;
    return out;
}

// How many packets of a classic capture pass `filter`, read by whorl's classic reader.
std::size_t classic_count(const std::string& name, const std::string& filter) {
    auto src = PcapFileReader::open(passive_fixture(name), filter);
    EXPECT_TRUE(src && *src);
    return src && *src ? test::read_all(**src).packets : 0;
}

TEST(PcapngTools, MergecapsMixedLinkTypesAreReadPacketByPacket) {
    if (!have_wireshark_tools()) GTEST_SKIP() << "mergecap, editcap or capinfos is not installed";
    ScratchDir dir;
    const std::string mixed = merged_capture(dir);
    // libpcap stops at the second interface (if it ever reads on, this reader may go).
    auto pcap = PcapSource::open_file(mixed);
    ASSERT_TRUE(pcap) << pcap.error().describe();
    const auto by_libpcap = test::read_all(**pcap);
    ASSERT_TRUE(by_libpcap.error);
    EXPECT_NE(by_libpcap.error->message.find("different from the type of the first interface"), std::string::npos)
        << by_libpcap.error->describe();
    auto src = open_capture_file(mixed);
    ASSERT_TRUE(src) << src.error().describe();
    EXPECT_NE(dynamic_cast<PcapngFileReader*>(src->get()), nullptr);
    EXPECT_EQ((*src)->datalink(), 1);
    std::map<int, std::size_t> per_dlt;
    std::size_t packets = 0;
    for (auto p = (*src)->next(); p && *p; p = (*src)->next()) {
        ++per_dlt[(*p)->dlt];
        ++packets;
    }
    EXPECT_TRUE((*src)->at_end());
    EXPECT_EQ(packets, capinfos_count(mixed));
    EXPECT_EQ(per_dlt, (std::map<int, std::size_t>{{1, 26}, {12, 4}, {113, 4}}));
}

TEST(PcapngTools, AFilterAppliesToEveryInterface) {
    if (!have_wireshark_tools()) GTEST_SKIP() << "mergecap, editcap or capinfos is not installed";
    ScratchDir dir;
    const std::string mixed = merged_capture(dir);
    for (const std::string filter : {"tcp", "ip6", "tcp[tcpflags] & tcp-syn != 0 and not tcp[tcpflags] & tcp-ack != 0"}) {
        auto src = open_capture_file(mixed, filter);
        ASSERT_TRUE(src) << src.error().describe();
        const auto all = test::read_all(**src);
        EXPECT_FALSE(all.error);
        const std::size_t expected =
            classic_count("flows", filter) + classic_count("link_sll", filter) + classic_count("link_raw", filter);
        EXPECT_EQ(all.packets, expected) << filter;
        EXPECT_LT(all.packets, capinfos_count(mixed)) << filter;
        EXPECT_GT(classic_count("link_sll", filter), 0u) << filter;
    }
}

// editcap's pcapng of one link type: libpcap reads it, and whorl's reader gives the same
// packets (bytes, lengths, timestamps), with microsecond and nanosecond resolutions.
TEST(PcapngTools, EditcapsPcapngReadsExactlyAsLibpcapReadsIt) {
    if (!have_wireshark_tools()) GTEST_SKIP() << "mergecap, editcap or capinfos is not installed";
    ScratchDir dir;
    for (const std::string name : {"flows", "http_segments", "link_sll2", "vlan"}) {
        const std::string micro = dir.path() + "/" + name + ".pcapng", nsec = dir.path() + "/" + name + "-ns.pcap",
                          nano = dir.path() + "/" + name + "-ns.pcapng";
        ASSERT_EQ(run_command("editcap -F pcapng " + shell_quote(passive_fixture(name)) + " " + shell_quote(micro)).status, 0);
        ASSERT_EQ(run_command("editcap -F nseclibpcap " + shell_quote(passive_fixture(name)) + " " + shell_quote(nsec)).status, 0);
        ASSERT_EQ(run_command("editcap -F pcapng " + shell_quote(nsec) + " " + shell_quote(nano)).status, 0);
        for (const auto& file : {micro, nano}) {
            auto pcap = PcapSource::open_file(file);
            ASSERT_TRUE(pcap) << pcap.error().describe();
            auto own = PcapngFileReader::open(file);
            ASSERT_TRUE(own && *own) << file;
            EXPECT_EQ((*own)->datalink(), (*pcap)->datalink());
            test::expect_same_packets(**pcap, **own);
        }
    }
}

}  // namespace
}  // namespace whorl::io
