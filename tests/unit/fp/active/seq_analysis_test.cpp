// SEQ line arithmetic. The ISNs and TSvals of the first case are those Nmap 7.93 reported
// for a Linux 6.18 lab host (XML tcpsequence/tcptssequence of the reference run); with
// send times 100 ms apart they give Nmap's own line SP=102 GCD=1 ISR=109 TS=21, which an
// independent float32-faithful Python computation also gives.
#include "fp/active/seq_analysis.hpp"

#include <gtest/gtest.h>

namespace whorl::fp::active {
namespace {

std::string line(const SeqAnalysis& a) {
    std::string s;
    for (const auto& [k, v] : a.attributes()) s += (s.empty() ? "" : "%") + k + "=" + v;
    return s;
}

SeqInputs linux_inputs() {
    const std::uint32_t isns[6] = {0x553AFD46, 0xBA0C3905, 0xD1A055B2, 0xF88EDF7A, 0x1E68C3AE, 0xD7775702};
    const std::uint32_t ts[6] = {0xFEF3196C, 0x31DFDFAC, 0x33589FA0, 0x59AD0415, 0xA873A68, 0x39A5EB01};
    const std::int64_t sent[6] = {0, 100123, 200250, 301077, 401200, 501310};
    SeqInputs in;
    for (int i = 0; i < 6; ++i) in.slots[static_cast<std::size_t>(i)] = SeqSample{isns[i], 0, ts[i], sent[i], 1700000000};
    in.closed_port_ip_ids = {0, 0, 0};
    in.icmp_ip_ids = {0x1a2b, 0x1a2c};
    return in;
}

TEST(SeqAnalysis, ReproducesNmapOnALinuxHost) {
    auto a = analyse_seq(linux_inputs());
    EXPECT_EQ(line(a), "SP=102%GCD=1%ISR=109%TI=Z%CI=Z%II=I%TS=21");
    EXPECT_EQ(a.responses, 6);
    EXPECT_EQ(a.ts_class, TsClass::other);
    EXPECT_EQ(difficulty_label(*a.sp), "Good luck!");
}

TEST(SeqAnalysis, ConstantRateCounterAndThousandHertzClock) {
    SeqInputs in;
    for (int i = 0; i < 6; ++i)
        in.slots[static_cast<std::size_t>(i)] =
            SeqSample{1000000u + 1000000u * static_cast<std::uint32_t>(i), static_cast<std::uint16_t>(300 + i),
                      600000u + 100u * static_cast<std::uint32_t>(i), 100000LL * i, 1700000000};
    in.icmp_ip_ids = {306, 307};
    auto a = analyse_seq(in);
    // 10^7 per second: ISR = round(8*log2(1e7)) = 186 = BA; no jitter: SP = 0.
    EXPECT_EQ(line(a), "SP=0%GCD=F4240%ISR=BA%TI=I%II=I%SS=S%TS=A");
    EXPECT_EQ(a.ts_class, TsClass::hz1000);
    EXPECT_EQ(a.lastboot, 1700000000 - 600);  // TSval 600000 at 1000 Hz
}

TEST(SeqAnalysis, GapsAreSqueezedAndFewSamplesOmitSequencing) {
    auto in = linux_inputs();
    in.slots[1].reset();
    in.slots[3].reset();
    in.slots[4].reset();  // three samples left: no SP/GCD/ISR, TI still computed
    auto a = analyse_seq(in);
    EXPECT_EQ(a.responses, 3);
    EXPECT_FALSE(a.sp);
    EXPECT_EQ(line(a).rfind("TI=Z%CI=Z%II=I%TS=", 0), 0u) << line(a);
}

TEST(SeqAnalysis, TimestampClassesFromReplies) {
    auto in = linux_inputs();
    in.reply_ts_class = TsClass::unsupported;
    EXPECT_NE(line(analyse_seq(in)).find("TS=U"), std::string::npos);
    in.reply_ts_class = TsClass::zero;
    EXPECT_NE(line(analyse_seq(in)).find("TS=0"), std::string::npos);
}

TEST(SeqAnalysis, ConstantIsnHasZeroGcd) {
    SeqInputs in;
    for (int i = 0; i < 5; ++i)
        in.slots[static_cast<std::size_t>(i)] = SeqSample{0x1234, 0, 0, 100000LL * i, 0};
    in.reply_ts_class = TsClass::unsupported;
    auto a = analyse_seq(in);
    EXPECT_EQ(line(a), "SP=0%GCD=0%ISR=0%TI=Z%TS=U");
}

TEST(SeqAnalysis, LongScanDelayDropsSequencing) {
    auto in = linux_inputs();
    in.scan_delay_ms = 1500;
    EXPECT_FALSE(analyse_seq(in).sp);
}

}  // namespace
}  // namespace whorl::fp::active
