// JSON writer for the OS match list.
#include "report/os_match_json.hpp"

#include <fmt/format.h>

namespace whorl::report {

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) out += fmt::format("\\u{:04x}", c);
                else out += ch;  // UTF-8 (and any other byte) passes through
        }
    }
    return out + "\"";
}

namespace {

std::string_view outcome_name(fp::match::MatchOutcome o) {
    switch (o) {
        case fp::match::MatchOutcome::success: return "success";
        case fp::match::MatchOutcome::no_matches: return "no_matches";
        case fp::match::MatchOutcome::too_many_matches: return "too_many_matches";
    }
    return "no_matches";
}

std::string class_json(const fp::db::OsClass& c, int accuracy) {
    std::string cpes;
    for (const auto& cpe : c.cpes) cpes += (cpes.empty() ? "" : ", ") + json_string(cpe);
    return fmt::format(
        R"({{"vendor": {}, "family": {}, "generation": {}, "type": {}, "accuracy": {}, "cpe": [{}]}})",
        json_string(c.vendor), json_string(c.family), c.generation ? json_string(*c.generation) : "null",
        json_string(c.device_type), accuracy, cpes);
}

}  // namespace

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
                       outcome_name(result.outcome), matches);
}

}  // namespace whorl::report
