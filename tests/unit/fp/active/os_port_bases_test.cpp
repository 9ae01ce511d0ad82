// The OS probes' source-port bases, round by round, as Nmap 7.93 and 7.95 pick them.
#include "fp/active/os_port_bases.hpp"

#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace whorl::fp::active {
namespace {

// Hands out the given values in turn and counts the draws.
struct Script {
    std::vector<std::uint64_t> values;
    std::size_t calls = 0;
    std::uint64_t operator()() { return values.at(calls++); }
};

TEST(OsPortBases, Nmap795MovesBothBases256PerRoundFromOneDraw) {
    OsPortBases bases(NmapBehaviour::v7_95, std::nullopt);
    Script random{{0, 1000}};
    // Drawn 33000 + r % 32261, then moved once by the constructor and once by round 1.
    EXPECT_EQ(bases.next_round(random), (PortBases{33512, 34512}));
    EXPECT_EQ(bases.next_round(random), (PortBases{33768, 34768}));
    EXPECT_EQ(bases.next_round(random), (PortBases{34024, 35024}));
    EXPECT_EQ(random.calls, 2u);  // no draw after the first round
}

TEST(OsPortBases, Nmap795WrapsBelow65261) {
    EXPECT_EQ(OsPortBases::step795(33000), 33256);
    EXPECT_EQ(OsPortBases::step795(65004), 65260);  // the highest base
    EXPECT_EQ(OsPortBases::step795(65005), 33000);
    EXPECT_EQ(OsPortBases::step795(65260), 33255);
    OsPortBases bases(NmapBehaviour::v7_95, std::nullopt);
    Script random{{32261 + 32260, 32000}};  // 65260 and 65000 before the two moves
    EXPECT_EQ(bases.next_round(random), (PortBases{33511, 33251}));
}

TEST(OsPortBases, Nmap793DrawsMagicPlusAByteEveryRound) {
    OsPortBases bases(NmapBehaviour::v7_93, std::nullopt);
    Script random{{100, 7, 9, 31000 + 5, 256 + 1, 255}};
    EXPECT_EQ(bases.next_round(random), (PortBases{33107, 33109}));
    EXPECT_EQ(bases.next_round(random), (PortBases{33006, 33260}));
    EXPECT_EQ(random.calls, 6u);
}

TEST(OsPortBases, SourcePortOptionFixesBothBasesInBothReleases) {
    for (auto b : {NmapBehaviour::v7_93, NmapBehaviour::v7_95}) {
        OsPortBases bases(b, std::uint16_t{53});
        Script random{};
        for (int round = 0; round < 5; ++round) EXPECT_EQ(bases.next_round(random), (PortBases{53, 53}));
        EXPECT_EQ(random.calls, 0u);
    }
}

TEST(OsPortBases, RangesOverManyScans) {
    std::mt19937_64 rng(7);
    int max793 = 0, max795 = 0, min793 = 70000, min795 = 70000;
    bool moved = true;
    for (int scan = 0; scan < 2000; ++scan) {
        OsPortBases b93(NmapBehaviour::v7_93, std::nullopt), b95(NmapBehaviour::v7_95, std::nullopt);
        PortBases previous{};
        for (int round = 0; round < 5; ++round) {
            auto p93 = b93.next_round(rng), p95 = b95.next_round(rng);
            for (int v : {p93.tcp, p93.udp}) min793 = std::min(min793, v), max793 = std::max(max793, v);
            for (int v : {p95.tcp, p95.udp}) min795 = std::min(min795, v), max795 = std::max(max795, v);
            if (round > 0) moved = moved && p95.tcp == OsPortBases::step795(previous.tcp);
            previous = p95;
        }
    }
    EXPECT_TRUE(moved);
    EXPECT_GE(min793, 33000);
    EXPECT_LE(max793, 63999 + 255);
    EXPECT_GE(min795, 33000);
    EXPECT_LE(max795, 65260);
    EXPECT_GT(max795, 64254);  // 7.95 reaches above 7.93's highest base
    EXPECT_LE(max795 + 19, 65535);  // T7 leaves from base + 19
}

}  // namespace
}  // namespace whorl::fp::active
