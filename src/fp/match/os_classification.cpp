// Classification of a match list.
#include "fp/match/os_classification.hpp"

namespace whorl::fp::match {
namespace {

bool same_class(const db::OsClass& a, const db::OsClass& b) {
    return a.vendor == b.vendor && a.family == b.family && a.device_type == b.device_type &&
           a.generation == b.generation;
}

}  // namespace

Classification classify(const db::OsDb& db, const MatchResult& result) {
    Classification out;
    if (result.outcome == MatchOutcome::too_many_matches) {
        out.outcome = MatchOutcome::too_many_matches;
        return out;
    }
    out.outcome = MatchOutcome::success;
    for (std::size_t m = 0; m < result.matches.size(); ++m) {
        const OsMatch& match = result.matches[m];
        const auto& classes = db.prints()[match.print].classes;
        bool perfect_match = static_cast<int>(m) < result.perfect;
        for (std::size_t c = 0; c < classes.size(); ++c) {
            bool known = false;
            for (std::size_t k = 0; k < out.classes.size() && !known; ++k)
                known = same_class(out.os_class(db, k), classes[c]);
            if (known) continue;
            if (out.classes.size() == kMaxMatches) {
                if (perfect_match) out.outcome = MatchOutcome::too_many_matches;
                return out;
            }
            if (out.perfect > 0 && !perfect_match) return out;
            out.classes.push_back(ClassMatch{match.print, static_cast<std::uint32_t>(c), match.accuracy});
            if (perfect_match) ++out.perfect;
        }
    }
    if (out.classes.empty()) out.outcome = MatchOutcome::no_matches;
    return out;
}

}  // namespace whorl::fp::match
