// Renamed OS families and Nmap's "embedded" family.
#include "fp/verdict/family_names.hpp"

namespace whorl::fp::verdict {

std::string canonical_family(std::string_view family) {
    if (family == "Mac OS X" || family == "OS X") return "macOS";
    if (family == "iPhone OS") return "iOS";
    return std::string(family);
}

bool same_family(std::string_view vendor_a, std::string_view family_a, std::string_view vendor_b,
                 std::string_view family_b) {
    // "embedded" is no family of its own: two vendors' firmware are two families.
    if (family_a == "embedded" || family_b == "embedded") return vendor_a == vendor_b;
    return canonical_family(family_a) == canonical_family(family_b);
}

}  // namespace whorl::fp::verdict
