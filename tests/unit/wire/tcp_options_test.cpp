// TCP option walk: every kind with its value, nmap's 13 option blocks, and one fixture per
// malformation (each wrong fixed length, SACK and unknown lengths, running past the area,
// EOL followed by non-zero bytes), with the values p0f would still read.
#include "wire/tcp_options.hpp"

#include <string>

#include <gtest/gtest.h>

#include "base/hex.hpp"
#include "wire_fixture.hpp"

namespace whorl::wire {
namespace {

using test::load_fixture;

// p0f-style layout text: mss,nop,ws,sok,sack,ts,eol+N,?K; a cut option is marked '!'.
std::string layout(const TcpOptions& o) {
    std::string s;
    for (const auto& opt : o.list()) {
        if (!s.empty()) s += ',';
        switch (opt.kind) {
            case tcp_option::kEol: s += "eol+" + std::to_string(o.eol_padding()); break;
            case tcp_option::kNop: s += "nop"; break;
            case tcp_option::kMss: s += "mss"; break;
            case tcp_option::kWindowScale: s += "ws"; break;
            case tcp_option::kSackPermitted: s += "sok"; break;
            case tcp_option::kSack: s += "sack"; break;
            case tcp_option::kTimestamp: s += "ts"; break;
            default: s += '?'; s += std::to_string(opt.kind);
        }
        if (opt.cut) s += '!';
    }
    return s;
}

TcpOptions options_of(const test::WireFixture& fx) { return TcpOptions::parse(fx.decode().tcp->options()); }

TEST(TcpOptions, LinuxSyn) {
    auto fx = load_fixture("eth_ipv4_tcp_syn");
    auto o = options_of(fx);
    EXPECT_EQ(layout(o), "mss,sok,ts,nop,ws");
    EXPECT_EQ(o.mss(), 1460);
    EXPECT_EQ(o.window_scale(), 7);
    EXPECT_TRUE(o.sack_permitted());
    EXPECT_EQ(o.timestamps(), (TcpTimestamps{123456, 0}));
    EXPECT_FALSE(o.eol_offset());
    EXPECT_TRUE(o.quirks().none());
    EXPECT_FALSE(o.malformed());
}

TEST(TcpOptions, EveryKind) {
    auto fx = load_fixture("raw_tcp_all_options");
    auto o = options_of(fx);
    EXPECT_EQ(layout(o), "mss,ws,sok,ts,sack,?34,?30,nop,eol+3");
    EXPECT_EQ(o.mss(), 1460);
    EXPECT_EQ(o.window_scale(), 14);
    EXPECT_TRUE(o.sack_permitted());
    EXPECT_EQ(o.timestamps(), (TcpTimestamps{1, 2}));
    ASSERT_EQ(o.sack_block_count(), 1u);
    EXPECT_EQ(o.sack_block(0), std::make_pair(100u, 512u));
    EXPECT_EQ(o.eol_offset(), 36);
    EXPECT_EQ(o.eol_padding(), 3u);
    EXPECT_TRUE(o.quirks().has(TcpOptionQuirk::eol_nonzero));
    EXPECT_FALSE(o.malformed());  // opt+ is not `bad`
    // Per-option spans: kind 34 (TFO cookie request, empty), kind 30 (MPTCP, 2 bytes).
    const auto list = o.list();
    EXPECT_EQ(list[5].kind, 34);
    EXPECT_EQ(list[5].offset, 29);
    EXPECT_TRUE(o.value(list[5]).empty());
    EXPECT_EQ(list[6].kind, 30);
    EXPECT_EQ(list[6].length, 4);
    EXPECT_EQ(to_hex(o.value(list[6])), "0101");
    EXPECT_EQ(to_hex(o.value(list[3])), "0000000100000002");
}

TEST(TcpOptions, NmapBlocks) {
    // active-os-detection.md §2.2, the 13 option blocks nmap sends, in p0f layout terms.
    const std::pair<const char*, const char*> blocks[] = {
        {"03030a01020405b4080affffffff000000000402", "ws,nop,mss,ts,sok"},
        {"020405780303000402080affffffff0000000000", "mss,ws,sok,ts,eol+0"},
        {"080affffffff0000000001010303050102040280", "ts,nop,nop,ws,nop,mss"},
        {"0402080affffffff0000000003030a00", "sok,ts,ws,eol+0"},
        {"020402180402080affffffff0000000003030a00", "mss,sok,ts,ws,eol+0"},
        {"020401090402080affffffff00000000", "mss,sok,ts"},
        {"03030a01020405b404020101", "ws,nop,mss,sok,nop,nop"},
        {"03030a0102040109080affffffff000000000402", "ws,nop,mss,ts,sok"},
        {"03030f0102040109080affffffff000000000402", "ws,nop,mss,ts,sok"},
    };
    for (const auto& [hex, want] : blocks) {
        auto bytes = parse_hex(hex).value();
        auto o = TcpOptions::parse(bytes);
        EXPECT_EQ(layout(o), want) << hex;
        EXPECT_FALSE(o.malformed()) << hex;
        EXPECT_EQ(o.timestamps().value_or(TcpTimestamps{}).tsval, std::string(hex).find("080a") != std::string::npos ? 0xFFFFFFFFu : 0u);
    }
    auto t7 = TcpOptions::parse(parse_hex(blocks[8].first).value());
    EXPECT_EQ(t7.window_scale(), 15);  // > 14: p0f's exws
    EXPECT_EQ(t7.mss(), 265);
}

struct BadCase {
    const char* fixture;
    const char* layout;
    std::initializer_list<TcpOptionQuirk> quirks;
};

TEST(TcpOptions, MalformedLengths) {
    using Q = TcpOptionQuirk;
    const BadCase cases[] = {
        {"bad_tcp_opt_mss_length", "mss,eol+3", {Q::mss_length}},
        {"bad_tcp_opt_ws_length", "ws,nop,eol+3", {Q::window_scale_length}},
        {"bad_tcp_opt_sackok_length", "sok,nop,nop", {Q::sack_permitted_length}},
        {"bad_tcp_opt_ts_length", "ts,eol+1", {Q::timestamp_length}},
        {"bad_tcp_opt_sack_length", "sack,eol+1", {Q::sack_length}},
        {"bad_tcp_opt_unknown_length", "?254", {Q::unknown_length, Q::not_at_end}},
        {"bad_tcp_opt_unknown_too_long", "nop,nop,?34!", {Q::unknown_length, Q::past_end, Q::not_at_end}},
        {"bad_tcp_opt_past_end", "nop,nop,nop,nop,nop,nop,nop,nop,ts!", {Q::past_end, Q::not_at_end}},
        {"bad_tcp_opt_eol_nonzero", "mss,eol+3", {Q::eol_nonzero}},
    };
    for (const auto& c : cases) {
        auto fx = load_fixture(c.fixture);
        auto o = options_of(fx);
        EXPECT_EQ(layout(o), c.layout) << c.fixture;
        EXPECT_EQ(o.quirks(), FlagSet<TcpOptionQuirk>(c.quirks)) << c.fixture;
        EXPECT_EQ(o.malformed(), c.quirks.begin()[0] != Q::eol_nonzero) << c.fixture;
    }
}

TEST(TcpOptions, ValuesReadDespiteWrongLength) {
    auto mss = load_fixture("bad_tcp_opt_mss_length");
    EXPECT_EQ(options_of(mss).mss(), 1460);
    EXPECT_EQ(options_of(mss).list()[0].length, 5);
    auto ws = load_fixture("bad_tcp_opt_ws_length");
    EXPECT_EQ(options_of(ws).window_scale(), 14);
    auto ts = load_fixture("bad_tcp_opt_ts_length");
    EXPECT_EQ(options_of(ts).timestamps(), (TcpTimestamps{1, 2}));
    auto past = load_fixture("bad_tcp_opt_past_end");
    EXPECT_FALSE(options_of(past).timestamps());  // its bytes are not there
}

TEST(TcpOptions, EdgeCases) {
    EXPECT_EQ(TcpOptions::parse(Bytes{}).count(), 0u);
    // A lone MSS kind: the length octet is missing.
    std::array<std::byte, 1> k{std::byte{2}};
    auto o = TcpOptions::parse(k);
    EXPECT_EQ(layout(o), "mss!");
    EXPECT_FALSE(o.list()[0].has_length);
    EXPECT_TRUE(o.quirks().has(TcpOptionQuirk::past_end));
    // 40 NOPs fill the capacity exactly; anything past 40 bytes is ignored.
    std::vector<std::byte> nops(60, std::byte{1});
    auto n = TcpOptions::parse(nops);
    EXPECT_EQ(n.count(), 40u);
    EXPECT_TRUE(n.quirks().none());
    // Unknown kind with length 0 stops the walk instead of looping.
    std::array<std::byte, 4> zero_len{std::byte{99}, std::byte{0}, std::byte{1}, std::byte{1}};
    auto z = TcpOptions::parse(zero_len);
    EXPECT_EQ(layout(z), "?99");
    EXPECT_TRUE(z.quirks().has(TcpOptionQuirk::unknown_length));
}

}  // namespace
}  // namespace whorl::wire
