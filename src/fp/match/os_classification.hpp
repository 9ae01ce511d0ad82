// The OS classes behind a match list (FingerPrintResults::populateClassification, 7.93):
// the Class lines of the matches in list order, without repeats (vendor, family,
// generation and device type equal; CPEs are not compared, the first instance's are
// kept), each with its match's accuracy.
//   - a TOO_MANY_MATCHES list is not classified;
//   - when the list of 36 classes is full, a new class of a perfect match makes the
//     result TOO_MANY_MATCHES, one of an imperfect match just ends the walk;
//   - once a perfect class exists, the first new class of an imperfect match ends it.
#pragma once

#include <cstdint>
#include <vector>

#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"

namespace whorl::fp::match {

struct ClassMatch {
    std::uint32_t print = 0;  // the match the class came from
    std::uint32_t cls = 0;    // index in that print's classes
    double accuracy = 0;
};

struct Classification {
    MatchOutcome outcome = MatchOutcome::no_matches;
    std::vector<ClassMatch> classes;
    int perfect = 0;  // classes from perfect matches (they come first)

    const db::OsClass& os_class(const db::OsDb& db, std::size_t i) const {
        return db.prints()[classes[i].print].classes[classes[i].cls];
    }
};

Classification classify(const db::OsDb& db, const MatchResult& result);

}  // namespace whorl::fp::match
