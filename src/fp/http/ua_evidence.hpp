// User-Agent evidence from uap-core's maintained OS parsers together with whorl's hand table
// (user_agent.hpp). uap-core (the ua-parser project's regexes.yaml, read where Debian
// installs it) names the OS; the hand table keeps what uap-core lacks:
//  - tools, bots and HTTP libraries (curl, wget, okhttp, crawlers): seen, saying little or
//    nothing of the OS, which uap-core's OS parsers do not tell apart from "Other";
//  - frozen and reduced browser strings: Windows 11 sends "Windows NT 10.0", macOS 11 and
//    later "Mac OS X 10_15_7"; uap-core reads those literally ("Windows 10", "10.15.7"), the
//    hand table says "10 or 11" and "10.15.7 or later";
//  - strings of no browser, where it knows an OS service (Windows Update, APT, CFNetwork).
// So: a tool or bot is the hand table's; where both name the same family, the hand table's
// reading stands; where they differ, or only uap-core names one, uap-core's (strength 1, as
// the hand table gives a full browser string); where uap-core names none, the hand table's.
// Client hints (Sec-CH-UA-Platform) stay with the hand table (classify_platform_hint).
#pragma once

#include <optional>
#include <string_view>

#include "fp/fusion/evidence.hpp"
#include "fp/http/uap_os.hpp"

namespace whorl::fp::passive {

// `uap` may be null (uap-core not installed): the hand table alone.
std::optional<Evidence> user_agent_evidence(const UapOsParsers* uap, std::string_view user_agent);

}  // namespace whorl::fp::passive
