// Option-string encoding and CRC-32.
#include "fp/active/option_string.hpp"

#include <array>

#include <fmt/format.h>

namespace whorl::fp::active {
namespace {

constexpr std::size_t kMaxLength = 256;  // Nmap's buffer; it stops 5 characters short

}  // namespace

std::string nmap_option_string(Bytes data, std::size_t option_length) {
    auto byte_at = [&](std::size_t i) -> unsigned { return i < data.size() ? std::to_integer<unsigned>(data[i]) : 0u; };
    std::string out;
    long length = static_cast<long>(option_length);
    std::size_t q = 0;
    while (length > 0 && out.size() < kMaxLength - 5) {
        unsigned kind = byte_at(q++);
        if (kind == 0) {
            out += 'L';
            --length;
        } else if (kind == 1) {
            out += 'N';
            --length;
        } else if (kind == 2) {
            if (length < 4) break;
            out += fmt::format("M{:X}", (byte_at(q + 1) << 8) | byte_at(q + 2));
            q += 3;
            length -= 4;
        } else if (kind == 3) {
            if (length < 3) break;
            out += fmt::format("W{:X}", byte_at(q + 1));
            q += 2;
            length -= 3;
        } else if (kind == 4) {
            if (length < 2) break;
            out += 'S';
            q += 1;
            length -= 2;
        } else if (kind == 8) {
            if (length < 10) break;
            bool tsval = byte_at(q + 1) | byte_at(q + 2) | byte_at(q + 3) | byte_at(q + 4);
            bool tsecr = byte_at(q + 5) | byte_at(q + 6) | byte_at(q + 7) | byte_at(q + 8);
            out += 'T';
            out += tsval ? '1' : '0';
            out += tsecr ? '1' : '0';
            q += 9;
            length -= 10;
        }
        // Any other kind: one byte consumed, length unchanged [Nmap 7.93 quirk].
    }
    if (length > 0) return {};
    return out;
}

std::uint32_t crc32(Bytes data) {
    static const auto kTable = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::byte b : data) c = kTable[(c ^ std::to_integer<std::uint32_t>(b)) & 0xff] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

}  // namespace whorl::fp::active
