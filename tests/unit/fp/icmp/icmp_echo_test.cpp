// ICMP echo: the real iputils and busybox pings of the lab (linux-pings.pcap) and the
// documented payloads of Windows, BSD/macOS, Cisco and Nmap.
#include <gtest/gtest.h>

#include "fp/icmp/icmp_echo.hpp"
#include "support/lab_capture.hpp"

namespace whorl::fp::passive {
namespace {

std::vector<std::byte> bytes(std::initializer_list<int> v) {
    std::vector<std::byte> out;
    for (int b : v) out.push_back(std::byte(static_cast<std::uint8_t>(b)));
    return out;
}

std::vector<std::byte> windows_payload(std::size_t n) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::byte(static_cast<std::uint8_t>('a' + i % 23)));
    return out;
}

TEST(IcmpEcho, LabPingsAreLinuxAndRepliesOnlyTtl) {
    int requests = 0, busybox = 0;
    for (const auto& frame : test::read_pcap("pcap/lab/linux-pings.pcap")) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        Bytes payload;
        bool request = false;
        std::uint8_t ttl = 0;
        if (f.icmp4) {
            payload = f.icmp4->payload();
            request = f.icmp4->type() == 8;
            ttl = f.ipv4->ttl();
        } else {
            ASSERT_TRUE(f.icmp6);
            payload = f.icmp6->payload();
            request = f.icmp6->type() == 128;
            ttl = f.ipv6->hop_limit();
        }
        ASSERT_EQ(payload.size(), 56u);
        auto e = classify_icmp_echo(ttl, payload, request);
        if (!request) {
            EXPECT_FALSE(e);  // TTL 64 alone names no family, whatever the payload says
            continue;
        }
        ++requests;
        ASSERT_TRUE(e);
        EXPECT_EQ(e->family, OsFamily::linux);
        EXPECT_EQ(e->strength, 0.8);
        EXPECT_EQ(e->source, EvidenceSource::icmp);
        if (e->flavor == "busybox") ++busybox;
    }
    EXPECT_EQ(requests, 8);
    EXPECT_EQ(busybox, 4);
}

TEST(IcmpEcho, WindowsPingPayload) {
    auto p = windows_payload(32);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(p.data()), p.size()), "abcdefghijklmnopqrstuvwabcdefghi");
    auto e = classify_icmp_echo(125, p, true);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->family, OsFamily::windows);
    EXPECT_EQ(e->strength, 0.8);
    auto big = classify_icmp_echo(128, windows_payload(1472), true);  // ping -l 1472
    ASSERT_TRUE(big);
    EXPECT_EQ(big->family, OsFamily::windows);
    auto wsl = classify_icmp_echo(64, p, true);  // the payload, but a TTL-64 stack sent it
    ASSERT_TRUE(wsl);
    EXPECT_EQ(wsl->strength, 0.5);
}

TEST(IcmpEcho, BsdAndMacPayload) {
    std::vector<std::byte> p(56);
    for (std::size_t i = 0; i < 8; ++i) p[i] = std::byte(static_cast<std::uint8_t>(0x60 + i));  // struct tv32
    for (std::size_t i = 8; i < 56; ++i) p[i] = std::byte(static_cast<std::uint8_t>(i));
    auto e = classify_icmp_echo(64, p, true);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->family, OsFamily::macos);
    EXPECT_NE(e->flavor.find("FreeBSD"), std::string::npos);
}

TEST(IcmpEcho, CiscoPattern) {
    std::vector<std::byte> p;
    for (int i = 0; i < 36; ++i) {
        p.push_back(std::byte{0xAB});
        p.push_back(std::byte{0xCD});
    }
    auto e = classify_icmp_echo(255, p, true);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->family, OsFamily::network_device);
    EXPECT_EQ(e->strength, 0.8);
}

TEST(IcmpEcho, NmapProbesAreATool) {
    auto discovery = classify_icmp_echo(48, {}, true);
    ASSERT_TRUE(discovery);
    EXPECT_EQ(discovery->family, OsFamily::unknown);
    EXPECT_EQ(discovery->strength, 0.0);
    std::vector<std::byte> ie1(120), ie2(150);
    EXPECT_EQ(classify_icmp_echo(52, ie1, true)->name, "Nmap");
    EXPECT_EQ(classify_icmp_echo(52, ie2, true)->name, "Nmap");
}

TEST(IcmpEcho, TtlAloneSaysLittle) {
    auto unknown = bytes({1, 2, 3, 4, 5});
    auto w = classify_icmp_echo(120, unknown, true);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->family, OsFamily::windows);
    EXPECT_LT(w->strength, 0.5);
    auto gear = classify_icmp_echo(250, unknown, false);
    ASSERT_TRUE(gear);
    EXPECT_EQ(gear->family, OsFamily::network_device);
    EXPECT_LT(gear->strength, w->strength);
    EXPECT_FALSE(classify_icmp_echo(60, unknown, true));
    EXPECT_FALSE(classify_icmp_echo(30, unknown, false));
    // A reply's payload belongs to whoever asked: a Windows payload in a TTL-64 reply is no
    // Windows evidence about the replier.
    EXPECT_FALSE(classify_icmp_echo(64, windows_payload(32), false));
}

}  // namespace
}  // namespace whorl::fp::passive
