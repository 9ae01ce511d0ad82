// Hex text <-> bytes, for fixtures ("one frame per text file"), debug dumps and the
// fingerprint formats that print hex.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"

namespace whorl {

// Parses hex digit pairs; whitespace, ':' separators and '#' comments (to end of line)
// are skipped. Returns nullopt on any other character or an odd number of digits.
std::optional<std::vector<std::byte>> parse_hex(std::string_view text);

// Lower-case hex, no separators.
std::string to_hex(Bytes bytes);

}  // namespace whorl
