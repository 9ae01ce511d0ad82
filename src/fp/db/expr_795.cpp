// Expression evaluation as Nmap 7.94.2 and later (7.95) do it, its syntax check and its
// compiled form. The rules, read from 7.95's osscan.cc expr_match (facts only):
//   - an empty expression matches only an empty value; an empty value matches only an
//     empty alternative;
//   - when the value starts with a hex digit, its leading zeros are dropped (keeping one
//     character) and so are an alternative's; ">X" and "<X" compare as hex text (the
//     longer is greater, then byte order), "X-Y" is a range compared the same way, any other
//     alternative starting with a hex digit is compared as text, and one starting with
//     anything else never matches;
//   - otherwise every alternative is compared as text, exactly;
//   - in option strings a "[...]" group matches the run of hex digits at that place of the
//     value against the group's alternatives (compared as above), the text between groups
//     must be equal, and the text after the last group must equal the rest of the value
//     - where the rest of the *expression* is compared, so a bracketed alternative followed
//     by another never matches ("NW[2-7|A]|NWA" matches "NWA" only through its second);
//   - quirks kept: the dropped zeros shorten the value's length for the alternatives that
//     follow while their text starts again at the first character; an empty group "[]"
//     reads the rest of the expression as its contents.
#include <algorithm>
#include <vector>

#include "fp/db/expr.hpp"

namespace whorl::fp::db {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool is_hex_795(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_literal_795(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '+';
}

std::size_t find_in(std::string_view s, std::size_t from, std::size_t to, char c) {
    for (std::size_t i = from; i < to && i < s.size(); ++i)
        if (s[i] == c) return i;
    return kNone;
}

// C strncmp over two texts whose characters past their ends read as `a_end` / `b_end`.
int ncmp(std::string_view a, std::size_t ai, char a_end, std::string_view b, std::size_t bi, char b_end,
         std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
        auto x = static_cast<unsigned char>(ai + k < a.size() ? a[ai + k] : a_end);
        auto y = static_cast<unsigned char>(bi + k < b.size() ? b[bi + k] : b_end);
        if (x != y) return x < y ? -1 : 1;
        if (x == 0) return 0;
    }
    return 0;
}

// One call of 7.95's expr_match. `expr_end` is the character that follows the expression
// in Nmap's memory: '\0' for a whole value, ']' for a group's contents. `top` is the whole
// expression (a group "[]" reads from there).
std::optional<bool> walk_795(std::string_view val, std::string_view expr, char expr_end, bool nested) {
    auto e = [&](std::size_t i) { return i < expr.size() ? expr[i] : expr_end; };
    auto v = [&](std::size_t i) { return i < val.size() ? val[i] : '\0'; };
    std::size_t vlen = val.size();
    const std::size_t explen = expr.size();
    if (explen == 0) return vlen == 0;
    std::size_t p = 0, q = kNone;
    do {
        std::size_t subval = 0;
        q = find_in(expr, p, explen, '|');
        std::size_t nest = find_in(expr, p, q == kNone ? explen : q, '[');
        if (vlen == 0) {
            if (q == p || p == explen) return true;
            if (nest == kNone) goto next;
        }
        if (nested && nest != kNone) {
            while (nest != kNone) {
                std::size_t close = find_in(expr, nest, explen, ']');
                if (close == kNone) return std::nullopt;  // Nmap asserts
                if (q != kNone && q < close) q = find_in(expr, close, explen, '|');
                std::size_t lit = nest - p;
                if (ncmp(expr, p, expr_end, val, subval, '\0', lit) != 0) goto next;
                ++nest;
                subval += lit;
                std::size_t digits = 0;
                while (is_hex_795(v(subval + digits))) ++digits;
                p = close + 1;
                if (digits == 0) goto next;
                // strlen() stands in for an empty group's length: the rest of the expression.
                std::string_view group = close == nest ? expr.substr(nest) : expr.substr(nest, close - nest);
                char group_end = close == nest ? expr_end : ']';
                if (!*walk_795(val.substr(subval, digits), group, group_end, false)) goto next;
                subval += digits;
                nest = find_in(expr, p, q == kNone ? explen : q, '[');
            }
            // The rest of the value against the rest of the whole expression.
            auto rest = static_cast<long long>(vlen) - static_cast<long long>(subval);
            if (static_cast<long long>(explen - p) == rest &&
                ncmp(val, subval, '\0', expr, p, expr_end, explen - p) == 0)
                return true;
            goto next;
        }
        {
            std::size_t sublen = (q == kNone ? explen : q) - p;
            if (is_hex_795(v(subval))) {
                while (v(subval) == '0' && vlen > 1) {
                    ++subval;
                    --vlen;
                }
                char c = e(p);
                if (c == '>' || c == '<') {
                    do {
                        ++p;
                        --sublen;
                    } while (e(p) == '0' && sublen > 1);
                    int cmp = vlen == sublen ? ncmp(val, subval, '\0', expr, p, expr_end, vlen) : 0;
                    bool hit = c == '>' ? (vlen > sublen || (vlen == sublen && cmp > 0))
                                        : (vlen < sublen || (vlen == sublen && cmp < 0));
                    if (hit) return true;
                    goto next;
                }
                if (!is_hex_795(c)) goto next;
                while (sublen > 1 && e(p) == '0') {
                    ++p;
                    --sublen;
                }
                std::size_t dash = find_in(expr, p, q == kNone ? explen : q, '-');
                if (dash != kNone) {
                    if (dash == p) {
                        --p;
                        ++sublen;
                    }
                    std::size_t lo_len = dash - p;
                    if (vlen > lo_len || (vlen == lo_len && ncmp(val, subval, '\0', expr, p, expr_end, vlen) >= 0)) {
                        p = dash + 1;
                        sublen -= lo_len + 1;
                        while (sublen > 1 && e(p) == '0') {
                            ++p;
                            --sublen;
                        }
                        if (vlen < sublen || (vlen == sublen && ncmp(val, subval, '\0', expr, p, expr_end, vlen) <= 0))
                            return true;
                    }
                    goto next;
                }
            }
            if (vlen == sublen && ncmp(expr, p, expr_end, val, subval, '\0', vlen) == 0) return true;
        }
    next:
        if (q != kNone) p = q + 1;
    } while (q != kNone);
    return false;
}

bool strict_hex_795(std::string_view s) {
    if (s.empty() || s.size() > 8) return false;
    for (char c : s)
        if (!is_hex_795(c)) return false;
    return true;
}

// 1 to 8 hex digits compared as 7.95 compares them (numerically for valid hex).
unsigned long hex_value_795(std::string_view s) {
    unsigned long v = 0;
    for (char c : s) v = v * 16 + static_cast<unsigned long>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    return v;
}

// ">HEX", "<HEX", "HEX-HEX" (lo <= hi) or a literal.
std::optional<std::string> simple_alternative_error(std::string_view a) {
    std::string what = "'" + std::string(a) + "'";
    if (!a.empty() && (a[0] == '<' || a[0] == '>')) {
        if (!strict_hex_795(a.substr(1))) return what + ": '<' and '>' take 1 to 8 hex digits";
        return std::nullopt;
    }
    if (auto dash = a.find('-'); dash != std::string_view::npos) {
        std::string_view lo = a.substr(0, dash), hi = a.substr(dash + 1);
        if (!strict_hex_795(lo) || !strict_hex_795(hi)) return what + ": a range is HEX-HEX with 1 to 8 hex digits each";
        if (hex_value_795(hi) < hex_value_795(lo)) return what + ": the upper bound of a range is below the lower";
        return std::nullopt;
    }
    for (char c : a)
        if (!is_literal_795(c)) return what + ": unexpected character in a value";
    return std::nullopt;
}

// A group's alternative: 7.95 compares whatever it holds as hex text, and Debian 13's own
// database has a typo there ("M[4EC-M5B0]"), so only the characters are checked.
std::optional<std::string> group_alternative_error(std::string_view a) {
    if (a.empty()) return std::string("an empty alternative in a bracketed group");
    for (char c : a)
        if (!is_literal_795(c) && c != '<' && c != '>' && c != '-')
            return "'" + std::string(a) + "': unexpected character in a bracketed group";
    return std::nullopt;
}

}  // namespace

std::vector<std::string_view> split_alternatives_795(std::string_view expr, bool groups) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    int depth = 0;
    for (std::size_t i = 0; i <= expr.size(); ++i) {
        char c = i < expr.size() ? expr[i] : '|';
        if (groups && c == '[') ++depth;
        if (groups && c == ']' && depth > 0) --depth;
        if (c == '|' && (depth == 0 || i == expr.size())) {
            out.push_back(expr.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

std::optional<bool> expr_match_795(std::string_view observed, std::string_view expr, bool nested) {
    return walk_795(observed, expr, '\0', nested);
}

std::optional<std::string> expr_syntax_error_795(std::string_view expr, bool nested) {
    for (std::string_view a : split_alternatives_795(expr, nested)) {
        if (!nested || a.find_first_of("[]") == std::string_view::npos) {
            if (auto why = simple_alternative_error(a)) return why;
            continue;
        }
        for (std::size_t i = 0; i < a.size();) {
            if (a[i] == ']') return "'" + std::string(a) + "': ']' without '['";
            if (a[i] != '[') {
                if (!is_literal_795(a[i])) return "'" + std::string(a) + "': unexpected character in an option string";
                ++i;
                continue;
            }
            std::size_t close = a.find(']', i);
            if (close == std::string_view::npos) return "'" + std::string(a) + "': '[' without ']'";
            std::string_view group = a.substr(i + 1, close - i - 1);
            if (group.find('[') != std::string_view::npos) return "'" + std::string(a) + "': groups do not nest";
            if (group.empty()) return "'" + std::string(a) + "': an empty group";
            for (std::string_view g : split_alternatives_795(group, false))
                if (auto why = group_alternative_error(g)) return why;
            i = close + 1;
        }
    }
    return std::nullopt;
}

void ExprPool::add_hex_alternatives(std::uint32_t src_off, std::string_view expr,
                                    const std::vector<std::string_view>& alts) {
    auto hex_alt = [&](Op op, std::string_view part) {
        auto offset = src_off + static_cast<std::uint32_t>(part.data() - expr.data());
        Alt alt = op == Op::hex_exact ? exact_alt(offset, part, op) : Alt{op, false, offset, static_cast<std::uint32_t>(part.size())};
        if (auto c = canonical_hex_value(part)) {
            alt.canonical = true;
            alt.number = *c;
        }
        return alt;
    };
    // Drops leading zeros, keeping one character.
    auto strip = [](std::string_view s) {
        while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
        return s;
    };
    for (std::string_view a : alts) {
        if (a.empty()) continue;
        if (a[0] == '>' || a[0] == '<') {
            std::string_view bound = strip(a.substr(1));
            alts_.push_back(hex_alt(a[0] == '>' ? Op::hex_greater : Op::hex_less, bound));
            continue;
        }
        if (!is_hex_795(a[0])) continue;
        std::string_view s = strip(a);
        std::size_t dash = s.find('-');
        if (dash == std::string_view::npos) {
            alts_.push_back(hex_alt(Op::hex_exact, s));
            continue;
        }
        if (dash == 0) {  // "0-5": the stripped zero is the lower bound
            s = a.substr(a.size() - s.size() - 1);
            dash = 1;
        }
        std::string_view lo = s.substr(0, dash), hi = strip(s.substr(dash + 1));
        alts_.push_back(hex_alt(Op::hex_range, lo));
        alts_.push_back(hex_alt(Op::hex_range, hi));
    }
}

void ExprPool::add_795_alternatives(Entry& e, std::string_view expr) {
    bool nested = e.dialect == ExprDialect::nmap_795_nested;
    e.walk = nested && expr.find('[') != std::string_view::npos;
    e.matches_empty = false;
    auto alts = split_alternatives_795(expr, false);
    for (std::string_view a : alts) e.matches_empty = e.matches_empty || a.empty();
    auto at = [&](std::string_view part) {
        return e.src_off + static_cast<std::uint32_t>(part.data() - expr.data());
    };
    e.numeric_begin = static_cast<std::uint32_t>(alts_.size());
    add_hex_alternatives(e.src_off, expr, alts);
    e.numeric_end = e.text_begin = static_cast<std::uint32_t>(alts_.size());
    e.grouped_fast = false;
    e.segments_begin = e.segments_end = static_cast<std::uint32_t>(segments_.size());
    if (e.walk) {
        // An empty value's answer depends on the expression alone: asked once here.
        auto empty = walk_795("", expr, '\0', true);
        e.matches_empty = empty && *empty;
    }
    if (!e.walk) {
        for (std::string_view a : alts)
            if (!a.empty()) alts_.push_back(exact_alt(at(a), a));
        e.text_end = static_cast<std::uint32_t>(alts_.size());
        return;
    }
    // Groups: the fast path needs every '[' closed by a ']' before any other '[', and no
    // empty group (7.95 reads "[]" as the rest of the expression).
    auto top = split_alternatives_795(expr, true);
    bool fast_path_holds = true;
    for (std::size_t i = 0, depth = 0; i < expr.size(); ++i) {
        if (expr[i] == '[') fast_path_holds = fast_path_holds && depth++ == 0 && i + 1 < expr.size() && expr[i + 1] != ']';
        if (expr[i] == ']') fast_path_holds = fast_path_holds && depth-- == 1;
        if (i + 1 == expr.size()) fast_path_holds = fast_path_holds && depth == 0;
    }
    // 7.95 can start an alternative inside a group: when an alternative fails before it
    // reaches a later group, the next one starts after that group's first '|'. A middle
    // alternative of a group is then compared as plain text, so one that does not start
    // with a hex digit ("[2|G|D]") could match a plain value: such expressions are walked.
    for (std::size_t i = 0; fast_path_holds && i < expr.size(); ++i) {
        if (expr[i] != '[') continue;
        std::size_t close = expr.find(']', i);
        auto inside = split_alternatives_795(expr.substr(i + 1, close - i - 1), false);
        for (std::size_t k = 1; k + 1 < inside.size(); ++k)
            if (!inside[k].empty() && !is_hex_795(inside[k][0])) fast_path_holds = false;
        i = close;
    }
    if (!fast_path_holds) {
        e.text_end = static_cast<std::uint32_t>(alts_.size());
        return;
    }
    e.grouped_fast = true;
    for (std::string_view a : top)
        if (!a.empty() && a.find('[') == std::string_view::npos) alts_.push_back(exact_alt(at(a), a));
    e.text_end = static_cast<std::uint32_t>(alts_.size());
    // Only the last alternative can hold groups that match: see Entry::grouped_fast.
    std::string_view last = top.back();
    if (last.find('[') == std::string_view::npos) {
        e.segments_end = static_cast<std::uint32_t>(segments_.size());
        return;
    }
    std::vector<Segment> segments;
    for (std::size_t i = 0; i < last.size();) {
        if (last[i] == '[') {
            std::size_t close = last.find(']', i);
            std::string_view group = last.substr(i + 1, close - i - 1);
            Segment seg{true, at(group), static_cast<std::uint32_t>(group.size())};
            seg.alts_begin = static_cast<std::uint32_t>(alts_.size());
            add_hex_alternatives(e.src_off, expr, split_alternatives_795(group, false));
            seg.alts_end = static_cast<std::uint32_t>(alts_.size());
            segments.push_back(seg);
            i = close + 1;
        } else {
            std::size_t open = std::min(last.find('[', i), last.size());
            segments.push_back({false, at(last.substr(i)), static_cast<std::uint32_t>(open - i)});
            i = open;
        }
    }
    segments_.insert(segments_.end(), segments.begin(), segments.end());
    e.segments_end = static_cast<std::uint32_t>(segments_.size());
}

bool ExprPool::segments_match(const Entry& e, std::string_view v) const {
    if (e.segments_begin == e.segments_end) return false;
    std::size_t pos = 0;
    for (std::uint32_t i = e.segments_begin; i < e.segments_end; ++i) {
        const Segment& seg = segments_[i];
        const char* text = text_.data() + seg.a;
        if (!seg.group) {
            if (v.size() - pos < seg.b) return false;
            for (std::size_t k = 0; k < seg.b; ++k)
                if (v[pos + k] != text[k]) return false;
            pos += seg.b;
            continue;
        }
        // The longest run of hex digits there, against the group's alternatives.
        std::size_t run = 0;
        while (pos + run < v.size() && is_hex_795(v[pos + run])) ++run;
        if (run == 0) return false;
        std::string_view digits = v.substr(pos, run);
        if (run > 1 && digits[0] == '0') {  // 7.95's zero-stripping quirk: walked
            if (!*walk_795(digits, std::string_view(text, seg.b), ']', false)) return false;
        } else {
            ObservedValue d;
            d.text = digits;
            d.hex_start = true;
            if (auto c = canonical_hex_value(digits)) {
                d.canonical_hex = true;
                d.hex = *c;
            }
            if (!hex_alts_match(seg.alts_begin, seg.alts_end, d)) return false;
        }
        pos += run;
    }
    return pos == v.size();
}

int ExprPool::hex_compare(const ObservedValue& v, const Alt& bound) const {
    if (v.canonical_hex && bound.canonical) return v.hex < bound.number ? -1 : (v.hex > bound.number ? 1 : 0);
    if (v.text.size() != bound.b) return v.text.size() < bound.b ? -1 : 1;
    const char* t = text_.data() + bound.a;
    for (std::size_t i = 0; i < v.text.size(); ++i)
        if (v.text[i] != t[i]) return static_cast<unsigned char>(v.text[i]) < static_cast<unsigned char>(t[i]) ? -1 : 1;
    return 0;
}

bool ExprPool::hex_alts_match(std::uint32_t begin, std::uint32_t end, const ObservedValue& v) const {
    // Canonical hex on both sides (most values and bounds): numeric order.
    auto cmp = [&](const Alt& bound) {
        if (v.canonical_hex && bound.canonical) return v.hex < bound.number ? -1 : (v.hex > bound.number ? 1 : 0);
        return hex_compare(v, bound);
    };
    for (std::uint32_t i = begin; i < end; ++i) {
        const Alt& alt = alts_[i];
        switch (alt.op) {
            case Op::hex_greater:
                if (cmp(alt) > 0) return true;
                break;
            case Op::hex_less:
                if (cmp(alt) < 0) return true;
                break;
            case Op::hex_range:
                if (cmp(alt) >= 0 && cmp(alts_[i + 1]) <= 0) return true;
                ++i;
                break;
            default:  // hex_exact: equal texts (neither has a leading zero)
                if (v.literal != ObservedValue::kUnknown ? alt.literal == v.literal : cmp(alt) == 0) return true;
        }
    }
    return false;
}

ExprPool::ExactForm ExprPool::exact_form(std::uint32_t id) const {
    const Entry& e = entries_[id];
    ExactForm f;
    f.walked = e.walk;
    f.matches_empty = e.matches_empty;
    for (std::uint32_t i = e.numeric_begin; i < e.numeric_end; ++i) {
        if (alts_[i].op == Op::hex_exact)
            f.hex_literals.push_back(alts_[i].literal);
        else
            f.ordered = true;
    }
    for (std::uint32_t i = e.text_begin; i < e.text_end; ++i) f.text_literals.push_back(alts_[i].literal);
    return f;
}

bool ExprPool::matches_795(const Entry& e, const ObservedValue& v) const {
    if (v.text.empty()) return e.matches_empty;
    if (e.walk && e.grouped_fast && !v.hex_start && v.plain_text)
        return text_alts_match(e, v) || segments_match(e, v.text);
    if (e.walk || v.zero_led) {
        std::string_view src = std::string_view(text_).substr(e.src_off, e.src_len);
        auto r = walk_795(v.text, src, '\0', e.dialect == ExprDialect::nmap_795_nested);
        return r && *r;
    }
    if (!v.hex_start) return text_alts_match(e, v);
    return hex_alts_match(e.numeric_begin, e.numeric_end, v);
}

}  // namespace whorl::fp::db
