// Small text helpers shared by the database parsers and the command line: trimming,
// splitting, strict integer parsing and whole-file reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl {

std::string_view trim(std::string_view s);

// Splits on every occurrence of sep; empty fields are kept ("a||b" -> a, "", b).
std::vector<std::string_view> split(std::string_view s, char sep);

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// The whole string must be a number in the given base; no sign, no spaces.
std::optional<std::uint64_t> parse_uint(std::string_view s, int base = 10);

// Reads a whole file; the error names the path.
// At most `max_bytes` (1 GiB by default): a larger file, or one that never ends
// (/dev/zero), is an error, not an allocation that grows without limit. A directory is an
// error too.
inline constexpr std::size_t kMaxFileBytes = std::size_t{1} << 30;
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = kMaxFileBytes);

}  // namespace whorl
