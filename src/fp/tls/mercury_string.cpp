// mercury's ClientHello string; see mercury_string.hpp.
#include "fp/tls/mercury_string.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "base/hex.hpp"

namespace whorl::fp::tls {

namespace {

bool carries_data(std::uint16_t type) {
    switch (type) {
        case 0x0001: case 0x0005: case 0x0007: case 0x0008: case 0x0009: case 0x000a: case 0x000b:
        case 0x000d: case 0x000f: case 0x0010: case 0x0011: case 0x0018: case 0x001b: case 0x001c:
        case 0x002b: case 0x002d: case 0x0032: case 0x5500:
            return true;
        default:
            return is_grease(type);
    }
}

std::uint16_t normal(std::uint16_t v) { return is_grease(v) ? 0x0a0a : v; }

// The data with GREASE entries of a list of 16-bit values (after a `prefix`-byte length)
// written as 0a0a.
std::vector<std::byte> normalized(const TlsExtension& e) {
    std::vector<std::byte> d = e.data;
    std::size_t prefix = e.type == ext::kSupportedGroups ? 2 : e.type == ext::kSupportedVersions ? 1 : 0;
    if (prefix == 0) return d;
    for (std::size_t i = prefix; i + 1 < d.size(); i += 2) {
        auto v = static_cast<std::uint16_t>(std::to_integer<std::uint8_t>(d[i]) << 8 | std::to_integer<std::uint8_t>(d[i + 1]));
        if (is_grease(v)) d[i] = d[i + 1] = std::byte{0x0a};
    }
    return d;
}

}  // namespace

std::string mercury_tls_string(const ClientHello& hello) {
    std::string out = fmt::format("({:04x})(", hello.legacy_version);
    for (std::uint16_t c : hello.cipher_suites) out += fmt::format("{:04x}", normal(c));
    out += ")(";
    for (const TlsExtension& e : hello.extensions) {
        out += fmt::format("({:04x}", normal(e.type));
        if (carries_data(e.type)) out += fmt::format("{:04x}", e.data.size()) + to_hex(normalized(e));
        out += ')';
    }
    out += ')';
    return out;
}

std::string mercury_sorted_key(const std::string& s) {
    // "(v)(c)(" then the extensions "(...)" then ")".
    std::size_t start = s.find(")(", s.find(")(") + 2);
    if (start == std::string::npos || s.size() < start + 3 || s.back() != ')') return s;
    start += 1;  // at the '(' of the extension list
    std::vector<std::string> items;
    for (std::size_t i = start + 1; i < s.size() - 1;) {
        std::size_t close = s.find(')', i);
        if (s[i] != '(' || close == std::string::npos) return s;
        items.push_back(s.substr(i, close - i + 1));
        i = close + 1;
    }
    std::sort(items.begin(), items.end());
    std::string out = s.substr(0, start + 1);
    for (const auto& item : items) out += item;
    return out + ")";
}

}  // namespace whorl::fp::tls
