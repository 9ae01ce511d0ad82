// Matching a fingerprint that Nmap 7.95 printed after several OS rounds. Since 7.94 the
// printed print merges the rounds keeping every distinct test line (several SEQ lines when
// the rounds measured different SPs), sorted by value, so which line came from which round
// is lost. Nmap's report comes from one round: the first whose best match is the most
// accurate, or the first with a perfect match (osscan2.cc findBestFPs). whorl match reads
// each way of taking one line per test as a round, in the printed order, and picks as
// Nmap picks. With a single line per test this is the plain match.
#pragma once

#include <cstddef>

#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_matcher.hpp"

namespace whorl::fp::match {

// Nmap prints at most 32 rounds merged (mergeFPs); more combinations are not tried.
inline constexpr std::size_t kMaxRoundCandidates = 32;

struct RoundChoice {
    Fingerprint round;  // the chosen round: one line per test, in Nmap's order
    MatchResult result;
    std::size_t candidates = 1;  // how many rounds were tried
};

// The rounds a merged print may stand for: every combination of one line per test name,
// the earlier printed lines varying slowest; at most kMaxRoundCandidates.
std::vector<Fingerprint> round_candidates(const Fingerprint& merged);

// Matches every candidate round and keeps the one Nmap would report.
RoundChoice match_best_round(OsMatcher& matcher, const Fingerprint& merged);

}  // namespace whorl::fp::match
