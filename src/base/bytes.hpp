// Big-endian loads and stores on byte spans (memcpy, never a cast of a header struct),
// and conversions between text and std::byte spans.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace whorl {

using Bytes = std::span<const std::byte>;
using MutableBytes = std::span<std::byte>;

inline std::uint8_t load_u8(Bytes b, std::size_t off) { return std::to_integer<std::uint8_t>(b[off]); }

inline std::uint16_t load_be16(Bytes b, std::size_t off) {
    std::uint16_t v;
    std::memcpy(&v, b.data() + off, sizeof v);
    return std::endian::native == std::endian::little ? std::byteswap(v) : v;
}

inline std::uint32_t load_be32(Bytes b, std::size_t off) {
    std::uint32_t v;
    std::memcpy(&v, b.data() + off, sizeof v);
    return std::endian::native == std::endian::little ? std::byteswap(v) : v;
}

inline std::uint16_t load_le16(Bytes b, std::size_t off) {
    std::uint16_t v;
    std::memcpy(&v, b.data() + off, sizeof v);
    return std::endian::native == std::endian::big ? std::byteswap(v) : v;
}

inline std::uint32_t load_le32(Bytes b, std::size_t off) {
    std::uint32_t v;
    std::memcpy(&v, b.data() + off, sizeof v);
    return std::endian::native == std::endian::big ? std::byteswap(v) : v;
}

inline void store_u8(MutableBytes b, std::size_t off, std::uint8_t v) { b[off] = std::byte{v}; }

inline void store_be16(MutableBytes b, std::size_t off, std::uint16_t v) {
    if constexpr (std::endian::native == std::endian::little) v = std::byteswap(v);
    std::memcpy(b.data() + off, &v, sizeof v);
}

inline void store_be32(MutableBytes b, std::size_t off, std::uint32_t v) {
    if constexpr (std::endian::native == std::endian::little) v = std::byteswap(v);
    std::memcpy(b.data() + off, &v, sizeof v);
}

inline Bytes as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

inline std::string_view as_text(Bytes b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace whorl
