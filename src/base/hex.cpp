// Hex parsing and printing.
#include "base/hex.hpp"

namespace whorl {
namespace {

int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::vector<std::byte>> parse_hex(std::string_view text) {
    std::vector<std::byte> out;
    out.reserve(text.size() / 2);
    int high = -1;
    bool in_comment = false;
    for (char c : text) {
        if (in_comment) {
            in_comment = c != '\n';
            continue;
        }
        if (c == '#') {
            in_comment = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':') continue;
        int n = nibble(c);
        if (n < 0) return std::nullopt;
        if (high < 0) {
            high = n;
        } else {
            out.push_back(static_cast<std::byte>((high << 4) | n));
            high = -1;
        }
    }
    if (high >= 0) return std::nullopt;
    return out;
}

std::string to_hex(Bytes bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::byte b : bytes) {
        auto v = std::to_integer<unsigned>(b);
        out.push_back(kDigits[v >> 4]);
        out.push_back(kDigits[v & 15]);
    }
    return out;
}

}  // namespace whorl
