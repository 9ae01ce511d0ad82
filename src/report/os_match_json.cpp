// JSON writer for the OS match list, and the JSON string escaping (json_string,
// write_json_string) every JSON writer uses.
#include "report/os_match_json.hpp"

#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "report/text_append.hpp"

namespace whorl::report {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
    return n;
}

// "\u00XX": a control byte, or a byte that is not part of valid UTF-8 read as Latin-1.
char* write_byte_escape(char* out, unsigned char c) {
    static constexpr char kHex[] = "0123456789abcdef";
    out = put(out, "\\u00");
    *out++ = kHex[c >> 4];
    *out++ = kHex[c & 15];
    return out;
}

// Whether all eight bytes of w are copied as they are: 0x20 to 0x7f, no quote, no backslash.
// (x - ones * n) & ~x & highs is nonzero when x has a byte below n, for n <= 0x80.
bool all_plain(std::uint64_t w) {
    constexpr std::uint64_t kOnes = 0x0101010101010101, kHighs = kOnes * 0x80;
    auto has_below = [](std::uint64_t x, std::uint64_t n) { return (x - kOnes * n) & ~x & kHighs; };
    return ((w & kHighs) | has_below(w, 0x20) | has_below(w ^ (kOnes * '"'), 1) |
            has_below(w ^ (kOnes * '\\'), 1)) == 0;
}

}  // namespace

char* write_json_string(char* out, std::string_view s) {
    *out++ = '"';
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (std::uint64_t w; i + 8 <= s.size() && (std::memcpy(&w, s.data() + i, 8), all_plain(w))) {
            out = put(out, s.substr(i, 8));  // the common case: eight plain bytes at once
            i += 7;
            continue;
        }
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out = put(out, "\\\""); break;
            case '\\': out = put(out, "\\\\"); break;
            case '\n': out = put(out, "\\n"); break;
            case '\r': out = put(out, "\\r"); break;
            case '\t': out = put(out, "\\t"); break;
            default:
                if (c < 0x20) {
                    out = write_byte_escape(out, c);
                } else if (c < 0x80) {
                    *out++ = s[i];
                } else if (std::size_t n = utf8_length(s, i); n > 0) {
                    out = put(out, s.substr(i, n));
                    i += n - 1;
                } else {
                    out = write_byte_escape(out, c);  // not UTF-8: read the byte as Latin-1
                }
        }
    }
    *out++ = '"';
    return out;
}

std::string json_string(std::string_view s) {
    std::string out;
    out.resize_and_overwrite(json_string_bound(s.size()), [s](char* p, std::size_t) {
        return static_cast<std::size_t>(write_json_string(p, s) - p);
    });
    return out;
}

namespace {

std::string class_json(const fp::db::OsClass& c, int accuracy) {
    std::string cpes;
    for (const auto& cpe : c.cpes) cpes += (cpes.empty() ? "" : ", ") + json_string(cpe);
    return fmt::format(
        R"({{"vendor": {}, "family": {}, "generation": {}, "type": {}, "accuracy": {}, "cpe": [{}]}})",
        json_string(c.vendor), json_string(c.family), c.generation ? json_string(*c.generation) : "null",
        json_string(c.device_type), accuracy, cpes);
}

}  // namespace

std::string_view match_outcome_name(fp::match::MatchOutcome o) {
    switch (o) {
        case fp::match::MatchOutcome::success: return "success";
        case fp::match::MatchOutcome::no_matches: return "no_matches";
        case fp::match::MatchOutcome::too_many_matches: return "too_many_matches";
    }
    return "no_matches";
}

std::string os_classification_json(const fp::verdict::OsVerdict& verdict) {
    std::string out = "[";
    for (const auto& c : verdict.classes)
        out += fmt::format(R"({}{{"vendor": {}, "family": {}, "generation": {}, "type": {}, "probability": {:.4f}}})",
                           out.size() > 1 ? ", " : "", json_string(c.vendor), json_string(c.family),
                           c.generation ? json_string(*c.generation) : "null", json_string(c.device_type),
                           c.probability);
    return out + "]";
}

std::string os_matches_json(const fp::db::OsDb& db, const fp::match::MatchResult& result,
                            const fp::match::OsPrintPlan& plan, const fp::verdict::OsVerdict* verdict) {
    std::string matches;
    for (const auto& m : plan.xml_matches) {
        const fp::db::RefPrint& p = db.prints()[m.print];
        int acc = fp::match::accuracy_percent(m.accuracy);
        std::string classes;
        for (const auto& c : p.classes) classes += (classes.empty() ? "" : ", ") + class_json(c, acc);
        matches += fmt::format(R"({}{{"name": {}, "accuracy": {}, "line": {}, "classes": [{}]}})",
                               matches.empty() ? "" : ", ", json_string(p.name), acc, p.line, classes);
    }
    return fmt::format(R"({{"perfect": {}, "result": "{}", "matches": [{}]{}}})", result.perfect > 0 ? "true" : "false",
                       match_outcome_name(result.outcome), matches,
                       verdict ? R"(, "classification": )" + os_classification_json(*verdict) : "");
}

}  // namespace whorl::report
