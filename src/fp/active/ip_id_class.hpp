// IP ID sequence classes as Nmap 7.93 assigns them (TI, CI, II in the SEQ line and the
// "IP ID Sequence Generation" line): from a list of 16-bit IDs, in the order received.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace whorl::fp::active {

enum class IpIdClass {
    unknown,       // attribute omitted
    zero,          // Z: all zero
    random,        // RD: a jump of more than 20000 (or any decrease) with more than 2 samples
    random_positive,  // RI
    broken_increment, // BI: multiples of 256 up to 5120 (little-endian counters)
    increment_by_2,   // printed as I
    increment,        // I
    constant,         // the value itself
};

struct IpIdSequence {
    IpIdClass cls = IpIdClass::unknown;
    std::uint16_t first = 0;  // the first ID, printed for constant sequences

    // The attribute value ("Z", "RD", "RI", "BI", "I", "<hex>"), or nullopt when omitted.
    std::optional<std::string> attribute_value() const;
    // "All zeros", "Randomized", ... as in "IP ID Sequence Generation:".
    std::string_view description() const;
};

// Classifies IDs in arrival order. `localhost` applies Nmap's adjustment for scans of the
// scanning host itself (each of our own packets takes an ID too).
IpIdSequence classify_ip_ids(std::span<const std::uint16_t> ids, bool localhost = false);

}  // namespace whorl::fp::active
