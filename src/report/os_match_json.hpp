// The OS match list as one JSON object (`whorl match --json`):
//   {"perfect": bool, "result": "success" | "no_matches" | "too_many_matches",
//    "matches": [{"name": str, "accuracy": int, "line": int,
//                 "classes": [{"vendor", "family", "generation", "type", "accuracy",
//                              "cpe": [str]}]}]}
// "matches" are the ones Nmap 7.93 writes as XML <osmatch> elements, in its order, with
// the accuracy truncated to whole percent as in the XML; "generation" is null when the
// Class line has none. "perfect" is true when at least one print matched at 100%.
#pragma once

#include <string>

#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"

namespace whorl::report {

std::string os_matches_json(const fp::db::OsDb& db, const fp::match::MatchResult& result,
                            const fp::match::OsPrintPlan& plan);

// "success", "no_matches" or "too_many_matches".
std::string_view match_outcome_name(fp::match::MatchOutcome outcome);

// A JSON string literal (quotes included), escaping as RFC 8259 requires.
std::string json_string(std::string_view s);

}  // namespace whorl::report
