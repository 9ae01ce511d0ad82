// Scores an observed fingerprint against every nmap-os-db print and builds the match list
// exactly as Nmap 7.93 (or 7.95) does (osscan.cc compare_fingerprints / match_fingerprint):
//   - only tests and attributes present on both sides count; each adds its MatchPoints
//     weight to `possible`, and to `matched` when the 7.93 expression test passes;
//     accuracy = matched / possible (0 when nothing is comparable); of repeated tests in
//     the observed print only the first is used;
//   - prints below 0.85 are skipped (a perfect 1.0 always enters); a print whose name is
//     already listed with at least its accuracy is skipped, otherwise it replaces it;
//   - entries are kept by accuracy, equal ones in file order, at most 36; once the list is
//     full a print must beat the last entry by 0.00001; a 37th perfect match stops
//     everything with TOO_MANY_MATCHES.
// Following 7.95 (a database in its grammar, or --nmap-compat 7.95) expressions are
// evaluated by 7.95's rules (db/expr_795.cpp), a print stops counting once it has lost
// more than (1 - entrance) of the points it gives, and a full list's entrance is at most 1.
// The hot loop: each distinct (attribute, expression) of the DB is evaluated once (for
// 7.95, only those ExactIndex cannot answer by lookup), the results summed per distinct
// test line and then per print; no allocation after the first call. One OsMatcher per thread (it keeps its scratch buffers).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/exact_index.hpp"

namespace whorl::fp::match {

inline constexpr double kGuessThreshold = 0.85;  // OSSCAN_GUESS_THRESHOLD
inline constexpr std::size_t kMaxMatches = 36;   // MAX_FP_RESULTS

enum class MatchOutcome { success, no_matches, too_many_matches };

struct OsMatch {
    std::uint32_t print = 0;  // index in OsDb::prints()
    double accuracy = 0;
    std::uint32_t matched = 0, possible = 0;  // points
};

struct MatchResult {
    MatchOutcome outcome = MatchOutcome::no_matches;
    std::vector<OsMatch> matches;  // Nmap's order, at most kMaxMatches
    int perfect = 0;               // entries with accuracy 1.0 (they come first)
};

// Nmap's printed percentages: XML and JSON truncate, the text uses floor().
int accuracy_percent(double accuracy);

// How expressions are evaluated: by default through ExactIndex when the database follows
// 7.95; `each_expression` evaluates every one (7.93's path; the reference in tests).
enum class Evaluation { automatic, each_expression };

class OsMatcher {
public:
    explicit OsMatcher(const db::OsDb& db, Evaluation how = Evaluation::automatic);

    MatchResult match(const Fingerprint& fp);

    // The points of one print (for explanations and tests).
    OsMatch score(const Fingerprint& fp, std::uint32_t print);

    // The score of every print, in database order (whorl's verdict weighs them all).
    const std::vector<OsMatch>& score_all(const Fingerprint& fp);

    const db::OsDb& db() const { return db_; }

private:
    void observe(const Fingerprint& fp);
    void evaluate();
    void evaluate_indexed();
    bool expr_matches(std::uint32_t expr, std::uint32_t slot);  // through the memo
    OsMatch print_score(std::uint32_t print) const;

    const db::OsDb& db_;
    std::optional<ExactIndex> index_;
    std::vector<db::ObservedValue> observed_;  // per slot
    std::vector<std::uint8_t> present_;        // per slot
    std::vector<std::uint8_t> seen_test_;      // per test
    // Points summed as one integer: possible << 32 | matched (every sum of weights stays
    // below 2^32: see db::kMaxWeight).
    std::vector<std::uint64_t> expr_points_;  // per expr
    std::vector<std::uint64_t> line_points_;  // per distinct test line
    std::vector<OsMatch> all_;                 // score_all's answer
    // Per slot, which distinct observed value it holds; per expression text, the last
    // answer of this match (stamp), so equal texts against equal values (O1..O6,
    // W1..W6, T=40 in every test) are evaluated once.
    std::vector<std::uint16_t> value_id_;
    struct Memo {
        std::uint32_t stamp = 0;
        std::uint16_t value = 0;
        bool ok = false;
    };
    std::vector<Memo> memo_;
    std::uint32_t stamp_ = 0;
};

}  // namespace whorl::fp::match
