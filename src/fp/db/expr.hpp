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
//
// Nmap 7.94.2 rewrote expr_match (7.95 is the first Debian release with it): values are
// compared as hex text (leading zeros dropped, then longer is greater, then strcmp), every
// alternative is exact, and in option strings (every OPS attribute and any attribute named
// O) a bracketed group matches a run of hex digits: "M[4E2-5B4]NW[5|6]NNT11SLL".
// expr_match_795 is its step-by-step oracle (expr_795.cpp); ExprPool compiles 7.95
// expressions too, walking only those with brackets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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

// 1 to 8 upper-case hex digits without a leading zero ("0" itself is one): their value.
std::optional<std::uint32_t> canonical_hex_value(std::string_view s);

// 1 to 12 hex digits of either case and nothing else (a bound or end of a range in a
// reference print's value): their value.
std::optional<std::uint64_t> plain_hex_value(std::string_view s);

// An observed attribute value with its 7.93 numeric reading precomputed.
struct ObservedValue {
    std::string_view text;
    bool numeric = false;
    std::uint32_t number = 0;  // (unsigned int) strtol(text, 16), as 7.93 stores it
    bool hex_start = false;    // 7.95: the first character is a hex digit
    bool zero_led = false;     // 7.95: "0" followed by more (its zero-stripping quirk)
    // 7.95: 1 to 8 upper-case hex digits without a leading zero, and their value: for such
    // texts 7.95's comparison (longer is greater, then byte order) is numeric order.
    bool canonical_hex = false;
    std::uint32_t hex = 0;
    bool plain_text = false;  // 7.95: holds none of '[', ']', '|' (every value a host sends)
    // The number ExprPool::observe gave this exact text among the pool's exact
    // alternatives (kAbsent: none is this text), or kUnknown when it was not looked up
    // (ObservedValue::of): exact alternatives then compare numbers, not characters.
    static constexpr std::uint32_t kUnknown = 0xffffffffu, kAbsent = 0xfffffffeu;
    std::uint32_t literal = kUnknown;

    static ObservedValue of(std::string_view text);
};

// 7.93's expr_match step by step. nullopt where 7.93 would fail its assertion (a range
// whose upper bound is not above the lower one, e.g. "5-5" or a bare "-").
std::optional<bool> expr_match_793(std::string_view observed, std::string_view expr);

// Why `expr` is not a well-formed nmap-os-db value, or nullopt if it is. Well formed:
// '|'-separated alternatives, each empty, a literal of [0-9A-Za-z+], ">HEX", "<HEX" or
// "HEX-HEX" with the upper bound above the lower one; HEX is 1 to 8 hex digits.
std::optional<std::string> expr_syntax_error(std::string_view expr);

// 7.95's expr_match step by step; `nested` says the attribute holds an option string
// (brackets are groups there, plain characters elsewhere). nullopt where 7.95 would fail
// its assertion (a '[' without a ']' in an option string).
std::optional<bool> expr_match_795(std::string_view observed, std::string_view expr, bool nested);

// Why `expr` is not a well-formed value of the 7.94.2+ grammar, or nullopt: 7.93's forms
// (a range's bounds may now be equal) and, where `nested`, alternatives made of literal
// characters and bracketed groups of '|'-separated HEX, >HEX, <HEX or HEX-HEX (only their
// characters are checked: Nmap's own file has "M[4EC-M5B0]").
std::optional<std::string> expr_syntax_error_795(std::string_view expr, bool nested);

// An expression's top-level '|'-separated alternatives, not split inside a bracketed
// group where `groups` (7.95's option strings).
std::vector<std::string_view> split_alternatives_795(std::string_view expr, bool groups);

// How an expression is read and evaluated.
enum class ExprDialect : std::uint8_t { nmap_793, nmap_795, nmap_795_nested };

// Distinct compiled expressions, stored flat so that evaluating thousands of them in a
// row touches little memory.
class ExprPool {
public:
    // Compiles `expr` (which should pass the dialect's syntax check) and returns its id.
    std::uint32_t add(std::string_view expr, ExprDialect dialect = ExprDialect::nmap_793);

    bool matches(std::uint32_t id, const ObservedValue& v) const;
    // ObservedValue::of(text) with its number among the pool's exact alternatives: the
    // faster form to match many expressions against.
    ObservedValue observe(std::string_view text) const;

    // A 7.95 expression read as exact tests, for indexes over many of them: a non-empty
    // value that is not zero-led matches when its number (observe) is one of
    // `text_literals` (a value not led by a hex digit) or `hex_literals` (one led by a hex
    // digit), or else, only where `ordered` (hex-led values: it holds '<', '>' or a range)
    // or `walked` (any value: it holds groups), when matches() says so.
    struct ExactForm {
        std::vector<std::uint32_t> text_literals, hex_literals;
        bool ordered = false, walked = false, matches_empty = false;
    };
    ExactForm exact_form(std::uint32_t id) const;  // a 7.95 dialect id
    std::string_view source(std::uint32_t id) const;
    std::size_t size() const { return entries_.size(); }
    // Expressions of equal text and dialect share a text id (one per distinct text): the
    // same text against the same value gives the same answer, whatever the attribute.
    std::uint32_t text_id(std::uint32_t id) const { return text_of_[id]; }
    std::size_t text_count() const { return text_ids_.size(); }

private:
    // prefix..range: 7.93. hex_*: 7.95's comparison of hex text (a = offset in text_, b =
    // length); a hex_range is two entries, its lower then its upper bound.
    enum class Op : std::uint8_t { prefix, exact, less, greater, range, hex_exact, hex_less, hex_greater, hex_range };
    struct Alt {
        Op op;
        bool canonical = false;  // hex_*: the text is canonical hex (see ObservedValue), worth `number`
        std::uint32_t a;         // text offset in text_, or the number (the lower bound of a range)
        std::uint32_t b;         // text length, or the upper bound of a range
        std::uint32_t number = 0;
        std::uint32_t literal = kNoLiteral;  // exact, hex_exact: the text's number in literals_
    };
    static constexpr std::uint32_t kNoLiteral = 0xfffffffdu;
    struct Entry {
        std::uint32_t src_off, src_len;
        // 7.93: alternatives for numeric values / for other values. 7.95: alternatives for
        // values that start with a hex digit / for other non-empty values.
        std::uint32_t numeric_begin, numeric_end;
        std::uint32_t text_begin, text_end;
        ExprDialect dialect;
        bool matches_empty;  // 7.95: an empty value matches
        bool walk;           // 7.95: bracketed groups: evaluated by expr_match_795...
        // ...except for values that neither start with a hex digit nor hold '[', ']' or
        // '|' (every option string a host sends): then the alternatives without groups are
        // text_begin..text_end (exact), and a last alternative with groups is
        // segments_begin..segments_end (empty range: none). A non-last alternative with
        // groups never matches such a value (7.95 compares the tail to the end of the
        // whole expression), nor does any alternative 7.95 starts inside a group as long
        // as every middle alternative of a group starts with a hex digit (else: walked).
        bool grouped_fast;
        std::uint32_t segments_begin, segments_end;
    };
    // A literal run of an option string, or a bracketed group ([a, a + b) in text_) whose
    // alternatives are compiled as a plain attribute's are: alts_[alts_begin, alts_end).
    struct Segment {
        bool group;
        std::uint32_t a, b;
        std::uint32_t alts_begin = 0, alts_end = 0;
    };
    bool segments_match(const Entry& e, std::string_view v) const;

    void add_795_alternatives(Entry& e, std::string_view expr);
    // 7.95's alternatives for values that start with a hex digit, appended to alts_.
    void add_hex_alternatives(std::uint32_t src_off, std::string_view expr, const std::vector<std::string_view>& alts);
    bool hex_alts_match(std::uint32_t begin, std::uint32_t end, const ObservedValue& v) const;
    Alt exact_alt(std::uint32_t offset, std::string_view text, Op op = Op::exact);
    bool text_alt_matches(const Alt& alt, std::string_view v) const;
    bool text_alts_match(const Entry& e, const ObservedValue& v) const;  // any of e's text alternatives
    bool matches_795(const Entry& e, const ObservedValue& v) const;
    int hex_compare(const ObservedValue& v, const Alt& bound) const;

    std::string text_;
    std::vector<Alt> alts_;
    std::vector<Segment> segments_;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::uint32_t> text_ids_;  // dialect byte + text
    // Every exact alternative's text, numbered (looked up by string_view).
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> literals_;
    std::vector<std::uint32_t> text_of_;                        // per entry (kept apart: the matcher streams it)
};

}  // namespace whorl::fp::db
