// SlotIndex (open addressing with backward-shift deletion), HostTable (recency order,
// compact slots) and FlowTable (either direction of a 4-tuple).
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "passive/flow_table.hpp"
#include "passive/host_table.hpp"
#include "passive/slot_index.hpp"

namespace whorl::fp::passive {
namespace {

IpAddress v4(std::uint32_t x) { return IpAddress::v4(0xC6336400u | (x & 0xFF)); }
IpAddress v6(std::uint16_t x) {
    std::array<std::byte, 16> b{};
    b[0] = std::byte{0x20}, b[1] = std::byte{0x01}, b[2] = std::byte{0x0d}, b[3] = std::byte{0xb8};
    b[14] = std::byte(x >> 8), b[15] = std::byte(x & 0xFF);
    return IpAddress::v6(b);
}

TEST(SlotIndex, MatchesAMapUnderRandomInsertsAndErasesWithCollidingHashes) {
    SlotIndex idx(4);
    std::unordered_map<std::uint32_t, std::uint32_t> model;  // entry -> hash
    std::mt19937 rng(7);
    for (int step = 0; step < 20000; ++step) {
        const std::uint32_t entry = rng() % 500;
        const std::uint32_t hash = rng() % 64;  // few distinct hashes: long probe runs
        if (model.count(entry)) {
            idx.erase(model[entry], entry);
            model.erase(entry);
        } else {
            idx.insert(hash, entry);
            model[entry] = hash;
        }
        if (step % 97 != 0) continue;
        for (const auto& [e, h] : model) {
            ASSERT_EQ(idx.find(h, [e = e](std::uint32_t x) { return x == e; }), e) << "step " << step;
        }
    }
    EXPECT_EQ(idx.size(), model.size());
    EXPECT_LE(idx.size() * 2, idx.capacity());
    for (std::uint32_t e = 0; e < 500; ++e) {
        if (!model.count(e)) {
            EXPECT_EQ(idx.find(e % 64, [e](std::uint32_t x) { return x == e; }), kNoEntry);
        }
    }
}

TEST(HostTable, FindsTouchesAndKeepsRecencyOrder) {
    HostTable t(4);
    const auto a = t.insert(v4(1), 100), b = t.insert(v6(2), 101), c = t.insert(v4(3), 102);
    EXPECT_EQ(t.find(v4(1)), a);
    EXPECT_EQ(t.find(v6(2)), b);
    EXPECT_EQ(t.find(v4(2)), kNoEntry);
    EXPECT_EQ(t.find(v6(1)), kNoEntry);
    EXPECT_EQ(t.oldest(), a);
    t.touch(a, 200);
    EXPECT_EQ(t.oldest(), b);
    EXPECT_EQ(t.newer(b), c);
    EXPECT_EQ(t.newer(c), a);
    EXPECT_EQ(t.last_seen(a), 200u);
    EXPECT_EQ(t[a].first_seen, 100u);
    t.retain(b);
    EXPECT_EQ(t.use_count(b), 1u);
    t.release(b);
    t[b].total_conn = 5;
    t[b].fusion = std::make_unique<HostFusion>();
    Evidence seen;
    seen.family = OsFamily::linux;
    seen.name = "Linux";
    t[b].fusion->add(seen);
    t.erase(b);
    EXPECT_EQ(t.find(v6(2)), kNoEntry);
    EXPECT_EQ(t.oldest(), c);
    EXPECT_EQ(t.size(), 2u);
    const auto d = t.insert(v6(9), 300);  // the freed slot is reused, fresh
    EXPECT_EQ(d, b);
    EXPECT_EQ(t[d].total_conn, 0u);
    EXPECT_EQ(t[d].last_label, -1);
    EXPECT_EQ(t[d].addr, v6(9));
    ASSERT_TRUE(t[d].fusion) << "the evidence storage is kept for the next host";
    EXPECT_TRUE(t[d].fusion->evidence().empty()) << "but not the evidence";
    for (std::uint32_t i = 10; i < 200; ++i) t.insert(v4(i), 400 + i);  // grows past `expected`
    for (std::uint32_t i = 10; i < 200; ++i) EXPECT_NE(t.find(v4(i)), kNoEntry);
}

TEST(FlowTable, FindsAConnectionFromEitherSide) {
    FlowTable t(8);
    const auto h = FlowTable::hash(v4(1), 40000, v4(200), 80);
    EXPECT_EQ(h, FlowTable::hash(v4(200), 80, v4(1), 40000));
    const auto id = t.insert(v4(1), 40000, v4(200), 80, h, 5);
    auto f = t.find(v4(1), 40000, v4(200), 80);
    ASSERT_TRUE(f);
    EXPECT_EQ(f.id, id);
    EXPECT_TRUE(f.to_server);
    f = t.find(v4(200), 80, v4(1), 40000);
    ASSERT_TRUE(f);
    EXPECT_FALSE(f.to_server);
    EXPECT_FALSE(t.find(v4(1), 40001, v4(200), 80));
    EXPECT_FALSE(t.find(v4(200), 40000, v4(1), 80));  // ports swapped but not the addresses
    const auto second = t.insert(v6(1), 40000, v6(200), 80, FlowTable::hash(v6(1), 40000, v6(200), 80), 6);
    EXPECT_GT(t[second].serial, t[id].serial);
    EXPECT_EQ(t.oldest(), id);
    t.erase(id);
    EXPECT_EQ(t.oldest(), second);
    EXPECT_FALSE(t.find(v4(1), 40000, v4(200), 80));
    EXPECT_TRUE(t.find(v6(200), 80, v6(1), 40000));
}

}  // namespace
}  // namespace whorl::fp::passive
