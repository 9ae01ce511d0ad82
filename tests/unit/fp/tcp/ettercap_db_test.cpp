// Ettercap's etter.finger.os: the key checked field by field against the keys Ettercap
// 0.8.3.1 itself computed for a crafted capture (tools/ettercap_crosscheck.py), the loader
// on good and broken lines, the installed 1765-entry file, Ettercap's own lookup and
// whorl's (exact, LT retry, MSS wildcard over the whole window group).
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "fp/tcp/ettercap_db.hpp"
#include "support/fixtures.hpp"
#include "support/lab_capture.hpp"

namespace whorl::fp::passive {
namespace {

TEST(EttercapKey, TtlRoundsUpToAPowerOfTwoLikeTtlPredictor) {
    const std::pair<int, int> cases[] = {{0, 2},    {1, 1},     {2, 2},     {3, 4},     {31, 32},
                                         {32, 32},  {33, 64},   {60, 64},   {64, 64},   {65, 128},
                                         {127, 128}, {128, 128}, {129, 255}, {200, 255}, {255, 255}};
    for (auto [in, out] : cases) EXPECT_EQ(ettercap_ttl(static_cast<std::uint8_t>(in)), out) << in;
}

TEST(EttercapKey, FieldsAndPlaceholders) {
    EttercapKeyInput in;
    in.window = 5840;
    in.mss = 1460;
    in.ttl = 57;
    in.wscale = 7;
    in.sack_permitted = in.nop = in.df = in.timestamp = true;
    in.header_length = 60;
    EXPECT_EQ(ettercap_key(in), "16D0:05B4:40:07:1:1:1:1:S:3C");
    EttercapKeyInput bare;
    bare.window = 65535;
    bare.ttl = 128;
    bare.syn_ack = true;
    bare.header_length = 40;
    EXPECT_EQ(ettercap_key(bare), "FFFF:_MSS:80:WS:0:0:0:0:A:28");
    bare.mss = 0;
    bare.wscale = 0;
    EXPECT_EQ(ettercap_key(bare), "FFFF:0000:80:00:0:0:0:0:A:28");
}

// Every SYN and SYN+ACK of the crafted capture gets, through wire/ and the p0f option
// walk, exactly the key Ettercap's own decoders computed for it.
TEST(EttercapKey, SameKeysAsEttercapOnACraftedCapture) {
    std::map<std::string, std::string> want;
    std::istringstream lines(whorl::test::read_fixture("pcap/ettercap/ettercap-keys.txt"));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        auto sp = line.find(' ');
        want[line.substr(0, sp)] = line.substr(sp + 1);
    }
    ASSERT_GE(want.size(), 100u);
    std::size_t compared = 0;
    for (const auto& frame : test::read_pcap("pcap/ettercap/crafted.pcap")) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        ASSERT_TRUE(f.ipv4 && f.tcp);
        auto in = ettercap_input(test::tcp_input_from_frame(f));
        ASSERT_TRUE(in);
        std::string addr = f.ipv4->src().to_string();
        ASSERT_TRUE(want.contains(addr)) << addr;
        EXPECT_EQ(ettercap_key(*in), want[addr]) << addr;
        ++compared;
    }
    EXPECT_EQ(compared, want.size());
}

TEST(EttercapKey, NoKeyForIpv6AndOptionsStopAtEol) {
    TcpSignatureInput v6;
    v6.ip_version = 6;
    EXPECT_FALSE(ettercap_input(v6));
    TcpSignatureInput v4;
    v4.layout.push(kOptMss);
    v4.layout.push(kOptEol);
    v4.mss = 1460;
    auto in = ettercap_input(v4);
    ASSERT_TRUE(in);
    EXPECT_EQ(in->mss, 1460);
    EXPECT_FALSE(in->nop);
}

TEST(EttercapDb, ParsesGoodLinesSortedAndNamesBadOnesByLine) {
    const char* good =
        "# comment\n"
        "\n"
        "FFFF:_MSS:80:WS:0:0:0:0:A:LT:Last OS  \n"
        "0000:05B4:80:WS:0:0:1:0:S:2C:First OS # trailing comment\r\n";
    auto db = EttercapDb::parse(good, "t.os");
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->size(), 2u);
    EXPECT_EQ(db->entries()[0].os, "First OS");
    EXPECT_EQ(db->entries()[0].line, 4u);
    EXPECT_EQ(db->entries()[1].os, "Last OS");

    const std::pair<const char*, const char*> bad[] = {
        {"16D0:05B4:40:07:1:1:1:1:S:3C\n", "t.os:1"},                 // no OS
        {"\n16d0:05B4:40:07:1:1:1:1:S:3C:Linux\n", "t.os:2"},        // lower-case hex
        {"16D0:05B4:40:07:1:1:1:1:X:3C:Linux\n", "t.os:1"},          // flag
        {"16D0:05B4:40:07:2:1:1:1:S:3C:Linux\n", "t.os:1"},          // S not 0/1
        {"16D0:5B4:40:07:1:1:1:1:S:3C:Linux\n", "t.os:1"},           // short MSS
        {"16D0:05B4:40:07:1:1:1:1:S:3C:   \n", "t.os:1"},            // blank OS
        {"#x\n#y\n16D0:05B4:40:07:1:1:1:1:S:LX:Linux\n", "t.os:3"},  // LEN
    };
    for (auto [text, where] : bad) {
        auto r = EttercapDb::parse(text, "t.os");
        ASSERT_FALSE(r) << text;
        EXPECT_EQ(r.error().where, where) << text << ": " << r.error().message;
    }
    std::string nul("16D0:05B4:40:07:1:1:1:1:S:3C:Li\0nux\n", 37);
    EXPECT_FALSE(EttercapDb::parse(nul, "t.os"));
}

class InstalledEttercapDb : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto r = EttercapDb::load();
        if (r) db_ = new EttercapDb(std::move(*r));
    }
    static void TearDownTestSuite() {
        delete db_;
        db_ = nullptr;
    }
    void SetUp() override {
        if (!db_) GTEST_SKIP() << "etter.finger.os not installed";
    }
    static EttercapKeyInput input(std::uint16_t window, std::optional<std::uint16_t> mss, std::uint8_t ttl,
                                  std::optional<std::uint8_t> ws, bool s, bool n, bool d, bool t, bool ack,
                                  std::uint16_t len) {
        EttercapKeyInput in;
        in.window = window;
        in.mss = mss;
        in.ttl = ttl;
        in.wscale = ws;
        in.sack_permitted = s;
        in.nop = n;
        in.df = d;
        in.timestamp = t;
        in.syn_ack = ack;
        in.header_length = len;
        return in;
    }
    static EttercapDb* db_;
};
EttercapDb* InstalledEttercapDb::db_ = nullptr;

TEST_F(InstalledEttercapDb, LoadsEveryEntrySorted) {
    EXPECT_EQ(db_->size(), 1765u);  // the header's "Total entries"
    for (std::size_t i = 1; i < db_->size(); ++i) EXPECT_LE(db_->entries()[i - 1].key, db_->entries()[i].key);
}

TEST_F(InstalledEttercapDb, ExactMatchTakesTheFirstOfDuplicates) {
    // 16D0:05B4:40:07:1:1:1:1:S:3C is on lines 427 and 428.
    auto e = db_->match(input(5840, 1460, 61, 7, true, true, true, true, false, 60));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->name, "Debian Linux");
    EXPECT_EQ(e->family, OsFamily::linux);
    EXPECT_EQ(e->strength, 1.0);
    EXPECT_EQ(e->source, EvidenceSource::ettercap);
    EXPECT_NE(e->detail.find("line 427"), std::string::npos) << e->detail;
}

TEST_F(InstalledEttercapDb, LtEntriesMatchOnRetry) {
    // Ettercap never matches its 527 "LT" entries; whorl retries with LEN = LT.
    auto e = db_->match(input(0, std::nullopt, 128, std::nullopt, false, false, false, false, true, 40));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->name, "3Com Access Builder 4000 7.2");
    EXPECT_EQ(e->strength, 0.8);
    auto ec = db_->ettercap_search("0000:_MSS:80:WS:0:0:0:0:A:28");
    ASSERT_TRUE(ec);
    EXPECT_EQ(ec->kind, EttercapLookup::Kind::next_entry);  // the same OS, by accident of sort order
}

TEST_F(InstalledEttercapDb, MssWildcardLooksAtTheWholeWindowGroup) {
    // MSS 1500 with Linux 2.4's other fields: no exact entry.
    auto in = input(5840, 1500, 64, 0, true, true, true, true, false, 60);
    std::string key = ettercap_key(in);
    EXPECT_EQ(key, "16D0:05DC:40:00:1:1:1:1:S:3C");
    auto e = db_->match(in);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->strength, 0.5);
    EXPECT_NE(e->detail.find("16D0:05B4:40:00:1:1:1:1:S:3C"), std::string::npos) << e->detail;  // MSS 1460 nearest
    // Ettercap scans only forward from the key and lands on the byte-swapped MSS entry.
    auto ec = db_->ettercap_search(key);
    ASSERT_TRUE(ec);
    EXPECT_EQ(ec->kind, EttercapLookup::Kind::mss_wildcard);
    EXPECT_EQ(ec->line, 458u);
    EXPECT_EQ(ec->os, "Linux 2.4.18");
}

TEST_F(InstalledEttercapDb, NothingRelatedIsNoEvidence) {
    auto in = input(5840, 1500, 64, 14, false, false, false, false, false, 44);
    EXPECT_FALSE(db_->match(in));
    auto ec = db_->ettercap_search(ettercap_key(in));
    ASSERT_TRUE(ec);  // Ettercap still names the next entry in sort order
    EXPECT_EQ(ec->kind, EttercapLookup::Kind::next_entry);
    EXPECT_FALSE(db_->match(input(0x1234, 1460, 64, 7, true, true, true, true, false, 60)));  // no such window
    EXPECT_FALSE(db_->ettercap_search("FFFF:_MSS:FF:WS:1:1:1:1:S:3C"));  // after the last entry
    EXPECT_FALSE(db_->ettercap_search("short"));
}

TEST_F(InstalledEttercapDb, ExactLookupAgreesWithEttercapForEveryEntry) {
    for (const auto& e : db_->entries()) {
        auto ec = db_->ettercap_search(e.key);
        ASSERT_TRUE(ec) << e.key;
        EXPECT_EQ(ec->kind, EttercapLookup::Kind::exact) << e.key;
    }
}

}  // namespace
}  // namespace whorl::fp::passive
