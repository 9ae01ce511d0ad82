// IPv4: fields of captured/scapy frames, options, padding trimmed, rebuilt bytes; a
// malformed case for IHL (short, past the capture), total length (past the capture, below
// the header), the checksum and fragments.
#include <gtest/gtest.h>

#include "wire/packet_builder.hpp"
#include "wire/ipv4.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::load_fixture;
using test::rebuild_frame;

TEST(Ipv4, Fields) {
    auto fx = load_fixture("eth_ipv4_tcp_syn");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv4);
    const Ipv4View& ip = *f.ipv4;
    EXPECT_EQ(ip.version(), 4);
    EXPECT_EQ(ip.header_length(), 20u);
    EXPECT_EQ(ip.tos(), 0x02);
    EXPECT_EQ(ip.ecn(), 2);
    EXPECT_EQ(ip.dscp(), 0);
    EXPECT_EQ(ip.total_length(), 60);
    EXPECT_EQ(ip.id(), 0x1234);
    EXPECT_TRUE(ip.dont_fragment());
    EXPECT_FALSE(ip.more_fragments());
    EXPECT_FALSE(ip.reserved_flag());
    EXPECT_EQ(ip.fragment_offset(), 0);
    EXPECT_EQ(ip.ttl(), 64);
    EXPECT_EQ(ip.protocol(), 6);
    EXPECT_EQ(ip.src().to_string(), "198.51.100.1");
    EXPECT_EQ(ip.dst().to_string(), "198.51.100.2");
    EXPECT_TRUE(ip.options().empty());
    EXPECT_EQ(ip.payload().size(), 40u);
    EXPECT_TRUE(ip.trailer().empty());
    EXPECT_TRUE(ip.quirks().none());
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Ipv4, OptionsAreKept) {
    auto fx = load_fixture("eth_ipv4_options_tcp");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(f.ipv4->ihl(), 6);
    ASSERT_EQ(f.ipv4->options().size(), 4u);
    EXPECT_EQ(load_be32(f.ipv4->options(), 0), 0x94040000u);  // router alert
    EXPECT_EQ(f.transport_offset, 14 + 24);
    EXPECT_EQ(as_text(f.tcp->payload()), "hello");
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Ipv4, EthernetPaddingIsTrimmed) {
    auto fx = load_fixture("eth_ipv4_padding");
    auto f = fx.decode();
    ASSERT_TRUE(f.complete());
    EXPECT_EQ(fx.bytes.size(), 60u);
    EXPECT_EQ(f.ipv4->total_length(), 40);
    EXPECT_EQ(f.ipv4->payload().size(), 20u);
    ASSERT_EQ(f.ipv4->trailer().size(), 6u);
    EXPECT_EQ(load_be16(f.ipv4->trailer(), 4), 0xDEAD);
    EXPECT_TRUE(f.tcp->payload().empty());  // the padding is not TCP payload
    EXPECT_EQ(rebuild_frame(f), fx.bytes);
}

TEST(Ipv4, IhlBelowFiveIsInvalid) {
    auto fx_f = load_fixture("bad_ipv4_ihl_short");
    auto f = fx_f.decode();
    EXPECT_EQ(f.issue, FrameIssue::ipv4_invalid);
    EXPECT_FALSE(f.ipv4);
}

TEST(Ipv4, IhlPastTheCaptureIsInvalid) {
    auto fx_f = load_fixture("bad_ipv4_ihl_past_end");
    auto f = fx_f.decode();
    EXPECT_EQ(f.issue, FrameIssue::ipv4_invalid);
    EXPECT_EQ(f.issue_offset, 0u);
}

TEST(Ipv4, TotalLengthPastTheCaptureIsTruncated) {
    auto fx = load_fixture("bad_ipv4_total_length_past_end");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv4);
    EXPECT_TRUE(f.ipv4->quirks().has(Ipv4Quirk::truncated));
    EXPECT_TRUE(f.truncated());
    EXPECT_EQ(f.ipv4->total_length(), 1500);
    EXPECT_EQ(f.ipv4->payload().size(), 20u);  // what is there
    EXPECT_TRUE(f.tcp);                        // the TCP header itself is whole
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
}

TEST(Ipv4, TotalLengthBelowHeader) {
    auto fx = load_fixture("bad_ipv4_total_length_short");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv4);
    EXPECT_TRUE(f.ipv4->quirks().has(Ipv4Quirk::total_length_invalid));
    EXPECT_TRUE(f.ipv4->payload().empty());
    EXPECT_EQ(f.ipv4->trailer().size(), 20u);
    EXPECT_EQ(f.issue, FrameIssue::tcp_truncated);
}

TEST(Ipv4, BadChecksumIsAQuirk) {
    auto fx = load_fixture("bad_ipv4_checksum");
    auto f = fx.decode();
    ASSERT_TRUE(f.ipv4);
    EXPECT_TRUE(f.ipv4->quirks().has(Ipv4Quirk::checksum_bad));
    EXPECT_EQ(f.ipv4->checksum(), 0xDEAD);
    EXPECT_TRUE(f.complete());  // the packet is still decoded
    EXPECT_EQ(rebuild_frame(f, true), fx.bytes);
    // Rebuilt with a computed checksum, the quirk goes away.
    auto fixed = rebuild_frame(f);
    EXPECT_FALSE(decode_frame(LinkType::raw, fixed).ipv4->quirks().has(Ipv4Quirk::checksum_bad));
}

TEST(Ipv4, LaterFragmentHasNoTransport) {
    auto fx_f = load_fixture("bad_ipv4_fragment_later");
    auto f = fx_f.decode();
    ASSERT_TRUE(f.ipv4);
    EXPECT_EQ(f.ipv4->fragment_offset(), 185);
    EXPECT_TRUE(f.ipv4->is_fragment());
    EXPECT_EQ(f.issue, FrameIssue::fragment);
    EXPECT_EQ(f.issue_offset, 20u);
    EXPECT_FALSE(f.tcp);
}

TEST(Ipv4, UnsupportedProtocol) {
    auto fx_f = load_fixture("bad_ipv4_gre");
    auto f = fx_f.decode();
    EXPECT_EQ(f.issue, FrameIssue::transport_unsupported);
    EXPECT_EQ(f.transport_protocol, 47);
}

TEST(Ipv4, ParseRejectsWrongVersionAndShortInput) {
    std::array<std::byte, 20> b{};
    store_u8(b, 0, 0x65);
    EXPECT_FALSE(Ipv4View::parse(b));
    store_u8(b, 0, 0x45);
    EXPECT_TRUE(Ipv4View::parse(b));
    EXPECT_FALSE(Ipv4View::parse(Bytes(b).first(19)));
}

TEST(Ipv4Builder, FlagsAndRefusals) {
    std::array<std::byte, 64> out{};
    Ipv4Fields f;
    f.reserved_flag = true;
    f.more_fragments = true;
    f.fragment_offset = 0x1FFF;
    auto n = write_ipv4_header(out, f, 17, 8);
    ASSERT_EQ(n, 20u);
    auto v = Ipv4View::parse(Bytes(out).first(28));
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->reserved_flag());
    EXPECT_TRUE(v->more_fragments());
    EXPECT_FALSE(v->dont_fragment());
    EXPECT_EQ(v->fragment_offset(), 0x1FFF);
    EXPECT_FALSE(v->quirks().has(Ipv4Quirk::checksum_bad));

    f.fragment_offset = 0x2000;  // does not fit in 13 bits
    EXPECT_FALSE(write_ipv4_header(out, f, 17, 8));
    f.fragment_offset = 0;
    std::array<std::byte, 41> big_options{};
    f.options = big_options;
    EXPECT_FALSE(write_ipv4_header(out, f, 17, 8));
    f.options = {};
    EXPECT_FALSE(write_ipv4_header(MutableBytes(out).first(19), f, 17, 8));
    EXPECT_FALSE(write_ipv4_header(out, f, 17, 0xFFFF));  // total length overflow
}

}  // namespace
}  // namespace whorl::wire
