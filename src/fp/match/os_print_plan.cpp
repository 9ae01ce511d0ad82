// Nmap 7.93's OS output decisions.
#include "fp/match/os_print_plan.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace whorl::fp::match {
namespace {

constexpr std::size_t kMaxClassMembers = 8;  // MAX_OS_CLASSMEMBERS
constexpr int kMaxDetails = 8;               // more perfect matches is "too many" without -d

// strncpy into char[N] and then N-1 characters: Nmap's family and generation buffers.
std::string truncated(std::string_view s, std::size_t keep) { return std::string(s.substr(0, keep)); }

// printosclassificationoutput: nullopt when it prints nothing.
std::optional<ClassSummary> summarize(const db::OsDb& db, const Classification& c, bool guess) {
    if (c.outcome != MatchOutcome::success || c.classes.empty()) return std::nullopt;
    ClassSummary s;
    std::vector<double> family_accuracy;
    bool overflow = false;
    const double top = c.classes[0].accuracy;
    for (std::size_t i = 0; i < c.classes.size(); ++i) {
        double acc = c.classes[i].accuracy;
        if ((!guess && static_cast<int>(i) >= c.perfect) || acc <= top - 0.1 || (acc < 1.0 && i > 9)) break;
        const db::OsClass& cls = c.os_class(db, i);
        if (std::find(s.device_types.begin(), s.device_types.end(), cls.device_type) == s.device_types.end()) {
            if (s.device_types.size() < kMaxClassMembers) s.device_types.push_back(cls.device_type);
            else overflow = true;
        }
        for (const auto& cpe : cls.cpes) {
            if (std::find(s.cpes.begin(), s.cpes.end(), cpe) != s.cpes.end()) continue;
            if (s.cpes.size() < kMaxClassMembers) s.cpes.push_back(cpe);
            else overflow = true;
        }
        std::string family = cls.vendor == cls.family ? cls.family : cls.vendor + " " + cls.family;
        family = truncated(family, 127);
        auto f = std::find_if(s.families.begin(), s.families.end(),
                              [&](const ClassSummary::Family& x) { return x.name == family; });
        if (f != s.families.end()) {
            // A generation already contained as a substring is not added again [quirk].
            if (cls.generation && f->generations.find(*cls.generation) == std::string::npos) {
                if (!f->generations.empty()) f->generations += '|';
                f->generations += *cls.generation;
            }
            continue;
        }
        if (s.families.size() >= kMaxClassMembers) {
            overflow = true;
            break;
        }
        s.families.push_back({family, cls.generation ? truncated(*cls.generation, 47) : std::string(), {}});
        family_accuracy.push_back(acc);
    }
    if (overflow || s.families.empty()) return std::nullopt;
    s.guessing = c.perfect == 0;
    // The percentage follows every family whose index reaches the number of perfect
    // classes: a family index compared with a class count [7.93 quirk].
    for (std::size_t i = 0; i < s.families.size(); ++i)
        if (static_cast<int>(i) >= c.perfect)
            s.families[i].percent = static_cast<int>(std::floor(family_accuracy[i] * 100));
    return s;
}

// Up to 10 matches within 10% of the best (strictly above best - 0.10).
std::vector<PlannedMatch> near_best(const MatchResult& r) {
    std::vector<PlannedMatch> out;
    for (std::size_t i = 0; i < 10 && i < r.matches.size(); ++i) {
        if (!(r.matches[i].accuracy > r.matches[0].accuracy - 0.10)) break;
        out.push_back({r.matches[i].print, r.matches[i].accuracy});
    }
    return out;
}

}  // namespace

OsPrintPlan plan_os_output(const db::OsDb& db, const MatchResult& result, const Classification& classes,
                           const OsPrintOptions& o, const OsScanConditions& cond) {
    OsPrintPlan plan;
    const bool loud = o.verbose > 1 || o.debug > 0;  // -vv or -d
    const bool has_reason = cond.not_ideal_reason.has_value();
    const bool too_many = result.outcome == MatchOutcome::too_many_matches ||
                          (result.perfect > kMaxDetails && o.debug == 0);
    plan.unreliable_warning = cond.unreliable && !too_many;
    plan.summary = summarize(db, classes, o.osscan_guess || has_reason);
    plan.seq_extras = o.verbose > 0;
    plan.non_ideal = has_reason;

    if (result.outcome == MatchOutcome::success && !too_many && result.perfect > 0) {
        plan.verdict = OsVerdict::details;
        for (int i = 0; i < result.perfect; ++i) plan.details.push_back({result.matches[i].print, 1.0});
        plan.xml_matches = plan.details;
        plan.fingerprint = {loud, FingerprintLayout::wrapped, !has_reason};
    } else if (result.outcome == MatchOutcome::success && !too_many) {
        plan.verdict = OsVerdict::no_exact;
        if (loud && has_reason) plan.reason = cond.not_ideal_reason;
        plan.xml_matches = near_best(result);
        if (o.osscan_guess || has_reason) plan.guesses = plan.xml_matches;
        plan.fingerprint = has_reason ? FingerprintOutput{loud, FingerprintLayout::unwrapped, false}
                                      : FingerprintOutput{true, FingerprintLayout::wrapped, true};
    } else if (result.outcome == MatchOutcome::no_matches) {
        plan.verdict = OsVerdict::no_matches;
        if (has_reason) plan.reason = cond.not_ideal_reason;
        plan.fingerprint = has_reason ? FingerprintOutput{loud, FingerprintLayout::unwrapped, false}
                                      : FingerprintOutput{true, FingerprintLayout::wrapped, true};
    } else {
        plan.verdict = OsVerdict::too_many;
        plan.fingerprint = {loud, FingerprintLayout::unwrapped, false};
    }
    return plan;
}

OsScanConditions conditions_from_scan_line(const ScanLine& scan) {
    OsScanConditions c;
    c.unreliable = !scan.open_tcp_port || !scan.closed_tcp_port;
    if (!scan.open_tcp_port) {
        c.not_ideal_reason = "Missing an open TCP port so results incomplete";
    } else if (!scan.closed_tcp_port) {
        c.not_ideal_reason = "Missing a closed TCP port so results incomplete";
    } else if (scan.distance && *scan.distance < -1) {
        c.not_ideal_reason = fmt::format("Host distance ({} network hops) appears to be negative", *scan.distance);
    } else if (scan.distance && *scan.distance > 5) {
        c.not_ideal_reason = fmt::format("Host distance ({} network hops) is greater than five", *scan.distance);
    } else if (!scan.closed_udp_port) {
        c.not_ideal_reason = "Didn't receive UDP response. Please try again with -sSU";
    } else if (!scan.good) {
        c.not_ideal_reason = "Unknown (the fingerprint's SCAN line says G=N)";
    }
    return c;
}

}  // namespace whorl::fp::match
