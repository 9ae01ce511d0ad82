// SlotIndex: an open-addressing hash index from a 32-bit hash to an entry number, for the
// flow and host tables. Linear probing in a power-of-two array kept at most half full, with
// backward-shift deletion (no tombstones), so lookups stay short however long a capture
// runs. Each slot packs the hash with the entry, so probing and deleting never touch the
// entries themselves except to confirm a key. (p0f's fixed 256/1024 linked-list buckets
// are what made it 4x slower with large caps; see docs/decisions/0010.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace whorl::fp::passive {

inline constexpr std::uint32_t kNoEntry = 0xFFFFFFFFu;

class SlotIndex {
public:
    // Room for `expected` entries before the first growth.
    explicit SlotIndex(std::size_t expected = 16) { reset(expected); }

    // The entry whose hash is `hash` and for which `same(entry)` holds, or kNoEntry.
    template <class Same>
    std::uint32_t find(std::uint32_t hash, Same same) const {
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const std::uint64_t s = slots_[i];
            if (s == 0) return kNoEntry;
            if (static_cast<std::uint32_t>(s >> 32) == hash) {
                const auto entry = static_cast<std::uint32_t>(s) - 1;
                if (same(entry)) return entry;
            }
        }
    }

    void insert(std::uint32_t hash, std::uint32_t entry) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        place(hash, entry);
        ++size_;
    }

    // Removes `entry`, which must be present under `hash`.
    void erase(std::uint32_t hash, std::uint32_t entry) {
        std::size_t i = hash & mask_;
        while (slots_[i] != pack(hash, entry)) i = (i + 1) & mask_;
        slots_[i] = 0;
        --size_;
        // Pull later members of the probe run back over the hole.
        for (std::size_t j = (i + 1) & mask_; slots_[j] != 0; j = (j + 1) & mask_) {
            const std::size_t home = static_cast<std::uint32_t>(slots_[j] >> 32) & mask_;
            const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (stays) continue;
            slots_[i] = slots_[j];
            slots_[j] = 0;
            i = j;
        }
    }

    void reset(std::size_t expected) {
        std::size_t cap = 16;
        while (cap < expected * 2) cap *= 2;
        slots_.assign(cap, 0);
        mask_ = cap - 1;
        size_ = 0;
    }

    std::size_t size() const { return size_; }
    std::size_t capacity() const { return slots_.size(); }

private:
    static std::uint64_t pack(std::uint32_t hash, std::uint32_t entry) {
        return std::uint64_t{hash} << 32 | (std::uint64_t{entry} + 1);
    }
    void place(std::uint32_t hash, std::uint32_t entry) {
        std::size_t i = hash & mask_;
        while (slots_[i] != 0) i = (i + 1) & mask_;
        slots_[i] = pack(hash, entry);
    }
    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (std::uint64_t s : old)
            if (s != 0) place(static_cast<std::uint32_t>(s >> 32), static_cast<std::uint32_t>(s) - 1);
    }

    std::vector<std::uint64_t> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

// A 32-bit hash of up to 16 address bytes and a few extra bits (ports, version).
std::uint32_t hash_bytes(const void* data, std::size_t n, std::uint64_t extra);

}  // namespace whorl::fp::passive
