// decode_frame over every fixture: the issue each one must give, the layers present, the
// round trip through the builders for every frame decoded to its transport, and no frame
// (nor any prefix of one) that the decoder reads past, under any link type.
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::all_fixture_names;
using test::load_fixture;
using test::rebuild_frame;

// The issue every fixture must decode to; anything not listed must decode completely.
const std::map<std::string, FrameIssue> kExpectedIssues = {
    {"eth_arp", FrameIssue::not_ip},
    {"raw_ipv6_fragment_later", FrameIssue::fragment},
    {"raw_ipv6_no_next_header", FrameIssue::no_transport},
    {"bad_ipv4_ihl_short", FrameIssue::ipv4_invalid},
    {"bad_ipv4_ihl_past_end", FrameIssue::ipv4_invalid},
    {"bad_ipv4_total_length_short", FrameIssue::tcp_truncated},
    {"bad_ipv4_fragment_later", FrameIssue::fragment},
    {"bad_ipv6_payload_length_short", FrameIssue::tcp_truncated},
    {"bad_ipv6_hbh_length_past_end", FrameIssue::ipv6_extension_truncated},
    {"bad_ipv6_dstopt_length_past_end", FrameIssue::ipv6_extension_truncated},
    {"bad_ipv6_routing_length_past_end", FrameIssue::ipv6_extension_truncated},
    {"bad_ipv6_fragment_truncated", FrameIssue::ipv6_extension_truncated},
    {"bad_tcp_truncated", FrameIssue::tcp_truncated},
    {"bad_icmp4_truncated", FrameIssue::icmp4_truncated},
    {"bad_icmp4_quote_truncated", FrameIssue::icmp4_quote_invalid},
    {"bad_icmp6_quote_truncated", FrameIssue::icmp6_quote_invalid},
    {"bad_ipv4_gre", FrameIssue::transport_unsupported},
    {"bad_vlan_truncated", FrameIssue::vlan_truncated},
    {"bad_eth_short", FrameIssue::link_truncated},
    {"bad_sll_short", FrameIssue::link_truncated},
    {"bad_sll2_short", FrameIssue::link_truncated},
    {"bad_null_short", FrameIssue::link_truncated},
    {"bad_null_family", FrameIssue::loopback_family_unknown},
};

TEST(DecodeFrame, EveryFixtureGivesItsIssue) {
    const auto names = all_fixture_names();
    ASSERT_GE(names.size(), 60u);
    for (const auto& name : names) {
        auto fx = load_fixture(name);
        auto f = fx.decode();
        auto it = kExpectedIssues.find(name);
        const FrameIssue want = it == kExpectedIssues.end() ? FrameIssue::none : it->second;
        EXPECT_EQ(frame_issue_name(f.issue), frame_issue_name(want)) << name;
        if (f.complete()) {
            EXPECT_TRUE(f.ipv4 || f.ipv6) << name;
            EXPECT_EQ(int(bool(f.tcp)) + bool(f.udp) + bool(f.icmp4) + bool(f.icmp6), 1) << name;
        }
    }
}

TEST(DecodeFrame, EveryDecodedFrameRebuildsToItsBytes) {
    int rebuilt = 0;
    for (const auto& name : all_fixture_names()) {
        auto fx = load_fixture(name);
        auto f = fx.decode();
        if (!f.tcp && !f.udp && !f.icmp4 && !f.icmp6) continue;
        EXPECT_EQ(rebuild_frame(f, true), fx.bytes) << name;
        ++rebuilt;
    }
    EXPECT_GE(rebuilt, 40);
}

TEST(DecodeFrame, EveryPrefixUnderEveryLinkType) {
    // Cut-off frames are the common case in captures with a snap length: every prefix must
    // decode without reading past its end (ASan checks that) and keep offsets in range.
    for (const auto& name : all_fixture_names()) {
        auto fx = load_fixture(name);
        for (std::size_t len = 0; len <= fx.bytes.size(); ++len) {
            const Bytes prefix = Bytes(fx.bytes).first(len);
            for (LinkType t : kAllLinkTypes) {
                auto f = decode_frame(t, prefix);
                ASSERT_LE(f.link.network_offset, len) << name;
                ASSERT_LE(f.issue_offset, len) << name << " " << link_type_name(t);
                if (f.tcp) {
                    ASSERT_LE(f.transport_offset + f.tcp->header_length(), len) << name;
                }
            }
        }
    }
}

TEST(DecodeFrame, IssueNamesAreDistinct) {
    std::map<std::string_view, int> seen;
    for (int i = 0; i <= static_cast<int>(FrameIssue::icmp6_quote_invalid); ++i)
        EXPECT_EQ(seen[frame_issue_name(static_cast<FrameIssue>(i))]++, 0);
}

TEST(DecodeFrame, StaysSmallAndTrivial) {
    static_assert(std::is_trivially_copyable_v<DecodedFrame>);
    EXPECT_LE(sizeof(DecodedFrame), 512u);
}

}  // namespace
}  // namespace whorl::wire
