// Appending numbers and addresses to a std::string without temporaries: one
// resize_and_overwrite per item, digits written in place. The output writers of passive
// mode format millions of lines a second through these.
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

// Dotted quad, or p0f's IPv6 form: eight groups in lowercase hex without leading zeros and
// without "::" compression.
inline void append_p0f_address(std::string& s, const IpAddress& addr) {
    const auto b = addr.bytes();
    s.resize_and_overwrite(s.size() + 40, [old = s.size(), b](char* p, std::size_t) {
        char* o = p + old;
        auto byte = [&b](std::size_t i) { return std::to_integer<unsigned>(b[i]); };
        if (b.size() == 4) {
            for (std::size_t i = 0; i < 4; ++i) {
                if (i) *o++ = '.';
                o = std::to_chars(o, o + 3, byte(i)).ptr;
            }
        } else {
            for (std::size_t i = 0; i < 16; i += 2) {
                if (i) *o++ = ':';
                o = std::to_chars(o, o + 4, byte(i) << 8 | byte(i + 1), 16).ptr;
            }
        }
        return static_cast<std::size_t>(o - p);
    });
}

// Text of recently printed addresses: a flow's two addresses appear in four or more lines,
// and formatting an IPv6 address costs more than a lookup. Direct-mapped.
class AddressTextCache {
public:
    AddressTextCache() : entries_(kSize) {}

    std::string_view get(const IpAddress& a) {
        const auto b = a.bytes();
        std::uint64_t w[2] = {0, 0};
        std::memcpy(w, b.data(), b.size());
        const std::uint64_t h = ((w[0] ^ (w[1] * 0x9E3779B97F4A7C15ull)) + b.size()) * 0xBF58476D1CE4E5B9ull;
        Entry& e = entries_[h >> (64 - kBits)];
        if (e.length == 0 || e.addr != a) {
            e.addr = a;
            std::string text;
            append_p0f_address(text, a);
            e.length = static_cast<std::uint8_t>(text.size());
            std::memcpy(e.text, text.data(), text.size());
        }
        return {e.text, e.length};
    }

private:
    static constexpr int kBits = 10;
    static constexpr std::size_t kSize = std::size_t{1} << kBits;
    struct Entry {
        IpAddress addr;
        std::uint8_t length = 0;
        char text[39];
    };
    std::vector<Entry> entries_;
};

}  // namespace whorl::report
