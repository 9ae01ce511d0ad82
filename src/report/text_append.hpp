// Writing text, numbers and addresses without temporaries: straight at a cursor into room
// the caller reserved (put, put_uint, write_p0f_address; IpAddress::write_text for the usual
// address text), or appended to a std::string with one resize_and_overwrite per item
// (append_*). The output writers of passive mode format
// millions of lines a second through these.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <cstring>
#include <vector>

#include "base/ip_address.hpp"

namespace whorl::report {

// Copies s to p and returns the end.
inline char* put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}

// Decimal digits of v at p (room for 10) and returns the end.
inline char* put_uint(char* p, std::uint32_t v) { return std::to_chars(p, p + 10, v).ptr; }

inline void append_u32(std::string& s, std::uint32_t v) {
    s.resize_and_overwrite(s.size() + 10, [old = s.size(), v](char* p, std::size_t) {
        return static_cast<std::size_t>(put_uint(p + old, v) - p);
    });
}

// Longest text write_p0f_address() writes: eight groups of four hex digits and seven colons.
inline constexpr std::size_t kMaxP0fAddressText = 39;

// Dotted quad, or p0f's IPv6 form: eight groups in lowercase hex without leading zeros and
// without "::" compression. Writes at `out` (room for kMaxP0fAddressText) and returns the end.
inline char* write_p0f_address(char* out, const IpAddress& addr) {
    const auto b = addr.bytes();
    if (b.size() == 4) return write_dotted_quad(out, b.data());
    for (std::size_t i = 0; i < 16; i += 2) {
        if (i) *out++ = ':';
        out = write_hex_group(out, std::to_integer<unsigned>(b[i]) << 8 | std::to_integer<unsigned>(b[i + 1]));
    }
    return out;
}

inline void append_p0f_address(std::string& s, const IpAddress& addr) {
    s.resize_and_overwrite(s.size() + kMaxP0fAddressText, [old = s.size(), &addr](char* p, std::size_t) {
        return static_cast<std::size_t>(write_p0f_address(p + old, addr) - p);
    });
}

}  // namespace whorl::report
