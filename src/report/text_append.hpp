// Writing text, numbers and addresses without temporaries: straight at a cursor into room
// the caller reserved (put, put_uint, write_*_address), or appended to a std::string with
// one resize_and_overwrite per item (append_*). The output writers of passive mode format
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

// "a.b.c.d" of four bytes in network order.
inline char* write_dotted_quad(char* out, const std::byte* b) {
    for (std::size_t i = 0; i < 4; ++i) {
        if (i) *out++ = '.';
        const unsigned v = std::to_integer<unsigned>(b[i]);
        if (v >= 100) *out++ = static_cast<char>('0' + v / 100);
        if (v >= 10) *out++ = static_cast<char>('0' + v / 10 % 10);
        *out++ = static_cast<char>('0' + v % 10);
    }
    return out;
}

// A 16-bit group in lowercase hex without leading zeros ("0" for zero), as printf's "%x".
inline char* write_hex_group(char* out, unsigned v) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (int shift = v >= 0x1000 ? 12 : v >= 0x100 ? 8 : v >= 0x10 ? 4 : 0; shift >= 0; shift -= 4)
        *out++ = kHex[(v >> shift) & 15];
    return out;
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

// Longest text write_ip_address() writes (INET6_ADDRSTRLEN without the terminating NUL).
inline constexpr std::size_t kMaxIpAddressText = 45;

// IpAddress::to_string()'s text, as glibc's inet_ntop writes it: dotted quad, or IPv6 groups
// in lowercase hex without leading zeros, the longest run of two or more zero groups (the
// first of equally long ones) written "::", and ::a.b.c.d / ::ffff:a.b.c.d with the last
// four bytes as a dotted quad. Writes at `out` (room for kMaxIpAddressText), returns the end.
inline char* write_ip_address(char* out, const IpAddress& addr) {
    const auto b = addr.bytes();
    if (b.size() == 4) return write_dotted_quad(out, b.data());
    unsigned g[8];
    for (std::size_t i = 0; i < 8; ++i)
        g[i] = std::to_integer<unsigned>(b[2 * i]) << 8 | std::to_integer<unsigned>(b[2 * i + 1]);
    std::size_t run = 0, run_len = 0;  // the zero groups written "::" (run_len 0: none)
    for (std::size_t i = 0, len = 0; i < 8; ++i) {
        len = g[i] == 0 ? len + 1 : 0;
        if (len > run_len) run = i + 1 - len, run_len = len;
    }
    if (run_len < 2) run_len = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i >= run && i < run + run_len) {
            if (i == run) *out++ = ':';
            continue;
        }
        if (i) *out++ = ':';
        if (i == 6 && run == 0 && (run_len == 6 || (run_len == 5 && g[5] == 0xffff)))
            return write_dotted_quad(out, b.data() + 12);
        out = write_hex_group(out, g[i]);
    }
    if (run_len && run + run_len == 8) *out++ = ':';
    return out;
}

}  // namespace whorl::report
