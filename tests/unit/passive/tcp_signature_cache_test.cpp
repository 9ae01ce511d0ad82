// TcpSignatureCache: what it hands out for a signature is what the matcher and the text
// writers say for that packet (every SYN and SYN+ACK of the crafted p0f captures), the key
// tells apart every field those depend on and nothing else, and a full set gives up its
// least recently used way, with a new serial for the refilled slot.
#include "passive/tcp_signature_cache.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "fp/p0f/p0f_database.hpp"
#include "support/p0f_fixture.hpp"

namespace whorl::fp::passive {
namespace {

TEST(TcpSignatureCache, AnswersAsTheMatcherAndTextWritersDo) {
    const P0fDatabase& db = test::shipped_p0f();
    TcpSignatureCache cache(db);
    int compared = 0;
    for (const std::string name : {"tcp_cases", "custom_cases", "uptime_cases", "http_cases"}) {
        std::map<std::uint16_t, std::uint16_t> syn_mss;  // client port -> SYN MSS
        for (const auto& p : test::read_fields(name)) {
            if (!p.syn() && !p.syn_ack()) continue;
            const bool req = p.syn();
            const auto port = static_cast<std::uint16_t>(req ? p.num("sport") : p.num("dport"));
            const TcpSignatureInput direct = test::tcp_input(p, req ? 0 : syn_mss[port]);
            if (req) syn_mss[port] = direct.mss;
            const TcpMatch want = db.tcp(req ? Direction::request : Direction::response).match(direct);

            for (int round = 0; round < 2; ++round) {  // a miss, then a hit
                TcpSignatureInput in = direct;
                const std::uint64_t misses = cache.misses();
                const CachedTcpSignature& got = cache.lookup(in);
                if (round == 1) {
                    EXPECT_EQ(cache.misses(), misses) << name << ": a signature seen again is a hit";
                }
                EXPECT_EQ(got.match.record, want.record) << name;
                EXPECT_EQ(got.match.fuzzy, want.fuzzy) << name;
                EXPECT_EQ(got.match.dist, want.dist) << name;
                EXPECT_EQ(got.raw_sig(), format_tcp_raw_sig(direct)) << name;
                EXPECT_EQ(got.params(), format_tcp_params(direct, want)) << name;
                const WindowMultiple m = detect_window_multiple(direct);
                EXPECT_TRUE(in.multiple_known);
                EXPECT_EQ(in.multiple.multiplier, m.multiplier);
                EXPECT_EQ(in.multiple.mtu, m.mtu);
            }
            ++compared;
        }
    }
    EXPECT_GT(compared, 40);
    EXPECT_GT(cache.hits(), 0u);
}

TcpSignatureInput sample() {
    TcpSignatureInput in;
    in.ip_version = 4;
    in.ttl = 58;
    in.mss = 1460;
    in.window = 64240;
    in.wscale = 7;
    for (std::uint8_t k : {kOptMss, kOptSackOk, kOptTs, kOptNop, kOptWs}) in.layout.push(k);
    in.quirks = QuirkSet::from_bits(QuirkSet::bit(Quirk::df) | QuirkSet::bit(Quirk::id_nonzero));
    in.ts1 = 12345;
    in.header_len = 60;
    return in;
}

TEST(TcpSignatureCache, KeyTellsApartEverySignatureField) {
    using Change = std::function<void(TcpSignatureInput&)>;
    const std::vector<std::pair<const char*, Change>> changes = {
        {"ip_version", [](auto& in) { in.ip_version = 6; }},
        {"ttl", [](auto& in) { in.ttl = 57; }},
        {"ip_opt_len", [](auto& in) { in.ip_opt_len = 4; }},
        {"tos", [](auto& in) { in.tos = 1; }},
        {"mss", [](auto& in) { in.mss = 1440; }},
        {"window", [](auto& in) { in.window = 65535; }},
        {"wscale", [](auto& in) { in.wscale = 8; }},
        {"layout", [](auto& in) { in.layout.kinds[4] = kOptNop; }},
        {"layout count", [](auto& in) { in.layout.push(kOptEol); }},
        {"eol_pad", [](auto& in) { in.eol_pad = 1; }},
        {"quirks", [](auto& in) { in.quirks.set(Quirk::ecn); }},
        {"payload", [](auto& in) { in.payload = true; }},
        {"ts1 zero", [](auto& in) { in.ts1 = 0; }},
        {"header_len", [](auto& in) { in.header_len = 64; }},
        {"syn_ack", [](auto& in) { in.syn_ack = true; }},
        {"peer_syn_mss", [](auto& in) { in.peer_syn_mss = 1400; }},
    };
    std::set<std::array<std::uint64_t, 6>> seen{tcp_signature_key(sample()).words};
    for (const auto& [name, change] : changes) {
        TcpSignatureInput in = sample();
        change(in);
        EXPECT_TRUE(seen.insert(tcp_signature_key(in).words).second) << name << " does not change the key";
    }
    // Neither the timestamp value (beyond zero or not) nor a known window multiple does.
    TcpSignatureInput other = sample();
    other.ts1 = 99;
    other.multiple = {3, true};
    other.multiple_known = true;
    EXPECT_EQ(tcp_signature_key(other), tcp_signature_key(sample()));
    EXPECT_EQ(tcp_signature_hash(tcp_signature_key(other)), tcp_signature_hash(tcp_signature_key(sample())));
}

TcpSignatureInput with_ttl(std::uint8_t ttl) {
    TcpSignatureInput in = sample();
    in.ttl = ttl;
    return in;
}

TEST(TcpSignatureCache, FullSetReplacesItsLeastRecentlyUsedWay) {
    TcpSignatureCache cache(test::shipped_p0f(), nullptr, 1);  // one set of four ways
    ASSERT_EQ(cache.max_capacity(), TcpSignatureCache::kWays);
    for (std::uint8_t ttl : {60, 61, 62, 63}) {
        TcpSignatureInput in = with_ttl(ttl);
        (void)cache.lookup(in);
    }
    EXPECT_EQ(cache.misses(), 4u);
    TcpSignatureInput first = with_ttl(60);
    (void)cache.lookup(first);  // 60 is now the most recent, 61 the least
    EXPECT_EQ(cache.hits(), 1u);
    TcpSignatureInput fifth = with_ttl(50);
    EXPECT_EQ(cache.lookup(fifth).match.dist, 64 - 50);
    EXPECT_EQ(cache.capacity(), TcpSignatureCache::kWays);
    for (std::uint8_t ttl : {60, 62, 63, 50}) {
        TcpSignatureInput in = with_ttl(ttl);
        (void)cache.lookup(in);
    }
    EXPECT_EQ(cache.hits(), 5u) << "61 was given up, the others kept";
    TcpSignatureInput gone = with_ttl(61);
    (void)cache.lookup(gone);
    EXPECT_EQ(cache.misses(), 6u);
}

// The cache starts small and doubles up to its bound as signatures come, moving what it
// holds; what it answers stays right throughout.
TEST(TcpSignatureCache, GrowsUpToItsBoundAndKeepsAnswering) {
    const P0fDatabase& db = test::shipped_p0f();
    TcpSignatureCache cache(db, nullptr, 1024);
    EXPECT_EQ(cache.capacity(), TcpSignatureCache::kInitialCapacity);
    std::vector<TcpSignatureInput> inputs;
    for (std::uint16_t window = 1000; window < 1200; ++window) {
        TcpSignatureInput in = sample();
        in.window = window;
        inputs.push_back(in);
    }
    for (int round = 0; round < 2; ++round) {
        for (const TcpSignatureInput& direct : inputs) {
            TcpSignatureInput in = direct;
            const CachedTcpSignature& got = cache.lookup(in);
            const TcpMatch want = db.tcp(Direction::request).match(direct);
            ASSERT_EQ(got.match.record, want.record);
            ASSERT_EQ(got.match.dist, want.dist);
            ASSERT_EQ(got.raw_sig(), format_tcp_raw_sig(direct));
        }
    }
    EXPECT_GT(cache.capacity(), TcpSignatureCache::kInitialCapacity);
    EXPECT_LE(cache.capacity(), cache.max_capacity());
    // 200 signatures, grown into: nearly all are still there for the second round (a set
    // that got more than four of them loses some).
    EXPECT_GE(cache.hits(), 180u);
    EXPECT_EQ(cache.hits() + cache.misses(), 400u);
}

}  // namespace
}  // namespace whorl::fp::passive
