// whorl's own verdict over OS classes, with a probability that holds. Nmap's accuracy is a
// share of match points for the nearest print; whorl reads every reference print's score:
//  - a family's score is that of its nearest print (the best accuracy among prints naming
//    it in any class; Nmap's "embedded" family counts per vendor), and the verdict names
//    the family with the best score (ties: the one more prints hold at that score), with
//    the families a print at that score names beside it ("macOS or iOS"): nothing in the
//    scores tells those apart;
//  - its probability, that the host is of one of the families named, is a logistic
//    calibration of how near that print is, how far the nearest print of an unrelated
//    family is behind, and which share of the prints about as near name the families;
//  - within them, the nearest generation and every other one a print at its score names
//    ("Linux 5.X or 6.X") are named only when a second calibration (the same features
//    among the families' generations) puts them at one half or more;
//  - it abstains when the families' probability is below a quarter.
// The calibrations are fitted when the database loads, on subjects drawn from its own
// prints, each scored twice: with the prints of its own name left out (a host whose exact
// OS release the database lacks) and with those of its whole (family, generation) group
// left out (a generation it lacks), the two readings weighted by how often a newer
// database brought each. That is what the verdict is for. Subjects whose family no other
// print names are left out of the fit (no verdict could name them). docs/decisions/0013
// says why, and what it measured.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_matcher.hpp"

namespace whorl::fp::verdict {

struct ClassProbability {
    std::string vendor;
    std::string family;
    std::optional<std::string> generation;  // null where whorl does not commit to one
    std::string device_type;
    double probability = 0;
};

struct OsVerdict {
    bool abstained = true;
    // Most probable first; empty when abstained. The first `named` entries are what the
    // verdict names: one class, or the classes its evidence cannot tell apart (those one
    // reference print names together, as "Linux 5.X or 6.X" or "macOS or iOS"), each with
    // an equal share of `probability`, the calibrated chance that the host is one of them.
    std::vector<ClassProbability> classes;
    std::size_t named = 0;
    double probability = 0;

    // "Linux 6.X (general purpose), 91 %", "Linux 5.X or 6.X (general purpose), 80 %",
    // "macOS or iOS (general purpose), 90 %", or "none (no OS family is supported)".
    std::string text() const;
};

// What the fit leaves out of the database when it scores a subject drawn from a print: the
// prints of the same name (a new release), every print naming the same set of (family,
// generation) pairs (a new generation), or each subject read both ways (as likely either).
enum class LeaveOut { name, group, name_and_group };

struct FitOptions {
    std::size_t subjects = 400;  // prints sampled for the fit
    std::uint64_t seed = 0x5eed;
    LeaveOut leave_out = LeaveOut::name_and_group;
    unsigned threads = 2;  // matchers scoring the fit's subjects side by side
    double abstain_below = 0.25;  // no verdict when the family's probability is lower
    double generation_from = 0.5;  // a generation is named when family and generation are this likely
    // With name_and_group: the weight of the group readings (a host of a generation the
    // database lacks), the rest going to the name readings (a new release of a generation
    // it holds). 0.22: 10 of the 45 prints Nmap 7.93's database added to 7.80's were of a
    // (family, generation) 7.80's lacked (docs/decisions/0013, development split).
    double new_group_share = 0.22;
};

// p = sigmoid(w . features); the features are listed where they are made (os_verdict.cpp).
inline constexpr int kVerdictFeatures = 4;
struct Calibration {
    std::array<double, kVerdictFeatures> w{0, 0, 0, 0};
    double apply(const std::array<double, kVerdictFeatures>& x) const;
};

class VerdictModel {
public:
    // Fits the calibrations on `db`'s own prints.
    static VerdictModel fit(const db::OsDb& db, const FitOptions& options = {});

    // The verdict for a fingerprint; `matcher` must be over the same database.
    OsVerdict judge(match::OsMatcher& matcher, const Fingerprint& fp) const;
    // ... from every print's score (OsMatcher::score_all).
    OsVerdict judge(const std::vector<match::OsMatch>& scores) const;

    const Calibration& family_calibration() const { return family_cal_; }
    const Calibration& generation_calibration() const { return generation_cal_; }
    std::size_t family_count() const { return families_.size(); }

private:
    explicit VerdictModel(const db::OsDb& db);

    // What one subject's scores say; for the fit, without the prints of the subject's own
    // name (or group).
    struct Reading {
        std::optional<std::uint32_t> family, generation;  // the picks
        // ... and what the verdict names with them: the families named together with the
        // family pick by a print at its best score; the generations of those families
        // named by any print at the generation pick's best score.
        std::vector<std::uint32_t> family_set, generation_set;
        std::array<double, kVerdictFeatures> family_x{}, generation_x{};
        std::vector<double> family_best;  // per family: its nearest print's accuracy
        std::vector<std::uint32_t> family_print, generation_print;  // ... and that print
    };
    Reading read(const std::vector<match::OsMatch>& scores, std::optional<std::uint32_t> subject_print = std::nullopt,
                 bool leave_group = false) const;
    OsVerdict verdict_from(const Reading& r) const;
    // The reading's generation set without its null generation (the classes without one).
    std::vector<std::uint32_t> named_generations(const Reading& r) const;

    struct Family {
        std::string name;    // canonical family ("macOS" for "OS X"), or "embedded"...
        std::string vendor;  // ... of this vendor (empty for the others)
    };
    bool names(const db::OsClass& c, std::uint32_t family) const;
    struct Generation {
        std::uint32_t family;
        std::optional<std::string> text;  // null: the family's classes without a generation
    };
    const db::OsDb* db_;
    std::vector<Family> families_;
    std::vector<Generation> generations_;
    std::vector<std::vector<std::uint32_t>> print_families_, print_generations_;
    std::vector<int> print_name_, print_group_;
    Calibration family_cal_, generation_cal_;
    double abstain_below_ = 0.25;
    double generation_from_ = 0.5;
};

}  // namespace whorl::fp::verdict
