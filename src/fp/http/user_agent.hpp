// User-Agent -> OS: current Windows, macOS, iOS/iPadOS, Android, Linux and ChromeOS
// strings (and the Sec-CH-UA-Platform client hint), with what each frozen or reduced UA
// can and cannot tell (Windows 11 sends "Windows NT 10.0"; macOS is frozen at 10_15_7).
#pragma once

#include <optional>
#include <string_view>

#include "fp/fusion/evidence.hpp"

namespace whorl::fp::passive {

// The OS a User-Agent names. Bots, crawlers and HTTP tools (curl, wget,
// python-requests, ...) give evidence with family `unknown` and strength 0: seen, but the
// string says nothing of the OS. nullopt when no rule applies.
std::optional<Evidence> classify_user_agent(std::string_view user_agent);

// The Sec-CH-UA-Platform client hint ("\"Windows\"", quotes optional) and, when the
// server asked for it, Sec-CH-UA-Platform-Version, which alone tells Windows 11 ("13.0.0"
// and above) from Windows 10 ("1.0.0".."10.0.0"). nullopt for "Unknown" or an empty value.
std::optional<Evidence> classify_platform_hint(std::string_view sec_ch_ua_platform,
                                               std::string_view sec_ch_ua_platform_version = {});

}  // namespace whorl::fp::passive
