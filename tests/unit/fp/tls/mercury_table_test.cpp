// mercury's OS table: the converted file loads whole, lines read as written, bad lines are
// one error with file:line, and a hello whose client shuffled its extensions is found by
// its sorted key with the sightings of every entry sharing it pooled.
#include "fp/tls/mercury_table.hpp"

#include <gtest/gtest.h>

#include "fp/db/data_paths.hpp"

namespace whorl::fp::tls {
namespace {

constexpr const char* kMercuryText =
    "# comment\n"
    "(0303)(1301)((0000)(000a00020017))\t30\tmicrosoft:windows_10:20H2=0.6667;microsoft:windows_10:2004=0.3333\n"
    "(0303)(1301)((000a00020017)(0000))\t10\tapple:mac_os_x:11.2.1=1\n"
    "(0303)(c02f)((ff01))\t5\tdebian:debian_linux:10.0=1\n";

TEST(MercuryTable, ExactLookups) {
    auto t = MercuryTable::parse(kMercuryText, "t.tsv");
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->size(), 3u);
    auto exact = t->find("(0303)(c02f)((ff01))");
    ASSERT_TRUE(exact.entry);
    EXPECT_TRUE(exact.exact);
    EXPECT_EQ(exact.entry->observations, 5u);
    EXPECT_EQ(exact.entry->shares.front().os, "debian:debian_linux:10.0");
    // Listed in this order: its own entry, not the pool of both orders.
    auto listed = t->find("(0303)(1301)((000a00020017)(0000))");
    ASSERT_TRUE(listed.entry);
    EXPECT_TRUE(listed.exact);
    EXPECT_EQ(listed.entry->observations, 10u);
    auto first = t->find("(0303)(1301)((0000)(000a00020017))");
    ASSERT_TRUE(first.entry);
    EXPECT_EQ(first.entry->shares.size(), 2u);
    EXPECT_DOUBLE_EQ(first.entry->shares[0].share, 0.6667);
    EXPECT_FALSE(t->find("(0301)(c02f)((ff01))").entry);
}

TEST(MercuryTable, PoolsEntriesThatShareASortedKey) {
    auto t = MercuryTable::parse("(0303)(1301)((ff01)(0000)(0017))\t30\ta:b:1=0.5;a:b:2=0.5\n"
                                 "(0303)(1301)((0000)(ff01)(0017))\t10\ta:b:1=1\n",
                                 "t.tsv");
    ASSERT_TRUE(t);
    auto r = t->find("(0303)(1301)((0017)(0000)(ff01))");
    ASSERT_TRUE(r.entry);
    EXPECT_FALSE(r.exact);
    EXPECT_EQ(r.entry->observations, 40u);
    ASSERT_EQ(r.entry->shares.size(), 2u);
    EXPECT_EQ(r.entry->shares[0].os, "a:b:1");
    EXPECT_DOUBLE_EQ(r.entry->shares[0].share, 25.0 / 40.0);
    EXPECT_DOUBLE_EQ(r.entry->shares[1].share, 15.0 / 40.0);
    EXPECT_FALSE(t->find("(0303)(1302)((0017)(0000)(ff01))").entry);
}

TEST(MercuryTable, BadLinesNameTheirLine) {
    for (const char* bad : {"(0303)(1301)()\tx\ta:b:1=1\n", "(0303)(1301)()\t3\n", "(0303)(1301)()\t3\ta:b:1=2\n",
                            "(0303)(1301)()\t3\t=0.5\n", "(0303)(1301)()\t0\ta:b:1=1\n"}) {
        auto t = MercuryTable::parse(std::string("# header\n") + bad, "bad.tsv");
        ASSERT_FALSE(t) << bad;
        EXPECT_EQ(t.error().where, "bad.tsv:2") << bad;
    }
    auto twice = MercuryTable::parse("(0303)()()\t1\ta:b:1=1\n(0303)()()\t1\ta:b:1=1\n", "d.tsv");
    ASSERT_FALSE(twice);
    EXPECT_NE(twice.error().message.find("twice"), std::string::npos);
}

TEST(MercuryTable, TheConvertedFileLoads) {
    auto dir = db::whorl_data_dir();
    ASSERT_TRUE(dir);
    auto t = MercuryTable::load(*dir + "/mercury/tls-os.tsv");
    ASSERT_TRUE(t) << t.error().describe();
    EXPECT_EQ(t->size(), 3849u);  // of mercury's 13,633: those seen more than once
    // Its most common macOS 10.14.6 hello (175,338 sightings).
    auto r = t->find(
        "(0303)(130313011302c02cc02bc024c023c00ac009cca9c030c02fc028c027c014c013cca8009d009c003d003c0035002fc008c012000a)"
        "((ff01)(0000)(0017)(0023)(000d0018001604030804040105030203080508050501080606010201)(000500050100000000)(0012)"
        "(000b00020100)(0033)(002d00020101)(002b0009080304030303020301)(000a000a0008001d001700180019)(0015))");
    ASSERT_TRUE(r.entry);
    EXPECT_EQ(r.entry->observations, 175338u);
    EXPECT_EQ(r.entry->shares.front().os, "apple:mac_os_x:10.14.6");
}

}  // namespace
}  // namespace whorl::fp::tls
