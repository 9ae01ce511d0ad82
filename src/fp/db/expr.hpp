// nmap-os-db value expressions ("3B-45", "M5B4|M200", ">1000000", "|U") and how Nmap 7.93
// evaluates them against an observed value (osscan.cc expr_match), quirks included:
//   - an observed value is numeric when C strtol(v, 16) consumes all of it; so "" is 0;
//   - with a numeric value, an alternative is a range as soon as a '-' appears anywhere in
//     the rest of the expression, and if that '-' is not its own it matches nothing
//     ("8|A-C" does not match "8");
//   - a text alternative that is not the last is a prefix test ("S|O" matches "S+"; an
//     empty first alternative matches everything); the last one is an exact test.
// ExprPool compiles each distinct expression once into two short alternative lists (one
// for numeric observed values, one for text values) so evaluation re-parses nothing.
// expr_match_793 walks the text the way 7.93 does and is the oracle the tests and the
// fuzzer compare the compiled form against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace whorl::fp::db {

// C strtol(s, &end, 16) on a NUL-terminated copy of s: leading white space, a sign, an
// optional 0x, hex digits, saturation at LONG_MIN/LONG_MAX. `end` is the number of
// characters consumed, 0 when there are no digits.
struct HexParse {
    long value = 0;
    std::size_t end = 0;
};
HexParse strtol16(std::string_view s);

// An observed attribute value with its 7.93 numeric reading precomputed.
struct ObservedValue {
    std::string_view text;
    bool numeric = false;
    std::uint32_t number = 0;  // (unsigned int) strtol(text, 16), as 7.93 stores it

    static ObservedValue of(std::string_view text);
};

// 7.93's expr_match step by step. nullopt where 7.93 would fail its assertion (a range
// whose upper bound is not above the lower one, e.g. "5-5" or a bare "-").
std::optional<bool> expr_match_793(std::string_view observed, std::string_view expr);

// Why `expr` is not a well-formed nmap-os-db value, or nullopt if it is. Well formed:
// '|'-separated alternatives, each empty, a literal of [0-9A-Za-z+], ">HEX", "<HEX" or
// "HEX-HEX" with the upper bound above the lower one; HEX is 1 to 8 hex digits.
std::optional<std::string> expr_syntax_error(std::string_view expr);

// Distinct compiled expressions, stored flat so that evaluating thousands of them in a
// row touches little memory.
class ExprPool {
public:
    // Compiles `expr` (which should pass expr_syntax_error) and returns its id.
    std::uint32_t add(std::string_view expr);

    bool matches(std::uint32_t id, const ObservedValue& v) const;
    std::string_view source(std::uint32_t id) const;
    std::size_t size() const { return entries_.size(); }

private:
    enum class Op : std::uint8_t { prefix, exact, less, greater, range };
    struct Alt {
        Op op;
        std::uint32_t a;  // text offset in text_, or the number (the lower bound of a range)
        std::uint32_t b;  // text length, or the upper bound of a range
    };
    struct Entry {
        std::uint32_t src_off, src_len;
        std::uint32_t numeric_begin, numeric_end;  // alternatives for numeric values
        std::uint32_t text_begin, text_end;        // alternatives for other values
    };

    bool text_alt_matches(const Alt& alt, std::string_view v) const;

    std::string text_;
    std::vector<Alt> alts_;
    std::vector<Entry> entries_;
};

}  // namespace whorl::fp::db
