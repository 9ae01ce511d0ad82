// Host slab, index and recency list; see host_table.hpp.
#include "passive/host_table.hpp"

#include <algorithm>
#include <cstring>

namespace whorl::fp::passive {

std::uint32_t hash_bytes(const void* data, std::size_t n, std::uint64_t extra) {
    std::uint64_t w[2] = {0, 0};
    std::memcpy(w, data, n < sizeof w ? n : sizeof w);
    std::uint64_t h = (w[0] ^ 0x9E3779B97F4A7C15ull) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ w[1] ^ (h >> 31)) * 0x94D049BB133111EBull;
    h = (h ^ extra ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::uint32_t hash_address(const IpAddress& addr) {
    const auto b = addr.bytes();
    return hash_bytes(b.data(), b.size(), b.size());
}

// Room for a few hundred hosts up front; the slabs and the index grow (by doubling) as
// hosts come, up to what the cap allows.
HostTable::HostTable(std::size_t expected) : index_(std::min<std::size_t>(expected, 256)) {
    slots_.reserve(std::min<std::size_t>(expected, 256));
    hosts_.reserve(std::min<std::size_t>(expected, 256));
}

std::uint32_t HostTable::find(const IpAddress& addr, std::uint32_t h) const {
    return index_.find(h, [&](std::uint32_t id) { return slots_[id].addr == addr; });
}

std::uint32_t HostTable::insert(const IpAddress& addr, std::uint32_t h, std::uint32_t now) {
    std::uint32_t id;
    if (!free_.empty()) {
        id = free_.back();
        free_.pop_back();
        // A fresh record; the evidence storage of the host that had the slot (emptied when
        // it was erased) serves the new one.
        std::unique_ptr<HostFusion> fusion = std::move(hosts_[id].fusion);
        hosts_[id] = PassiveHost{};
        hosts_[id].fusion = std::move(fusion);
    } else {
        id = static_cast<std::uint32_t>(hosts_.size());
        hosts_.emplace_back();
        slots_.emplace_back();
    }
    hosts_[id].addr = addr;
    hosts_[id].first_seen = now;
    slots_[id] = Slot{addr, h, now, 0, kNoEntry, kNoEntry};
    index_.insert(h, id);
    link_newest(id);
    return id;
}

void HostTable::erase(std::uint32_t id) {
    index_.erase(slots_[id].hash, id);
    unlink(id);
    if (hosts_[id].fusion) hosts_[id].fusion->clear();
    free_.push_back(id);
}

void HostTable::touch(std::uint32_t id, std::uint32_t now) {
    if (id != newest_) {
        unlink(id);
        link_newest(id);
    }
    slots_[id].last_seen = now;
}

void HostTable::unlink(std::uint32_t id) {
    Slot& s = slots_[id];
    if (s.older != kNoEntry) slots_[s.older].newer = s.newer;
    else oldest_ = s.newer;
    if (s.newer != kNoEntry) slots_[s.newer].older = s.older;
    else newest_ = s.older;
    s.older = s.newer = kNoEntry;
}

void HostTable::link_newest(std::uint32_t id) {
    Slot& s = slots_[id];
    s.older = newest_;
    s.newer = kNoEntry;
    if (newest_ != kNoEntry) slots_[newest_].newer = id;
    else oldest_ = id;
    newest_ = id;
}

}  // namespace whorl::fp::passive
