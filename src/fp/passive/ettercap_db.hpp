// Ettercap's etter.finger.os (/usr/share/ettercap/etter.finger.os): fixed-width SYN and
// SYN+ACK keys WWWW:MSS:TTL:WS:S:N:D:T:F:LEN -> OS, with Ettercap's exact match and its
// nearest-entry fallback (MSS wildcarded within the same window).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "fp/passive/evidence.hpp"

namespace whorl::fp::passive {

struct EttercapKeyInput {
    std::uint16_t window = 0;
    std::optional<std::uint16_t> mss;
    std::uint8_t ttl = 0;                  // observed; rounded up as Ettercap does
    std::optional<std::uint8_t> wscale;
    bool sack_permitted = false, nop = false, df = false, timestamp = false;
    bool syn_ack = false;
    std::uint16_t header_length = 0;       // IP header + TCP header
};

// The 28-character key Ettercap would compute.
std::string ettercap_key(const EttercapKeyInput& in);

class EttercapDb {
public:
    static Result<EttercapDb> parse(std::string_view text, const std::string& path);
    static Result<EttercapDb> load(std::string_view explicit_path = {});
    std::size_t size() const { return entries_.size(); }
    // Exact key match, else the nearest entry with the same window and MSS wildcarded.
    std::optional<Evidence> match(const EttercapKeyInput& in) const;

private:
    std::vector<std::pair<std::string, std::string>> entries_;  // key, OS; sorted by key
};

}  // namespace whorl::fp::passive
