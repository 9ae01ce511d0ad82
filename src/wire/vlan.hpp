// 802.1Q / 802.1ad VLAN tags: a walk over any depth of stacked tags following an
// EtherType, keeping the outermost kMaxTags and the total count.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.hpp"
#include "wire/ethernet.hpp"

namespace whorl::wire {

constexpr bool is_vlan_tpid(std::uint16_t type) {
    return type == ethertype::kVlan || type == ethertype::kQinQ || type == ethertype::kQinQOld;
}

// No default member initialisers, so that VlanStack's unused slots cost nothing to make.
struct VlanTag {
    std::uint16_t tpid;  // the EtherType that announced this tag
    std::uint16_t tci;   // priority (3 bits), drop eligible (1), VLAN id (12)

    std::uint8_t priority() const { return static_cast<std::uint8_t>(tci >> 13); }
    bool drop_eligible() const { return (tci & 0x1000) != 0; }
    std::uint16_t vid() const { return tci & 0x0FFF; }
    bool operator==(const VlanTag&) const = default;
};

class VlanStack {
public:
    static constexpr std::size_t kMaxTags = 8;
    static constexpr std::size_t kTagLength = 4;

    // Walks tags while `type` is a VLAN TPID; `bytes` starts right after that EtherType.
    // Stops at the first non-VLAN EtherType or where a tag is cut off (truncated()).
    static VlanStack walk(std::uint16_t type, Bytes bytes);

    std::span<const VlanTag> tags() const { return {tags_.data(), stored_}; }
    std::size_t depth() const { return depth_; }    // every tag seen, kept or not
    bool overflow() const { return depth_ > stored_; }
    bool truncated() const { return truncated_; }
    std::uint16_t inner_type() const { return inner_type_; }  // EtherType after the tags
    std::size_t length() const { return depth_ * kTagLength; }  // bytes the tags take

private:
    std::array<VlanTag, kMaxTags> tags_;  // only [0, stored_) is initialised
    std::uint8_t stored_ = 0;
    bool truncated_ = false;
    std::uint16_t inner_type_ = 0;
    std::uint32_t depth_ = 0;
};

inline VlanStack VlanStack::walk(std::uint16_t type, Bytes bytes) {
    VlanStack s;
    std::size_t off = 0;
    while (is_vlan_tpid(type)) {
        if (bytes.size() - off < kTagLength) {
            s.truncated_ = true;
            break;
        }
        VlanTag tag{type, load_be16(bytes, off)};
        if (s.stored_ < kMaxTags) s.tags_[s.stored_++] = tag;
        ++s.depth_;
        type = load_be16(bytes, off + 2);
        off += kTagLength;
    }
    s.inner_type_ = type;
    return s;
}

// Writes one tag (TCI and the EtherType that follows it); the TPID is written by whoever
// wrote the EtherType before it. Returns 4, or nullopt if out is too short.
inline std::optional<std::size_t> write_vlan_tag(MutableBytes out, std::uint16_t tci,
                                                 std::uint16_t next_type) {
    if (out.size() < VlanStack::kTagLength) return std::nullopt;
    store_be16(out, 0, tci);
    store_be16(out, 2, next_type);
    return VlanStack::kTagLength;
}

}  // namespace whorl::wire
