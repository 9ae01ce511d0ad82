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
#include "fp/fusion/evidence.hpp"
#include "fp/tcp/tcp_matcher.hpp"

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

// Ettercap's TTL_PREDICTOR: a power of two stays, anything else rounds up to the next one,
// and 129..254 become 255 (so 0 -> 2, 1 -> 1, 60 -> 64, 200 -> 255).
std::uint8_t ettercap_ttl(std::uint8_t ttl);

// The key input of an IPv4 SYN or SYN+ACK already reduced for p0f (window, MSS, option
// layout, DF quirk, header length); nullopt for IPv6, which Ettercap does not fingerprint.
std::optional<EttercapKeyInput> ettercap_input(const TcpSignatureInput& in);

// What Ettercap 0.8.3's fingerprint_search() answers for a key, for comparisons with it.
struct EttercapLookup {
    enum class Kind : std::uint8_t {
        exact,         // the key is in the file
        mss_wildcard,  // same window, MSS wildcarded, found scanning forward from the key
        next_entry,    // neither: Ettercap prints the OS of the entry sorted after the key
    };
    Kind kind = Kind::exact;
    std::string os;
    std::uint32_t line = 0;
};

class EttercapDb {
public:
    struct Entry {
        std::string key;  // 28 characters
        std::string os;
        std::uint32_t line = 0;
        OsFamily family = OsFamily::unknown;  // family_of(os), worked out at load
    };

    static Result<EttercapDb> parse(std::string_view text, const std::string& path);
    static Result<EttercapDb> load(std::string_view explicit_path = {});
    std::size_t size() const { return entries_.size(); }
    const std::vector<Entry>& entries() const { return entries_; }

    // Exact key match (strength 1.0); else the same key with LEN "LT" (NetworkMiner's
    // retry: Ettercap itself never matches its 527 "LT" entries; 0.8); else the entry of the
    // same window with the MSS wildcarded, LEN exact or "LT", nearest MSS first (0.5).
    // Ettercap's last resort, the neighbour in sort order, is not evidence and is not used.
    std::optional<Evidence> match(const EttercapKeyInput& in) const;

    // Ettercap's own answer for a key, byte for byte (see EttercapLookup); nullopt where
    // Ettercap has none (a key after the last entry).
    std::optional<EttercapLookup> ettercap_search(std::string_view key) const;

private:
    std::vector<Entry> entries_;  // sorted by key; equal keys in file order
};

}  // namespace whorl::fp::passive
