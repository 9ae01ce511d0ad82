// Shards (issue 16): for n = 1..8, the shards' targets are disjoint and together the list,
// over 32 lab addresses, over a mix of names, ranges, octet lists and prefixes with
// exclusions, and over 2^16 IPv6 addresses; the same seed walks the same order; a resumed
// walk gives the rest of its share; a huge space walks in little memory. Nothing is sent:
// the targets are only enumerated.
#include "scan/walk/target_walk.hpp"

#include <malloc.h>

#include <algorithm>
#include <map>
#include <set>

#include <gtest/gtest.h>

namespace whorl::scan::walk {
namespace {

std::vector<IpAddress> lab_names(const std::string& name, bool ipv6) {
    if (name == "lab-host") return {*IpAddress::parse(ipv6 ? "2001:db8:2::99" : "198.51.100.99")};
    if (name == "other-host") return {*IpAddress::parse(ipv6 ? "2001:db8:1::1" : "198.51.100.200")};
    return {};
}

TargetWalk make_walk(const std::vector<std::string>& texts, WalkOrder order, const std::vector<std::string>& excl = {},
                     bool ipv6 = false) {
    std::vector<TargetSpace::Expression> expressions;
    for (const auto& t : texts) expressions.push_back({t, ""});
    std::vector<TargetSpace::Rejected> rejected;
    auto space = TargetSpace::build(std::move(expressions), ipv6, lab_names, rejected);
    EXPECT_TRUE(space) << space.error().describe();
    EXPECT_TRUE(rejected.empty());
    std::vector<TargetPattern> excludes;
    for (const auto& e : excl) excludes.push_back(*parse_target(e, ipv6));
    return TargetWalk(std::move(*space), std::move(excludes), order);
}

// Every target of the walk, "address" or "address=name", in walk order.
std::vector<std::string> walk_all(TargetWalk walk, std::uint64_t batch = 7) {
    std::vector<std::string> out, unresolved;
    while (!walk.done()) {
        auto part = walk.next(batch, unresolved);
        EXPECT_TRUE(part) << part.error().describe();
        if (!part) break;
        for (const auto& t : *part) out.push_back(t.address.to_string() + (t.hostname.empty() ? "" : "=" + t.hostname));
    }
    return out;
}

std::vector<std::string> expanded(const std::vector<std::string>& texts, const std::vector<std::string>& excl = {},
                                  bool ipv6 = false) {
    std::vector<TargetPattern> patterns, excludes;
    for (const auto& t : texts) patterns.push_back(*parse_target(t, ipv6));
    for (const auto& e : excl) excludes.push_back(*parse_target(e, ipv6));
    std::vector<std::string> unresolved, out;
    auto all = expand_targets(patterns, excludes, lab_names, unresolved);
    EXPECT_TRUE(all);
    for (const auto& t : *all) out.push_back(t.address.to_string() + (t.hostname.empty() ? "" : "=" + t.hostname));
    return out;
}

// Shards 1/n .. n/n of one list and seed: each target in exactly one shard, nothing else.
void expect_shards_partition(const std::vector<std::string>& texts, const std::vector<std::string>& excl, bool ipv6,
                             std::uint64_t seed) {
    auto list = expanded(texts, excl, ipv6);
    std::multiset<std::string> want(list.begin(), list.end());
    for (std::uint64_t n = 1; n <= 8; ++n) {
        std::multiset<std::string> union_of_shards;
        std::size_t largest = 0, smallest = list.size();
        for (std::uint64_t k = 1; k <= n; ++k) {
            auto shard = walk_all(make_walk(texts, {seed, Shard{k, n}}, excl, ipv6));
            union_of_shards.insert(shard.begin(), shard.end());
            largest = std::max(largest, shard.size());
            smallest = std::min(smallest, shard.size());
        }
        EXPECT_EQ(union_of_shards, want) << "n = " << n;
        if (excl.empty()) {
            EXPECT_LE(largest - smallest, 1u) << "n = " << n;  // shares within one of each other
        }
    }
}

TEST(TargetWalk, ShardsOf32LabHostsAreDisjointAndTheWholeList) {
    expect_shards_partition({"198.51.100.2-33"}, {}, false, 1);
    expect_shards_partition({"198.51.100.2-33"}, {}, false, 0xdeadbeef);
}

TEST(TargetWalk, ShardsOfAMixedListWithExclusions) {
    // Names (one that does not resolve), a single address, a dash range, octet lists, CIDR,
    // a name with a prefix and an address listed twice.
    const std::vector<std::string> v4 = {"lab-host",        "missing-host",     "198.51.100.7",  "198.51.100.1-20",
                                         "198.51.100.40,42,50-52", "198.51.100.64/27", "other-host/30", "198.51.100.7"};
    expect_shards_partition(v4, {"198.51.100.3", "198.51.100.64/30"}, false, 5);
    const std::vector<std::string> v6 = {"2001:db8::/120", "2001:db8::1:5", "lab-host", "other-host/126"};
    expect_shards_partition(v6, {"2001:db8::10"}, true, 5);
}

// 2^16 IPv6 addresses from the documentation prefix, enumerated only.
TEST(TargetWalk, ShardsOfA16BitSpace) {
    for (std::uint64_t n = 1; n <= 8; ++n) {
        const IpAddress prefix = *IpAddress::parse("2001:db8::");
        std::vector<std::uint8_t> seen(1u << 16, 0);
        for (std::uint64_t k = 1; k <= n; ++k) {
            auto walk = make_walk({"2001:db8::/112"}, {77, Shard{k, n}}, {}, true);
            std::vector<std::string> unresolved;
            while (!walk.done()) {
                auto part = walk.next(4096, unresolved);
                ASSERT_TRUE(part);
                for (const auto& t : *part) {
                    auto b = t.address.bytes();
                    ASSERT_TRUE(std::equal(b.begin(), b.begin() + 14, prefix.bytes().begin())) << t.address.to_string();
                    ++seen[(std::to_integer<unsigned>(b[14]) << 8) | std::to_integer<unsigned>(b[15])];
                }
            }
        }
        EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](std::uint8_t c) { return c == 1; })) << "n = " << n;
    }
}

TEST(TargetWalk, TheSameSeedWalksTheSameOrderAnotherSeedAnother) {
    const std::vector<std::string> list = {"198.51.100.0/24", "lab-host"};
    auto a = walk_all(make_walk(list, {42, {}}));
    EXPECT_EQ(a, walk_all(make_walk(list, {42, {}}, {}), 100));  // batch size does not matter
    EXPECT_NE(a, walk_all(make_walk(list, {43, {}})));
    auto given = walk_all(make_walk(list, {std::nullopt, {}}));
    EXPECT_NE(a, given);
    EXPECT_EQ(given, expanded(list));  // without a seed: Nmap's order
    auto sorted_a = a, sorted_given = given;
    std::sort(sorted_a.begin(), sorted_a.end());
    std::sort(sorted_given.begin(), sorted_given.end());
    EXPECT_EQ(sorted_a, sorted_given);
    // A shard of the given order is every n-th target of it.
    auto second_of_three = walk_all(make_walk(list, {std::nullopt, Shard{2, 3}}));
    ASSERT_EQ(second_of_three.size(), 86u);
    EXPECT_EQ(second_of_three[0], given[1]);
    EXPECT_EQ(second_of_three[1], given[4]);
}

TEST(TargetWalk, ABadShardIsAUsageError) {
    for (const char* bad : {"0/4", "5/4", "x", "1/0", "/4", "1/", "2", "-1/4", "1/4/5"}) {
        auto s = parse_shard(bad);
        ASSERT_FALSE(s) << bad;
        EXPECT_EQ(s.error().code, Errc::usage);
        EXPECT_NE(s.error().message.find("--shard"), std::string::npos) << s.error().message;
    }
    EXPECT_EQ(*parse_shard("4/4"), (Shard{4, 4}));
    EXPECT_EQ(*parse_shard("1/1"), (Shard{1, 1}));
}

// An interrupted run of shard 2/3, a batch of 16 steps at a time, reported two batches
// whole and, of the third, the hosts of one group (the odd addresses) before it stopped:
// resumed from its last host and the hosts it reported, the walk gives exactly the rest.
TEST(TargetWalk, AResumedShardScansOnlyTheRestOfItsShare) {
    const std::vector<std::string> list = {"2001:db8::/120", "lab-host", "2001:db8::1:0/124"};
    const WalkOrder order{9, Shard{2, 3}};
    const std::vector<std::string> excl = {"2001:db8::40/124"};
    auto whole = walk_all(make_walk(list, order, excl, true), 16);
    auto first_run = make_walk(list, order, excl, true);
    std::vector<std::string> unresolved, reported_text;
    std::vector<IpAddress> reported;
    for (int batch = 0; batch < 3; ++batch) {
        auto part = first_run.next(16, unresolved);
        ASSERT_TRUE(part);
        std::stable_partition(part->begin(), part->end(), [](const Target& t) {
            return (std::to_integer<unsigned>(t.address.bytes()[15]) & 1) != 0;
        });
        for (const auto& t : *part) {
            const bool odd = (std::to_integer<unsigned>(t.address.bytes()[15]) & 1) != 0;
            if (batch == 2 && !odd) break;  // the even group was being scanned
            reported.push_back(t.address);
            reported_text.push_back(t.address.to_string() + (t.hostname.empty() ? "" : "=" + t.hostname));
        }
    }
    ASSERT_FALSE(reported.empty());
    auto resumed = make_walk(list, order, excl, true);
    ASSERT_TRUE(resumed.resume_after(reported.back(), reported, 16, unresolved));
    auto rest = walk_all(std::move(resumed), 16);
    std::multiset<std::string> got(reported_text.begin(), reported_text.end());
    got.insert(rest.begin(), rest.end());
    EXPECT_EQ(got, std::multiset<std::string>(whole.begin(), whole.end()));
    EXPECT_EQ(reported_text.size() + rest.size(), whole.size());
    // A host that is not in this shard's share cannot be resumed after.
    auto other = make_walk(list, {9, Shard{1, 3}}, excl, true);
    auto r = other.resume_after(reported.back(), reported, 16, unresolved);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::usage);
}

// A /8's worth of addresses (2^24, the most one expression may name): the walk starts at
// once and its first 1000 targets take memory for themselves, not for the space. Its state
// is one expression's text, a step counter and a small cache, by construction; the heap
// grows by far less than the 2^24 * 16 bytes that listing the space would take.
TEST(TargetWalk, WalkingAHugeSpaceTakesLittleMemory) {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "the sanitizer's allocator does not report mallinfo2";
#else
    const auto before = ::mallinfo2().uordblks;
    auto walk = make_walk({"2001:db8::/104"}, {3, Shard{1, 2}}, {}, true);
    std::vector<std::string> unresolved;
    std::vector<Target> first;
    while (first.size() < 1000) {
        auto part = walk.next(100, unresolved);
        ASSERT_TRUE(part);
        first.insert(first.end(), part->begin(), part->end());
    }
    const auto grown = ::mallinfo2().uordblks - before;
    EXPECT_LT(grown, std::size_t{512} << 10) << grown;
    EXPECT_EQ(walk.share(), std::uint64_t{1} << 23);
#endif
}

}  // namespace
}  // namespace whorl::scan::walk
