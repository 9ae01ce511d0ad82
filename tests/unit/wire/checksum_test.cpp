// Internet checksum: RFC 1071's worked example, split/odd-length accumulation, the IPv4
// and IPv6 pseudo-headers against captured packets, and RFC 1624 incremental updates.
#include "wire/checksum.hpp"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "base/hex.hpp"

namespace whorl::wire {
namespace {

std::vector<std::byte> hex(std::string_view s) { return parse_hex(s).value(); }

TEST(Checksum, Rfc1071Example) {
    // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
    auto b = hex("0001 f203 f4f5 f6f7");
    ChecksumAccumulator acc;
    acc.add(b);
    EXPECT_EQ(acc.sum(), 0xDDF2);
    EXPECT_EQ(internet_checksum(b), 0x220D);
}

TEST(Checksum, OddLengthPadsWithZero) {
    EXPECT_EQ(internet_checksum(hex("01")), static_cast<std::uint16_t>(~0x0100));
    EXPECT_EQ(internet_checksum(hex("0102 03")), static_cast<std::uint16_t>(~(0x0102 + 0x0300)));
}

TEST(Checksum, AnySplitGivesTheSameSum) {
    std::mt19937 rng(7);
    std::vector<std::byte> data(301);
    for (auto& b : data) b = std::byte(rng() & 0xFF);
    const std::uint16_t whole = internet_checksum(data);
    for (std::size_t a = 0; a <= data.size(); a += 7) {
        for (std::size_t b = a; b <= data.size(); b += 13) {
            ChecksumAccumulator acc;
            acc.add(Bytes(data).subspan(0, a));
            acc.add(Bytes(data).subspan(a, b - a));
            acc.add(Bytes(data).subspan(b));
            ASSERT_EQ(acc.checksum(), whole) << a << " " << b;
        }
    }
}

TEST(Checksum, VerifiesCapturedIpv4Header) {
    // nmap SEQ1's IPv4 header (active-os-detection.md §2.9): checksum 0x6850.
    auto h = hex("4500003ca967000031066850cb007101cb007102");
    EXPECT_EQ(internet_checksum(h), 0);
    store_be16(h, 10, 0);
    EXPECT_EQ(internet_checksum(h), 0x6850);
}

TEST(Checksum, Ipv4PseudoHeaderOnCapturedTcp) {
    // nmap SEQ1's TCP segment, checksum 0x730e.
    auto seg = hex("ca870050ef1bc490747960f4a0020001730e0000 03030a01020405b4080affffffff000000000402");
    const Ipv4Address src{0xCB007101}, dst{0xCB007102};
    EXPECT_EQ(transport_checksum(src, dst, 6, seg), 0);
    store_be16(seg, 16, 0);
    EXPECT_EQ(transport_checksum(src, dst, 6, seg), 0x730E);
}

TEST(Checksum, Ipv6PseudoHeader) {
    // ICMPv6 echo request 2001:db8::1 -> 2001:db8::2, id 0x1111 seq 3, "abcd" (scapy).
    auto msg = hex("8000 0000 1111 0003 61626364");
    const auto src = *Ipv6Address::parse("2001:db8::1");
    const auto dst = *Ipv6Address::parse("2001:db8::2");
    const std::uint16_t c = transport_checksum(src, dst, 58, msg);
    store_be16(msg, 2, c);
    EXPECT_EQ(transport_checksum(src, dst, 58, msg), 0);
    // Independent computation: pseudo-header words summed by hand.
    std::uint32_t s = 0x2001 + 0x0db8 + 0x0001 + 0x2001 + 0x0db8 + 0x0002 + 12 + 58;
    s += 0x8000 + 0x1111 + 0x0003 + 0x6162 + 0x6364;
    while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
    EXPECT_EQ(c, static_cast<std::uint16_t>(~s));
}

TEST(Checksum, IncrementalUpdateMatchesRecompute) {
    std::mt19937 rng(11);
    std::vector<std::byte> data(40);
    for (int round = 0; round < 2000; ++round) {
        for (auto& b : data) b = std::byte(rng() & 0xFF);
        store_be16(data, 10, 0);
        store_be16(data, 10, internet_checksum(data));
        const std::size_t word = (rng() % 20) * 2;
        if (word == 10) continue;
        const std::uint16_t old = load_be16(data, word);
        const std::uint16_t now = static_cast<std::uint16_t>(rng());
        const std::uint16_t updated = checksum_update16(load_be16(data, 10), old, now);
        store_be16(data, word, now);
        store_be16(data, 10, 0);
        ASSERT_EQ(updated, internet_checksum(data)) << round;
        store_be16(data, 10, updated);
        ASSERT_EQ(internet_checksum(data), 0);
    }
}

TEST(Checksum, Update32KeepsTheSegmentVerifying) {
    auto seg = hex("ca870050ef1bc490747960f4a0020001730e0000 03030a01020405b4080affffffff000000000402");
    const Ipv4Address src{0xCB007101}, dst{0xCB007102};
    store_be16(seg, 16, checksum_update32(load_be16(seg, 16), load_be32(seg, 4), 0x01020304));
    store_be32(seg, 4, 0x01020304);
    EXPECT_EQ(transport_checksum(src, dst, 6, seg), 0);
}

}  // namespace
}  // namespace whorl::wire
