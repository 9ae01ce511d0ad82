// p0f's [mtu] section: link MTU -> link type ("Ethernet or modem", "DSL", ...), and the
// lookup p0f does for every SYN / SYN+ACK carrying an MSS option.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace whorl::fp::passive {

struct MtuEntry {
    std::uint16_t mtu = 0;
    std::string link;     // the label text
    std::uint32_t line = 0;
};

class MtuTable {
public:
    void add(MtuEntry e);

    // The first entry (in file order) with this exact MTU.
    const MtuEntry* find(std::uint32_t mtu) const;

    std::size_t size() const { return entries_.size(); }
    const std::vector<MtuEntry>& entries() const { return entries_; }

private:
    std::vector<MtuEntry> entries_;
    std::unordered_map<std::uint32_t, std::size_t> first_;
};

// MTU implied by an MSS: MSS + 40 (IPv4) or + 60 (IPv6); nullopt when the MSS is 0
// (no option), where p0f reports nothing.
std::optional<std::uint32_t> mtu_from_mss(std::uint16_t mss, std::uint8_t ip_version);

struct MtuResult {
    std::uint32_t mtu = 0;       // raw_mtu
    const MtuEntry* entry = nullptr;  // nullptr prints as "???"
};

// The whole MTU step: nullopt when the packet has no MSS option.
std::optional<MtuResult> lookup_mtu(const MtuTable& table, std::uint16_t mss,
                                    std::uint8_t ip_version);

// Parses an [mtu] `sig =` value: digits only, 1..65535.
std::optional<std::uint16_t> parse_mtu_value(std::string_view text);

}  // namespace whorl::fp::passive
