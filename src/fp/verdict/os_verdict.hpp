// whorl's own verdict over OS classes, with a probability that holds. Nmap's accuracy is a
// share of match points for the nearest print; whorl weighs every reference print:
//   weight(p) = exp(beta * (accuracy(p) - best accuracy)),
// and a family's (or generation's) posterior is the share of all weight held by prints
// that name it in any of their classes (a print for "macOS or iOS" speaks for both; the
// host's OS is right when it has that family). It reads the most probable family, then
// within it the most probable generation, vendor and device type. beta and two logistic
// calibrations (for the family, and for family plus generation, on the raw posterior's
// logit and the best accuracy) are fitted when the database loads, on subjects drawn from
// its own prints, each matched with every print of the same name left out: a host whose
// exact OS the database lacks, which is what the verdict is for. The verdict names a
// generation only when its calibrated probability is at least one half, and abstains when
// the family's is below one half. docs/decisions/0013-os-verdict.md says why.
#pragma once

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
    std::vector<ClassProbability> classes;  // most probable first; empty when abstained

    // "Linux 6.X (general purpose), 91 %", or "none (no OS family is supported)".
    std::string text() const;
};

// What the fit leaves out of a subject's own print's database: the prints of the same
// name, or every print naming the same set of (family, generation) pairs.
enum class LeaveOut { name, group };

struct FitOptions {
    std::size_t subjects = 360;  // prints sampled for the fit
    std::uint64_t seed = 0x5eed;
    LeaveOut leave_out = LeaveOut::name;
    bool soft_pick = true;  // name the heaviest family, not the nearest print's
};

// A logistic calibration p = sigmoid(a logit(raw) + 10 b (best - 0.9) + 10 m margin + c):
// raw is the posterior, best the accuracy of the nearest print naming the class, margin
// how much nearer that print is than the nearest naming another class.
struct Calibration {
    double a = 1, b = 0, m = 0, c = 0;
    double apply(double raw, double best, double margin) const;
};

class VerdictModel {
public:
    // Fits beta and the calibrations on `db`'s own prints.
    static VerdictModel fit(const db::OsDb& db, match::OsMatcher& matcher, const FitOptions& options = {});

    // The verdict for a fingerprint; `matcher` must be over the same database.
    OsVerdict judge(match::OsMatcher& matcher, const Fingerprint& fp) const;
    // ... from every print's score (OsMatcher::score_all).
    OsVerdict judge(const std::vector<match::OsMatch>& scores) const;

    double beta() const { return beta_; }
    const Calibration& family_calibration() const { return family_cal_; }
    const Calibration& generation_calibration() const { return generation_cal_; }

    // The uncalibrated posteriors, for the fit and the evaluation: prints of group
    // `exclude_group` are left out (-1: none).
    struct Raw {
        double best = 0;                 // best accuracy counted
        std::vector<double> family;      // per family id: share of all weight (0 if nothing scored)
        std::vector<double> family_best; // per family id: the best accuracy of a print naming it
        std::vector<double> gen_best;    // per generation id: the same
        std::vector<double> generation;  // per (family, generation) id, same scale as family
        std::vector<double> vendor;      // per (family, vendor) id
        std::vector<double> type;        // per (family, device type) id
    };
    Raw raw(const std::vector<match::OsMatch>& scores, double beta, int exclude_group = -1) const;

    // Ids: a print's name id, and the text of class ids.
    int name_id(std::uint32_t print) const { return print_name_[print]; }
    const std::string& family_name(std::uint32_t id) const { return families_[id]; }
    std::vector<std::uint32_t> families_of(std::uint32_t print) const;
    // The (family, generation) pairs of a print, as generation ids.
    std::vector<std::uint32_t> generations_of(std::uint32_t print) const;
    std::uint32_t generation_family(std::uint32_t gen) const { return gen_family_[gen]; }

private:
    explicit VerdictModel(const db::OsDb& db);
    // The class the verdict names: the family of the nearest print (the heaviest among
    // families as near), and its nearest named generation; margins to the next nearest.
    struct Pick {
        std::optional<std::uint32_t> family, generation;
        double family_margin = 0, generation_margin = 0;
    };
    Pick pick(const Raw& r) const;
    OsVerdict verdict_from(const Raw& r) const;

    std::vector<std::string> families_;
    // (family, text) pairs for generations ("" = none), vendors and device types.
    std::vector<std::uint32_t> gen_family_, vendor_family_, type_family_;
    std::vector<std::optional<std::string>> gen_text_;
    std::vector<std::string> vendor_text_, type_text_;
    struct Share {
        std::uint32_t id;
        double weight;
    };
    // Per print: the families and generations it names (weight 1 each), and its shares of
    // vendors and types (summing to 1), which only pick the names printed.
    std::vector<std::vector<Share>> print_family_, print_gen_, print_vendor_, print_type_;
    std::vector<int> print_name_;
    // Prints naming the same set of (family, generation) pairs: the fit leaves a subject's
    // whole group out, as if its OS version were new to the database.
    std::vector<int> print_group_;
    std::vector<int> left_out_;  // print_name_ or print_group_, as fitted
    bool soft_pick_ = true;
    double beta_ = 40;
    Calibration family_cal_, generation_cal_;
};

}  // namespace whorl::fp::verdict
