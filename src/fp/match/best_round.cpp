// Picking the round of a merged 7.95 print whose matches Nmap reported.
#include "fp/match/best_round.hpp"

#include <string>
#include <vector>

namespace whorl::fp::match {

std::vector<Fingerprint> round_candidates(const Fingerprint& merged) {
    // The lines of each test name, names in printed order.
    std::vector<std::vector<const Test*>> groups;
    std::vector<std::string> names;
    for (const Test& t : merged.tests()) {
        std::size_t g = 0;
        while (g < names.size() && names[g] != t.name) ++g;
        if (g == names.size()) {
            names.push_back(t.name);
            groups.emplace_back();
        }
        groups[g].push_back(&t);
    }
    std::vector<Fingerprint> out;
    std::vector<std::size_t> pick(groups.size(), 0);
    while (out.size() < kMaxRoundCandidates) {
        Fingerprint round;
        round.scan = merged.scan;
        for (std::size_t g = 0; g < groups.size(); ++g) round.tests().push_back(*groups[g][pick[g]]);
        out.push_back(std::move(round));
        // Next combination: the last group varies fastest.
        std::size_t g = groups.size();
        while (g > 0) {
            --g;
            if (++pick[g] < groups[g].size()) break;
            pick[g] = 0;
            if (g == 0) return out;
        }
        if (groups.empty()) break;
    }
    return out;
}

RoundChoice match_best_round(OsMatcher& matcher, const Fingerprint& merged) {
    auto candidates = round_candidates(merged);
    RoundChoice choice{candidates.front(), {}, candidates.size()};
    double best = 0;
    std::size_t best_index = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        MatchResult r = matcher.match(candidates[i]);
        if (r.outcome == MatchOutcome::success && !r.matches.empty() && r.matches.front().accuracy > best) {
            best = r.matches.front().accuracy;
            best_index = i;
            if (r.perfect > 0) break;
        }
    }
    choice.round = candidates[best_index];
    choice.result = matcher.match(choice.round);
    return choice;
}

}  // namespace whorl::fp::match
