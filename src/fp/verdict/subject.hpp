// Subject fingerprints drawn from a reference print: what a host that the print describes
// could show. Each attribute's expression yields one value: an alternative (the first, or
// one at random), the middle of a range (or a uniform value in it), a value just past a
// '>' or '<' bound (or a random one beyond it), a bracketed group of an option string
// filled the same way. whorl's verdict model is fitted on such subjects, and the
// evaluation (tools/eval-verdict.sh) draws them from the prints a newer database added.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"

namespace whorl::fp::verdict {

enum class Draw {
    first_middle,  // first alternative, middle of each range, one past each bound
    random,        // an alternative at random, a uniform value in each range or beyond a bound
};

// One value for `expr`; `option_string` where groups are read (OPS, and O anywhere).
std::string draw_value(std::string_view expr, bool option_string, Draw draw, std::mt19937_64& rng);

// A subject fingerprint for print `print` of `db` (no SCAN line).
Fingerprint draw_subject(const db::OsDb& db, std::uint32_t print, Draw draw, std::mt19937_64& rng);

}  // namespace whorl::fp::verdict
