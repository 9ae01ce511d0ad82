// HostTable: what the passive pipeline knows about each address (p0f's host_data): first
// and last sighting, connection count, the NAT/host-change state, uptime, distance, link
// type, HTTP application and language, and the evidence for host fusion. Entries live in
// a slab indexed by SlotIndex and are kept on a list from least to most recently seen, so
// idle expiry and eviction under the cap take the oldest first.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/ip_address.hpp"
#include "fp/fusion/host_fusion.hpp"
#include "fp/p0f/nat_score.hpp"
#include "fp/tcp/mtu_table.hpp"
#include "passive/slot_index.hpp"

namespace whorl::fp::passive {

struct PassiveHost {
    IpAddress addr;
    std::uint32_t first_seen = 0;  // unix seconds (packet time)
    std::uint32_t total_conn = 0;

    HostNatState nat;              // last SYN / SYN+ACK / HTTP signatures, NAT scores
    std::int32_t last_label = -1;  // label index of the last OS match (TCP or HTTP)
    std::uint8_t last_quality = 0; // p0f's os_match_q: bit 0 fuzzy, bit 1 generic
    std::int32_t http_label = -1;  // label index of the last HTTP application match
    std::int32_t last_up_min = -1;
    std::uint32_t up_mod_days = 0;
    std::int16_t distance = -1;
    const MtuEntry* link = nullptr;
    std::optional<std::string_view> language;  // static ISO 639-1 name
    std::uint32_t last_nat = 0;    // time of the last "ip sharing" (0 = never)
    std::uint32_t last_chg = 0;    // time of the last "host change"

    // Every evidence the classifiers produced about the host (null until the first).
    std::unique_ptr<HostFusion> fusion;
};

std::uint32_t hash_address(const IpAddress& addr);

// Hosts by address. What every lookup, use count and recency update touches (address,
// hash, last sighting, use count, list links) lives in a compact array apart from the
// PassiveHost records, so that finding and touching hosts stays in cache.
class HostTable {
public:
    // `expected`: the host cap. The slabs and the index start small and double as hosts
    // come (the index stays at most half full), so memory follows the hosts actually seen.
    explicit HostTable(std::size_t expected);

    // `h` is hash_address(addr).
    std::uint32_t find(const IpAddress& addr, std::uint32_t h) const;
    std::uint32_t find(const IpAddress& addr) const { return find(addr, hash_address(addr)); }
    // Adds a host seen at `now` as the most recent one; the caller made room.
    std::uint32_t insert(const IpAddress& addr, std::uint32_t h, std::uint32_t now);
    std::uint32_t insert(const IpAddress& addr, std::uint32_t now) {
        return insert(addr, hash_address(addr), now);
    }
    void erase(std::uint32_t id);
    // Marks the host seen at `now` and moves it to the most recent end.
    void touch(std::uint32_t id, std::uint32_t now);

    PassiveHost& operator[](std::uint32_t id) { return hosts_[id]; }
    const PassiveHost& operator[](std::uint32_t id) const { return hosts_[id]; }
    // When the host last sent or received a SYN (unix seconds).
    std::uint32_t last_seen(std::uint32_t id) const { return slots_[id].last_seen; }
    // Connections in the flow table that refer to the host; such hosts are not dropped.
    std::uint32_t use_count(std::uint32_t id) const { return slots_[id].use_count; }
    void retain(std::uint32_t id) { ++slots_[id].use_count; }
    void release(std::uint32_t id) { --slots_[id].use_count; }

    std::uint32_t oldest() const { return oldest_; }
    std::uint32_t newer(std::uint32_t id) const { return slots_[id].newer; }
    std::size_t size() const { return index_.size(); }

private:
    struct Slot {
        IpAddress addr;
        std::uint32_t hash = 0;
        std::uint32_t last_seen = 0;
        std::uint32_t use_count = 0;
        std::uint32_t older = kNoEntry, newer = kNoEntry;
    };
    void unlink(std::uint32_t id);
    void link_newest(std::uint32_t id);

    std::vector<Slot> slots_;
    std::vector<PassiveHost> hosts_;
    std::vector<std::uint32_t> free_;
    SlotIndex index_;
    std::uint32_t oldest_ = kNoEntry, newest_ = kNoEntry;
};

}  // namespace whorl::fp::passive
