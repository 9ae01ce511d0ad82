// Host slab, index and recency list; see host_table.hpp.
#include "fp/passive/host_table.hpp"

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

HostTable::HostTable(std::size_t expected) : index_(std::min<std::size_t>(expected, 1 << 16)) {
    hosts_.reserve(std::min<std::size_t>(expected, 4096));
}

std::uint32_t HostTable::find(const IpAddress& addr) const {
    return index_.find(hash_address(addr), [&](std::uint32_t id) { return hosts_[id].addr == addr; });
}

std::uint32_t HostTable::insert(const IpAddress& addr, std::uint32_t now) {
    std::uint32_t id;
    if (!free_.empty()) {
        id = free_.back();
        free_.pop_back();
        hosts_[id] = PassiveHost{};
    } else {
        id = static_cast<std::uint32_t>(hosts_.size());
        hosts_.emplace_back();
    }
    PassiveHost& h = hosts_[id];
    h.addr = addr;
    h.first_seen = h.last_seen = now;
    h.hash = hash_address(addr);
    h.live = true;
    index_.insert(h.hash, id);
    link_newest(id);
    return id;
}

void HostTable::erase(std::uint32_t id) {
    PassiveHost& h = hosts_[id];
    index_.erase(h.hash, id);
    unlink(id);
    h.live = false;
    h.fusion.reset();
    h.nat = HostNatState{};
    free_.push_back(id);
}

void HostTable::touch(std::uint32_t id, std::uint32_t now) {
    if (id != newest_) {
        unlink(id);
        link_newest(id);
    }
    hosts_[id].last_seen = now;
}

void HostTable::unlink(std::uint32_t id) {
    PassiveHost& h = hosts_[id];
    if (h.older != kNoEntry) hosts_[h.older].newer = h.newer;
    else oldest_ = h.newer;
    if (h.newer != kNoEntry) hosts_[h.newer].older = h.older;
    else newest_ = h.older;
    h.older = h.newer = kNoEntry;
}

void HostTable::link_newest(std::uint32_t id) {
    PassiveHost& h = hosts_[id];
    h.older = newest_;
    h.newer = kNoEntry;
    if (newest_ != kNoEntry) hosts_[newest_].newer = id;
    else oldest_ = id;
    newest_ = id;
}

}  // namespace whorl::fp::passive
