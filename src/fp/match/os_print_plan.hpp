// What Nmap 7.93 prints about a host's OS and in which form (output.cc printosscanoutput
// and printosclassificationoutput), decided from the match list, the classification, the
// flags (-v, -vv, -d, --osscan-guess) and whether the fingerprint is "not ideal". The
// decision is a value; src/report turns it into text, XML or JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"

namespace whorl::fp::match {

struct OsPrintOptions {
    int verbose = 0;            // -v counts; Nmap's -d raises it too
    int debug = 0;              // -d counts
    bool osscan_guess = false;  // --osscan-guess / --fuzzy
};

// What the scan knew about the conditions of the fingerprint.
struct OsScanConditions {
    // FingerPrintResults::OmitSubmissionFP(): why the print is "not ideal", if it is.
    std::optional<std::string> not_ideal_reason;
    // OS_PERF_UNREL: no open port, or neither a closed nor an unfiltered one.
    bool unreliable = false;
};

// "Device type", "Running", "OS CPE" (printosclassificationoutput).
struct ClassSummary {
    struct Family {
        std::string name;         // "Linux", "Microsoft Windows"
        std::string generations;  // "2.6.X|3.X" or empty
        std::optional<int> percent;
    };
    std::vector<std::string> device_types;
    bool guessing = false;  // "Running (JUST GUESSING)"
    std::vector<Family> families;
    std::vector<std::string> cpes;
};

struct PlannedMatch {
    std::uint32_t print = 0;
    double accuracy = 0;
};

enum class OsVerdict {
    details,     // "OS details: a, b"
    no_exact,    // best match under 100%: guesses (maybe) and "No exact OS matches ..."
    no_matches,  // nothing at 85% or more
    too_many,    // "Too many fingerprints match this host ..."
};

struct FingerprintOutput {
    bool print = false;
    FingerprintLayout layout = FingerprintLayout::wrapped;
    bool good = true;  // the G= of the SCAN line
};

struct OsPrintPlan {
    bool unreliable_warning = false;
    std::optional<ClassSummary> summary;
    OsVerdict verdict = OsVerdict::no_matches;
    std::vector<PlannedMatch> details;      // perfect matches named by "OS details"
    std::optional<std::string> reason;      // print "OS fingerprint not ideal because: ..."
    std::vector<PlannedMatch> guesses;      // "Aggressive OS guesses"
    bool non_ideal = false;                 // the reason-flavoured wording of the verdict
    FingerprintOutput fingerprint;
    std::vector<PlannedMatch> xml_matches;  // the <osmatch> elements
    bool seq_extras = false;                // uptime, TCP sequence, IP ID lines (-v)
};

OsPrintPlan plan_os_output(const db::OsDb& db, const MatchResult& result, const Classification& classes,
                           const OsPrintOptions& options, const OsScanConditions& conditions);

// The conditions as far as a printed fingerprint tells them (for `whorl match`): the
// first of Nmap's reasons its SCAN line shows (OT empty: no open port; CT empty: no
// closed port; DS below -1 or above 5; CU empty: no UDP answer), or, when the line says
// G=N and none of those shows, a reason that says it is unknown. Unreliable when OT or
// CT is empty. Reasons the text cannot show (scan delay, -T5, timing ratio, failed
// sends) are then reported as unknown.
OsScanConditions conditions_from_scan_line(const ScanLine& scan);

}  // namespace whorl::fp::match
