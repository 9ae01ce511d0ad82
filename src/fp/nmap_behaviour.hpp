// Which Nmap release whorl reproduces where releases differ: 7.93 (Debian 12) or 7.95
// (Debian 13; the first release that reads the nmap-os-db grammar of 7.94.2 and later).
// The database decides by default (a file that says "only valid for Nmap 7.94.2 and later"
// is read and matched as 7.95 does, any other as 7.93 does); --nmap-compat overrides it.
// Everything that differs between the two (expression matching, implicit R=Y, the early
// stop of the scorer, a new source port for each OS round, the SCAN line's V=) asks this.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace whorl::fp {

enum class NmapBehaviour : std::uint8_t { v7_93, v7_95 };

// "7.93" or "7.95": what --version, the SCAN line (V=) and the XML say.
std::string_view nmap_version_text(NmapBehaviour b);

// "7.93" or "7.95" (also "7.94.2" and later 7.9x spellings, which read as 7.95); nullopt
// for anything else.
std::optional<NmapBehaviour> parse_nmap_behaviour(std::string_view text);

}  // namespace whorl::fp
