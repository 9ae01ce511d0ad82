// User-Agent -> OS: current Windows, macOS, iOS/iPadOS, Android, Linux and ChromeOS
// strings (and the Sec-CH-UA-Platform client hint), with what each frozen or reduced UA
// can and cannot tell (Windows 11 sends "Windows NT 10.0"; macOS is frozen at 10_15_7).
#pragma once

#include <optional>
#include <string_view>

#include "fp/passive/evidence.hpp"

namespace whorl::fp::passive {

std::optional<Evidence> classify_user_agent(std::string_view user_agent);
std::optional<Evidence> classify_platform_hint(std::string_view sec_ch_ua_platform);

}  // namespace whorl::fp::passive
