// Appending numbers and addresses to a std::string without temporaries: one
// resize_and_overwrite per item, digits written in place (or written straight into a
// buffer). The output writers of passive mode format millions of lines a second through these.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <cstring>
#include <vector>

#include "base/ip_address.hpp"

namespace whorl::report {

inline void append_u32(std::string& s, std::uint32_t v) {
    s.resize_and_overwrite(s.size() + 10, [old = s.size(), v](char* p, std::size_t n) {
        return static_cast<std::size_t>(std::to_chars(p + old, p + n, v).ptr - p);
    });
}

// Longest text write_p0f_address() writes: eight groups of four hex digits and seven colons.
inline constexpr std::size_t kMaxP0fAddressText = 39;

// Dotted quad, or p0f's IPv6 form: eight groups in lowercase hex without leading zeros and
// without "::" compression. Writes at `out` (room for kMaxP0fAddressText) and returns the end.
inline char* write_p0f_address(char* out, const IpAddress& addr) {
    const auto b = addr.bytes();
    auto byte = [&b](std::size_t i) { return std::to_integer<unsigned>(b[i]); };
    if (b.size() == 4) {
        for (std::size_t i = 0; i < 4; ++i) {
            if (i) *out++ = '.';
            const unsigned v = byte(i);
            if (v >= 100) *out++ = static_cast<char>('0' + v / 100);
            if (v >= 10) *out++ = static_cast<char>('0' + v / 10 % 10);
            *out++ = static_cast<char>('0' + v % 10);
        }
        return out;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < 16; i += 2) {
        if (i) *out++ = ':';
        const unsigned v = byte(i) << 8 | byte(i + 1);
        // Digits past the leading zeros; a zero group is "0".
        for (int shift = v >= 0x1000 ? 12 : v >= 0x100 ? 8 : v >= 0x10 ? 4 : 0; shift >= 0; shift -= 4)
            *out++ = kHex[(v >> shift) & 15];
    }
    return out;
}

inline void append_p0f_address(std::string& s, const IpAddress& addr) {
    s.resize_and_overwrite(s.size() + kMaxP0fAddressText, [old = s.size(), &addr](char* p, std::size_t) {
        return static_cast<std::size_t>(write_p0f_address(p + old, addr) - p);
    });
}

}  // namespace whorl::report
