// SHA-256 (FIPS 180-4), for the fingerprint formats that hash their text (JA4's truncated
// hashes). One-shot over a byte or text span; no streaming state is needed here.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.hpp"

namespace whorl {

std::array<std::uint8_t, 32> sha256(Bytes data);

// Lower-case hex of sha256(text), 64 characters.
std::string sha256_hex(std::string_view text);

}  // namespace whorl
