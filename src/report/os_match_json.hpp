// The OS match list as one JSON object (`whorl match --json`):
//   {"perfect": bool, "result": "success" | "no_matches" | "too_many_matches",
//    "matches": [{"name": str, "accuracy": int, "line": int,
//                 "classes": [{"vendor", "family", "generation", "type", "accuracy",
//                              "cpe": [str]}]}]}
// "matches" are the ones Nmap 7.93 writes as XML <osmatch> elements, in its order, with
// the accuracy truncated to whole percent as in the XML; "generation" is null when the
// Class line has none. "perfect" is true when at least one print matched at 100%.
// With whorl's verdict, "classification" follows: a list, most probable first, of
//   {"vendor", "family", "generation", "type", "probability"}
// ("generation" null where whorl does not commit to one; the list is empty where whorl
// abstains); see fp/verdict/os_verdict.hpp.
// Also the JSON string escaping every JSON writer uses (json_string, write_json_string).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "fp/verdict/os_verdict.hpp"

namespace whorl::report {

std::string os_matches_json(const fp::db::OsDb& db, const fp::match::MatchResult& result,
                            const fp::match::OsPrintPlan& plan, const fp::verdict::OsVerdict* verdict = nullptr);

// whorl's verdict as the JSON list above: "[{...}, ...]" or "[]".
std::string os_classification_json(const fp::verdict::OsVerdict& verdict);

// "success", "no_matches" or "too_many_matches".
std::string_view match_outcome_name(fp::match::MatchOutcome outcome);

// A JSON string literal (quotes included), escaping as RFC 8259 requires: quotes,
// backslashes and control bytes escaped, valid UTF-8 kept, any other byte read as Latin-1
// ("\u00e9").
std::string json_string(std::string_view s);

// Longest text json_string() gives for n bytes: the quotes and six ("\u00XX") per byte.
constexpr std::size_t json_string_bound(std::size_t n) { return 6 * n + 2; }

// json_string(s) written at `out` (room for json_string_bound(s.size())); returns the end.
char* write_json_string(char* out, std::string_view s);

}  // namespace whorl::report
