// Names of the Nmap behaviours whorl can follow.
#include "fp/nmap_behaviour.hpp"

namespace whorl::fp {

std::string_view nmap_version_text(NmapBehaviour b) { return b == NmapBehaviour::v7_95 ? "7.95" : "7.93"; }

std::optional<NmapBehaviour> parse_nmap_behaviour(std::string_view text) {
    if (text == "7.93") return NmapBehaviour::v7_93;
    if (text == "7.95") return NmapBehaviour::v7_95;
    return std::nullopt;
}

}  // namespace whorl::fp
