// IP ID classification (Nmap 7.93 rules, including its quirks: differences are taken as
// unsigned 32-bit values before the 16-bit mask, so a decrease counts as random).
#include "fp/active/ip_id_class.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace whorl::fp::active {

std::optional<std::string> IpIdSequence::attribute_value() const {
    switch (cls) {
        case IpIdClass::unknown: return std::nullopt;
        case IpIdClass::zero: return "Z";
        case IpIdClass::random: return "RD";
        case IpIdClass::random_positive: return "RI";
        case IpIdClass::broken_increment: return "BI";
        case IpIdClass::increment_by_2:
        case IpIdClass::increment: return "I";
        case IpIdClass::constant: return fmt::format("{:X}", first);
    }
    return std::nullopt;
}

std::string_view IpIdSequence::description() const {
    switch (cls) {
        case IpIdClass::unknown: return "Busy server or unknown class";
        case IpIdClass::zero: return "All zeros";
        case IpIdClass::random: return "Randomized";
        case IpIdClass::random_positive: return "Random positive increments";
        case IpIdClass::broken_increment: return "Broken little-endian incremental";
        case IpIdClass::increment_by_2: return "Incrementing by 2";
        case IpIdClass::increment: return "Incremental";
        case IpIdClass::constant: return "Duplicated ipid (!)";
    }
    return "Busy server or unknown class";
}

IpIdSequence classify_ip_ids(std::span<const std::uint16_t> ids, bool localhost) {
    IpIdSequence result;
    if (ids.size() < 2) return result;
    result.first = ids[0];
    std::vector<std::uint32_t> diffs;
    bool all_zero = true;
    for (std::size_t i = 1; i < ids.size(); ++i) {
        if (ids[i - 1] != 0 || ids[i] != 0) all_zero = false;
        std::uint32_t d = std::uint32_t{ids[i]} - std::uint32_t{ids[i - 1]};
        if (ids.size() > 2 && d > 20000) {
            result.cls = IpIdClass::random;
            return result;
        }
        diffs.push_back(d & 0xffff);
    }
    if (all_zero) {
        result.cls = IpIdClass::zero;
        return result;
    }
    if (localhost && std::all_of(diffs.begin(), diffs.end(), [](std::uint32_t d) { return d >= 2; }))
        for (auto& d : diffs) d -= (d % 256 == 0) ? 256 : 1;
    auto all = [&](auto pred) { return std::all_of(diffs.begin(), diffs.end(), pred); };
    if (all([](std::uint32_t d) { return d == 0; })) result.cls = IpIdClass::constant;
    else if (std::any_of(diffs.begin(), diffs.end(),
                         [](std::uint32_t d) { return d > 1000 && (d % 256 != 0 || d >= 25600); }))
        result.cls = IpIdClass::random_positive;
    else if (all([](std::uint32_t d) { return d % 256 == 0 && d <= 5120; })) result.cls = IpIdClass::broken_increment;
    else if (all([](std::uint32_t d) { return d % 2 == 0; })) result.cls = IpIdClass::increment_by_2;
    else if (all([](std::uint32_t d) { return d <= 9; })) result.cls = IpIdClass::increment;
    return result;
}

}  // namespace whorl::fp::active
