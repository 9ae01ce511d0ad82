// JSON writer for the OS match list.
#include "report/os_match_json.hpp"

#include <fmt/format.h>

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

}  // namespace

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    out += fmt::format("\\u{:04x}", c);
                } else if (c < 0x80) {
                    out += s[i];
                } else if (std::size_t n = utf8_length(s, i); n > 0) {
                    out.append(s, i, n);
                    i += n - 1;
                } else {
                    out += fmt::format("\\u{:04x}", c);  // not UTF-8: read the byte as Latin-1
                }
        }
    }
    return out + "\"";
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

std::string os_matches_json(const fp::db::OsDb& db, const fp::match::MatchResult& result,
                            const fp::match::OsPrintPlan& plan) {
    std::string matches;
    for (const auto& m : plan.xml_matches) {
        const fp::db::RefPrint& p = db.prints()[m.print];
        int acc = fp::match::accuracy_percent(m.accuracy);
        std::string classes;
        for (const auto& c : p.classes) classes += (classes.empty() ? "" : ", ") + class_json(c, acc);
        matches += fmt::format(R"({}{{"name": {}, "accuracy": {}, "line": {}, "classes": [{}]}})",
                               matches.empty() ? "" : ", ", json_string(p.name), acc, p.line, classes);
    }
    return fmt::format(R"({{"perfect": {}, "result": "{}", "matches": [{}]}})", result.perfect > 0 ? "true" : "false",
                       match_outcome_name(result.outcome), matches);
}

}  // namespace whorl::report
