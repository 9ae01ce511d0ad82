// ISO 639-1 two-letter language codes and their English names, for the `lang` field p0f
// derives from an HTTP request's Accept-Language header.
#pragma once

#include <optional>
#include <string_view>

namespace whorl::fp::passive {

// The English name of a lowercase ISO 639-1 code ("en" -> "English"), or nullopt.
std::optional<std::string_view> iso639_1_name(std::string_view code);

// p0f's `lang` field from an Accept-Language value: "none" when the value is absent or does
// not start with exactly two letters (then a non-letter), the language name when the two
// letters are a known code (case-sensitive, as in p0f), nullopt ("???") otherwise.
std::optional<std::string_view> accept_language_field(std::optional<std::string_view> value);

}  // namespace whorl::fp::passive
