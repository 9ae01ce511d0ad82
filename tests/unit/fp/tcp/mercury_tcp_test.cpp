// mercury's TCP fingerprint of a SYN (fp/tcp/mercury_tcp): the string of a SYN the lab's
// Linux sent, and of Windows 10's and Fedora's SYNs as mercury's table lists them
// (data/mercury/tcp-os.tsv); the evidence the table gives for them, and none for a
// fingerprint no family holds 80 % of, or that is too rarely seen.
#include <gtest/gtest.h>

#include "fp/db/data_paths.hpp"
#include "fp/tcp/mercury_tcp.hpp"
#include "support/lab_capture.hpp"

namespace whorl::fp::passive {
namespace {

// mercury's string leaves the TTL out; the evidence checks it (128: Windows' start).
TcpSignatureInput syn(std::uint16_t window, std::uint16_t mss, std::uint8_t ws, std::initializer_list<std::uint8_t> layout,
                      std::uint8_t eol_pad = 0, std::uint8_t ttl = 128) {
    return test::built_syn(ttl, window, mss, ws, layout, eol_pad);
}

TEST(MercuryTcp, StringsAsMercuryWritesThem) {
    EXPECT_EQ(mercury_tcp_string(syn(64240, 1460, 8, {kOptMss, kOptNop, kOptWs, kOptNop, kOptNop, kOptSackOk})),
              "(faf0)(020405b4)(01)(030308)(01)(01)(04)");
    EXPECT_EQ(mercury_tcp_string(syn(4096, 0, 0, {kOptTs, kOptEol}, 1)), "(1000)(08)(00)(00)");
    EXPECT_EQ(mercury_tcp_string(syn(4096, 0, 0, {})), "(1000)");
    // The lab's Linux 6.18 (window 64240, scale 10) from a real capture.
    auto frames = test::read_pcap("pcap/lab/linux-syns.pcap");
    ASSERT_FALSE(frames.empty());
    for (const auto& frame : frames) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        if (!f.tcp || !f.tcp->syn() || f.tcp->ack_flag() || !f.ipv4) continue;
        EXPECT_EQ(mercury_tcp_string(test::tcp_input_from_frame(f)), "(faf0)(020405b4)(04)(08)(01)(03030a)");
        break;
    }
}

TEST(MercuryTcp, TheTableNamesWindowsAndLinux) {
    auto dir = db::whorl_data_dir();
    ASSERT_TRUE(dir);
    auto table = tls::MercuryTable::load(*dir + "/mercury/tcp-os.tsv");
    ASSERT_TRUE(table) << table.error().describe();
    auto win = mercury_syn_evidence(*table, syn(64240, 1460, 8, {kOptMss, kOptNop, kOptWs, kOptNop, kOptNop, kOptSackOk}));
    ASSERT_TRUE(win);
    EXPECT_EQ(win->source, EvidenceSource::mercury_syn);
    EXPECT_EQ(win->family, OsFamily::windows);
    EXPECT_EQ(win->name, "Windows");
    EXPECT_GE(win->strength, kMercuryTcpDecisive);
    // Debian/Ubuntu/Fedora's Linux SYN (scale 7): Linux, Fedora's version the heaviest.
    auto lin = mercury_syn_evidence(*table, syn(64240, 1460, 7, {kOptMss, kOptSackOk, kOptTs, kOptNop, kOptWs}, 0, 61));
    ASSERT_TRUE(lin);
    EXPECT_EQ(lin->family, OsFamily::linux);
    EXPECT_EQ(lin->flavor.rfind("fedora_linux", 0), 0u) << lin->flavor;
    // Windows' SYN with Linux's TTL, and a Linux SYN mercury saw from Windows endpoints
    // (WSL, VMs) with Linux's TTL: the stack is not the labelled OS's, nothing is said.
    EXPECT_FALSE(mercury_syn_evidence(*table, syn(64240, 1460, 8, {kOptMss, kOptNop, kOptWs, kOptNop, kOptNop, kOptSackOk}, 0, 64)));
    EXPECT_FALSE(mercury_syn_evidence(*table, syn(29200, 1460, 7, {kOptMss, kOptSackOk, kOptTs, kOptNop, kOptWs}, 0, 64)));
}

TEST(MercuryTcp, MixedOrRareFingerprintsSayNothing) {
    auto table = tls::MercuryTable::parse(
        "(1000)(020405b4)\t500\tmicrosoft:windows_10:20H2=0.5;canonical:ubuntu_linux:22.04=0.5\n"
        "(2000)(020405b4)\t5\tmicrosoft:windows_10:20H2=1\n"
        "(3000)(020405b4)\t50\tmicrosoft:windows_10:20H2=0.6;microsoft:windows_11:22H2=0.3;apple:mac_os_x:13=0.1\n",
        "made-up");
    ASSERT_TRUE(table) << table.error().describe();
    EXPECT_FALSE(mercury_syn_evidence(*table, syn(0x1000, 1460, 0, {kOptMss})));  // 50/50
    EXPECT_FALSE(mercury_syn_evidence(*table, syn(0x2000, 1460, 0, {kOptMss})));  // 5 sightings
    auto windows = mercury_syn_evidence(*table, syn(0x3000, 1460, 0, {kOptMss}));  // 90 % Windows
    ASSERT_TRUE(windows);
    EXPECT_NEAR(windows->strength, 0.9, 1e-9);
    EXPECT_EQ(windows->flavor, "windows_10 20H2");
    EXPECT_FALSE(mercury_syn_evidence(*table, syn(0x4000, 1460, 0, {kOptMss})));  // not listed
}

}  // namespace
}  // namespace whorl::fp::passive
