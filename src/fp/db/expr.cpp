// Expression evaluation exactly as Nmap 7.93 does it, and its compiled form.
#include "fp/db/expr.hpp"

#include <climits>

namespace whorl::fp::db {
namespace {

bool is_c_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// One alternative of an expression: [begin, end) in the expression, and whether a '|'
// follows it (i.e. it is not the last).
struct AltSpan {
    std::size_t begin, end;
    bool last;
};

AltSpan alt_at(std::string_view expr, std::size_t begin) {
    std::size_t bar = expr.find('|', begin);
    if (bar == std::string_view::npos) return {begin, expr.size(), true};
    return {begin, bar, false};
}

// A number parsed by strtol at `from` ends where 7.93 wants it: at the end of this
// alternative (the next '|') or at the end of the whole expression.
bool ends_alternative(std::string_view expr, std::size_t from, const HexParse& h, const AltSpan& alt) {
    std::size_t stop = from + h.end;
    return (!alt.last && stop == alt.end) || stop == expr.size();
}

// The effect of one alternative when the observed value is numeric (7.93's first two
// branches). kind: 0 = nothing, 1 = less, 2 = greater, 3 = range, 4 = text comparison,
// 5 = the range assertion would fail.
struct NumericAlt {
    int kind = 0;
    std::uint32_t a = 0, b = 0;
};

NumericAlt numeric_alt(std::string_view expr, const AltSpan& alt) {
    std::size_t p = alt.begin;
    if (p < expr.size() && (expr[p] == '<' || expr[p] == '>')) {
        HexParse h = strtol16(expr.substr(p + 1));
        if (!ends_alternative(expr, p + 1, h, alt)) return {};
        return {expr[p] == '<' ? 1 : 2, static_cast<std::uint32_t>(h.value), 0};
    }
    std::size_t dash = expr.find('-', p);
    if (dash == std::string_view::npos) return {4};
    HexParse lo = strtol16(expr.substr(p));
    if (p + lo.end != dash) return {};
    HexParse hi = strtol16(expr.substr(dash + 1));
    if (!ends_alternative(expr, dash + 1, hi, alt)) return {};
    auto l = static_cast<std::uint32_t>(lo.value), h = static_cast<std::uint32_t>(hi.value);
    if (!(h > l)) return {5};
    return {3, l, h};
}

bool is_literal_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+';
}

// 1 to 8 hex digits and nothing else.
std::optional<std::uint32_t> strict_hex(std::string_view s) {
    if (s.empty() || s.size() > 8) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        int d = hex_digit(c);
        if (d < 0) return std::nullopt;
        v = v * 16 + static_cast<std::uint32_t>(d);
    }
    return v;
}

}  // namespace

std::optional<std::uint32_t> canonical_hex_value(std::string_view s) {
    if (s.empty() || s.size() > 8 || (s[0] == '0' && s.size() > 1)) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return std::nullopt;
        v = v * 16 + static_cast<std::uint32_t>(c <= '9' ? c - '0' : c - 'A' + 10);
    }
    return v;
}

std::optional<std::uint64_t> plain_hex_value(std::string_view s) {
    if (s.empty() || s.size() > 12) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) {
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) return std::nullopt;
        v = v * 16 + static_cast<std::uint64_t>(d);
    }
    return v;
}

HexParse strtol16(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && is_c_space(s[i])) ++i;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i + 2 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
        hex_digit(s[i + 2]) >= 0)
        i += 2;
    std::size_t digits_start = i;
    unsigned long acc = 0;
    bool overflow = false;
    for (; i < s.size() && hex_digit(s[i]) >= 0; ++i) {
        if (acc > (ULONG_MAX >> 4)) overflow = true;
        acc = (acc << 4) | static_cast<unsigned long>(hex_digit(s[i]));
    }
    if (i == digits_start) return {0, 0};
    constexpr unsigned long kMax = static_cast<unsigned long>(LONG_MAX);
    long v;
    if (negative) {
        v = (overflow || acc > kMax + 1) ? LONG_MIN : (acc == kMax + 1 ? LONG_MIN : -static_cast<long>(acc));
    } else {
        v = (overflow || acc > kMax) ? LONG_MAX : static_cast<long>(acc);
    }
    return {v, i};
}

ObservedValue ObservedValue::of(std::string_view text) {
    HexParse h = strtol16(text);
    // strtol leaves end at the start when there are no digits: numeric only if empty.
    bool numeric = h.end == text.size();
    bool hex_start = !text.empty() && hex_digit(text[0]) >= 0;
    bool zero_led = text.size() > 1 && text[0] == '0';
    ObservedValue v{text, numeric, static_cast<std::uint32_t>(h.value), hex_start, zero_led};
    if (auto c = canonical_hex_value(text)) {
        v.canonical_hex = true;
        v.hex = *c;
    }
    v.plain_text = text.find_first_of("[]|") == std::string_view::npos;
    return v;
}

std::optional<bool> expr_match_793(std::string_view val, std::string_view expr) {
    ObservedValue v = ObservedValue::of(val);
    std::size_t p = 0;
    while (true) {
        AltSpan alt = alt_at(expr, p);
        NumericAlt n = v.numeric ? numeric_alt(expr, alt) : NumericAlt{4};
        switch (n.kind) {
            case 1:
                if (v.number < n.a) return true;
                break;
            case 2:
                if (v.number > n.a) return true;
                break;
            case 3:
                if (v.number >= n.a && v.number <= n.b) return true;
                break;
            case 4: {
                std::string_view a = expr.substr(alt.begin, alt.end - alt.begin);
                // strncmp(alt, val, len(alt)) for all but the last; strcmp for the last.
                if (alt.last ? a == val : val.substr(0, a.size()) == a) return true;
                break;
            }
            case 5:
                return std::nullopt;
            default:
                break;
        }
        if (alt.last) return false;
        p = alt.end + 1;
    }
}

std::optional<std::string> expr_syntax_error(std::string_view expr) {
    std::size_t p = 0;
    while (true) {
        AltSpan alt = alt_at(expr, p);
        std::string_view a = expr.substr(alt.begin, alt.end - alt.begin);
        std::string what = "'" + std::string(a) + "'";
        if (!a.empty() && (a[0] == '<' || a[0] == '>')) {
            if (!strict_hex(a.substr(1))) return what + ": '<' and '>' take 1 to 8 hex digits";
        } else if (auto dash = a.find('-'); dash != std::string_view::npos) {
            auto lo = strict_hex(a.substr(0, dash)), hi = strict_hex(a.substr(dash + 1));
            if (!lo || !hi) return what + ": a range is HEX-HEX with 1 to 8 hex digits each";
            if (*hi <= *lo) return what + ": the upper bound of a range must exceed the lower";
        } else {
            for (char c : a)
                if (!is_literal_char(c)) return what + ": unexpected character in a value";
        }
        if (alt.last) return std::nullopt;
        p = alt.end + 1;
    }
}

std::uint32_t ExprPool::add(std::string_view expr, ExprDialect dialect) {
    Entry e{};
    e.src_off = static_cast<std::uint32_t>(text_.size());
    e.src_len = static_cast<std::uint32_t>(expr.size());
    e.dialect = dialect;
    std::string key(1, static_cast<char>(dialect));
    key.append(expr);
    text_of_.push_back(text_ids_.emplace(std::move(key), static_cast<std::uint32_t>(text_ids_.size())).first->second);
    text_.append(expr);
    if (dialect != ExprDialect::nmap_793) {
        add_795_alternatives(e, expr);
        entries_.push_back(e);
        return static_cast<std::uint32_t>(entries_.size() - 1);
    }
    auto literal = [&](const AltSpan& alt) {
        return exact_alt(e.src_off + static_cast<std::uint32_t>(alt.begin), expr.substr(alt.begin, alt.end - alt.begin),
                         alt.last ? Op::exact : Op::prefix);
    };
    e.numeric_begin = static_cast<std::uint32_t>(alts_.size());
    for (std::size_t p = 0;;) {
        AltSpan alt = alt_at(expr, p);
        NumericAlt n = numeric_alt(expr, alt);
        if (n.kind == 1) alts_.push_back({Op::less, false, n.a, 0});
        if (n.kind == 2) alts_.push_back({Op::greater, false, n.a, 0});
        if (n.kind == 3) alts_.push_back({Op::range, false, n.a, n.b});
        if (n.kind == 4) alts_.push_back(literal(alt));
        // kind 5 (the failing assertion) cannot pass expr_syntax_error; it matches nothing.
        if (alt.last) break;
        p = alt.end + 1;
    }
    e.numeric_end = e.text_begin = static_cast<std::uint32_t>(alts_.size());
    for (std::size_t p = 0;;) {
        AltSpan alt = alt_at(expr, p);
        alts_.push_back(literal(alt));
        if (alt.last) break;
        p = alt.end + 1;
    }
    e.text_end = static_cast<std::uint32_t>(alts_.size());
    entries_.push_back(e);
    return static_cast<std::uint32_t>(entries_.size() - 1);
}

ExprPool::Alt ExprPool::exact_alt(std::uint32_t offset, std::string_view text, Op op) {
    Alt alt{op, false, offset, static_cast<std::uint32_t>(text.size())};
    if (op == Op::exact || op == Op::hex_exact) {
        auto it = literals_.find(text);
        if (it == literals_.end()) it = literals_.emplace(std::string(text), static_cast<std::uint32_t>(literals_.size())).first;
        alt.literal = it->second;
    }
    return alt;
}

ObservedValue ExprPool::observe(std::string_view text) const {
    ObservedValue v = ObservedValue::of(text);
    auto it = literals_.find(text);
    v.literal = it == literals_.end() ? ObservedValue::kAbsent : it->second;
    return v;
}

bool ExprPool::text_alt_matches(const Alt& alt, std::string_view v) const {
    if (alt.op == Op::exact ? v.size() != alt.b : v.size() < alt.b) return false;
    // Most literals are a few characters and differ in the first one: compare inline.
    const char* t = text_.data() + alt.a;
    for (std::uint32_t i = 0; i < alt.b; ++i)
        if (t[i] != v[i]) return false;
    return true;
}

bool ExprPool::text_alts_match(const Entry& e, const ObservedValue& v) const {
    if (v.literal != ObservedValue::kUnknown) {  // exact alternatives compare numbers
        for (std::uint32_t i = e.text_begin; i < e.text_end; ++i) {
            const Alt& alt = alts_[i];
            if (alt.op == Op::exact ? alt.literal == v.literal : text_alt_matches(alt, v.text)) return true;
        }
        return false;
    }
    for (std::uint32_t i = e.text_begin; i < e.text_end; ++i)
        if (text_alt_matches(alts_[i], v.text)) return true;
    return false;
}

bool ExprPool::matches(std::uint32_t id, const ObservedValue& v) const {
    const Entry& e = entries_[id];
    if (e.dialect != ExprDialect::nmap_793) return matches_795(e, v);
    if (!v.numeric) return text_alts_match(e, v);
    for (std::uint32_t i = e.numeric_begin; i < e.numeric_end; ++i) {
        const Alt& alt = alts_[i];
        switch (alt.op) {
            case Op::less:
                if (v.number < alt.a) return true;
                break;
            case Op::greater:
                if (v.number > alt.a) return true;
                break;
            case Op::range:
                if (v.number >= alt.a && v.number <= alt.b) return true;
                break;
            default:
                if (text_alt_matches(alt, v.text)) return true;
        }
    }
    return false;
}

std::string_view ExprPool::source(std::uint32_t id) const {
    const Entry& e = entries_[id];
    return std::string_view(text_).substr(e.src_off, e.src_len);
}

}  // namespace whorl::fp::db
