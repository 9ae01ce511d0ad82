// The fixed header lists p0f 3.09b uses when it writes an HTTP raw signature: headers marked
// optional ("?Name"), "common" headers listed in habsent when missing, and headers whose
// values are never printed. (Facts from p0f's config.h, checked against p0f's output.)
#pragma once

#include <array>
#include <string_view>

namespace whorl::fp::passive {

inline constexpr std::array<std::string_view, 11> kRequestOptional = {
    "Cookie", "Referer", "Origin", "Range", "If-Modified-Since", "If-None-Match", "Via",
    "X-Forwarded-For", "Authorization", "Proxy-Authorization", "Cache-Control"};

inline constexpr std::array<std::string_view, 12> kResponseOptional = {
    "Set-Cookie", "Last-Modified", "ETag", "Content-Length", "Content-Disposition",
    "Cache-Control", "Expires", "Pragma", "Location", "Refresh", "Content-Range", "Vary"};

inline constexpr std::array<std::string_view, 8> kRequestCommon = {
    "Host", "User-Agent", "Connection", "Accept", "Accept-Encoding", "Accept-Language",
    "Accept-Charset", "Keep-Alive"};

inline constexpr std::array<std::string_view, 5> kResponseCommon = {
    "Content-Type", "Connection", "Keep-Alive", "Accept-Ranges", "Date"};

inline constexpr std::array<std::string_view, 2> kRequestSkipValue = {"Host", "User-Agent"};

inline constexpr std::array<std::string_view, 3> kResponseSkipValue = {"Date", "Content-Type",
                                                                       "Server"};

}  // namespace whorl::fp::passive
