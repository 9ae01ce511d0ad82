// p0f's TCP option walk and quirk bits on hand-made option areas, and the log-line
// helpers; the crafted captures cover the same rules against p0f's own output.
#include "fp/tcp/tcp_quirks.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <vector>

#include "fp/p0f/p0f_log_format.hpp"
#include "fp/tcp/tcp_signature.hpp"

namespace whorl::fp::passive {
namespace {

TcpOptions walk(std::vector<int> v) {
    std::vector<std::byte> b;
    for (int x : v) b.push_back(static_cast<std::byte>(x));
    return parse_tcp_options(b);
}

TEST(TcpOptions, LinuxLayoutAndValues) {
    auto o = walk({2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0x30, 0x39, 0, 0, 0, 7, 1, 3, 3, 7});
    EXPECT_EQ(format_layout(o.layout, o.eol_pad), "mss,sok,ts,nop,ws");
    EXPECT_EQ(o.mss, 1460);
    EXPECT_EQ(o.wscale, 7);
    EXPECT_EQ(o.ts1, 12345u);
    EXPECT_EQ(o.ts2, 7u);
    EXPECT_TRUE(o.ts2_nonzero);
    EXPECT_FALSE(o.bad);
}

TEST(TcpOptions, EolPaddingAndGarbage) {
    auto o = walk({2, 4, 5, 0xb4, 0, 0, 0, 0});
    EXPECT_EQ(format_layout(o.layout, o.eol_pad), "mss,eol+3");
    EXPECT_FALSE(o.eol_nonzero);
    EXPECT_TRUE(walk({0, 1, 0, 0}).eol_nonzero);
    // p0f's scan misses a non-zero byte in the very last position (kept as in p0f).
    EXPECT_FALSE(walk({0, 0, 0, 5}).eol_nonzero);
}

TEST(TcpOptions, MalformedOptionsAreBad) {
    EXPECT_TRUE(walk({2, 3, 5, 0xb4}).bad);          // MSS length 3: value still read
    EXPECT_EQ(walk({2, 3, 5, 0xb4}).mss, 0x05b4);
    EXPECT_TRUE(walk({2}).bad);                      // no length byte
    EXPECT_TRUE(walk({2, 4, 5}).bad);                // truncated
    EXPECT_TRUE(walk({3, 3}).bad);
    EXPECT_TRUE(walk({5, 9, 1, 2, 3, 4, 5, 6, 7}).bad);  // SACK shorter than 10
    EXPECT_TRUE(walk({30, 1}).bad);                  // unknown option length < 2
    EXPECT_TRUE(walk({30, 41}).bad);                 // > 40
    EXPECT_FALSE(walk({30, 2}).bad);
    EXPECT_TRUE(walk({8, 10, 0, 0, 0, 0}).bad);      // timestamp cut short
    auto ws = walk({3, 3, 15});
    EXPECT_TRUE(ws.exws);
    EXPECT_FALSE(ws.bad);
    std::vector<int> nops(25, 1);  // 24 options at most: the 25th byte is left over
    auto many = walk(nops);
    EXPECT_EQ(many.layout.count, 24);
    EXPECT_TRUE(many.bad);
    EXPECT_EQ(format_layout(walk({77, 2}).layout, 0), "?77");
}

TEST(TcpQuirks, HeaderBits) {
    TcpHeaderFields h;
    h.ip_version = 4;
    h.df = true;
    h.ip_id = 1;
    h.traffic_class = 0x02;  // ECT
    h.mbz = true;
    h.tcp_flags = kTcpSyn | kTcpPush | kTcpUrg;
    h.seq = 0;
    TcpOptions o;
    o.ts1_zero = true;
    o.ts2_nonzero = true;
    EXPECT_EQ(format_quirks(compute_quirks(h, o)), "df,id+,ecn,0+,seq-,urgf+,pushf+,ts1-,ts2+");
    h.tcp_flags = kTcpSyn | kTcpAck;  // ts2+ only on a pure SYN; ack- with ACK 0
    h.urg_ptr = 3;
    EXPECT_EQ(format_quirks(compute_quirks(h, o)), "df,id+,ecn,0+,seq-,ack-,uptr+,ts1-");
    TcpHeaderFields v6;
    v6.ip_version = 6;
    v6.flow_label = 1;
    v6.tcp_ns = true;
    v6.seq = 1;
    v6.tcp_flags = kTcpSyn;
    EXPECT_EQ(format_quirks(compute_quirks(v6, {})), "ecn,flow");
    TcpHeaderFields v4;
    v4.seq = 9;
    v4.tcp_flags = kTcpSyn;
    EXPECT_EQ(format_quirks(compute_quirks(v4, {})), "id-");
}

TEST(TcpSignature, RoundTripsEveryForm) {
    for (const char* text : {"*:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0",
                             "4:128-:0:1460:%512,*:::*", "6:64:20:0:mtu*4,0:?77,eol+3:ecn,flow:+",
                             "*:255:0:*:*,14:nop,nop,sack:ts1-,ts2+,opt+,exws,bad:0"}) {
        auto s = parse_tcp_signature(text);
        ASSERT_TRUE(s) << text << ": " << s.error();
        EXPECT_EQ(format_tcp_signature(*s), text);
    }
    auto sum = parse_tcp_signature("*:60+4:0:*:*,0:::0");
    ASSERT_TRUE(sum);
    EXPECT_EQ(sum->ttl, 64);
    EXPECT_FALSE(parse_tcp_signature("*:64-5:0:*:*,0:::0"));  // "N-" must end the field
}

TEST(P0fLogFormat, AddressesTimeAndLine) {
    const std::uint8_t v4[] = {198, 51, 100, 7};
    EXPECT_EQ(format_p0f_address(v4), "198.51.100.7");
    const std::uint8_t v6[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x08};
    EXPECT_EQ(format_p0f_address(v6), "2001:db8:0:0:0:0:0:108");  // as p0f prints it
    std::tm t{};
    t.tm_year = 123;
    t.tm_mon = 10;
    t.tm_mday = 14;
    t.tm_hour = 22;
    t.tm_min = 13;
    t.tm_sec = 20;
    EXPECT_EQ(format_log_time(t), "2023/11/14 22:13:20");
    EXPECT_EQ(format_log_line("2023/11/14 22:13:20", "mtu", "198.51.100.1/20001",
                              "198.51.100.200/80", true,
                              mtu_fields(MtuResult{1500, nullptr})),
              "[2023/11/14 22:13:20] mod=mtu|cli=198.51.100.1/20001|srv=198.51.100.200/80|"
              "subj=cli|link=???|raw_mtu=1500");
}

}  // namespace
}  // namespace whorl::fp::passive
