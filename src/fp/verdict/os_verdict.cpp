// The verdict model: families and generations per print, one subject's reading, the fit at load.
#include "fp/verdict/os_verdict.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "fp/verdict/family_names.hpp"
#include "fp/verdict/subject.hpp"

namespace whorl::fp::verdict {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Prints this much less near than a family's nearest still count as "about as near" for
// the share feature.
constexpr double kNear = 0.02;
// Margins count up to this much (a family 0.3 ahead of any other is as clear as it gets).
constexpr double kMaxMargin = 0.3;
// A print comparing fewer match points than this share of the most any print compares
// counts the rest as missed.
constexpr double kCover = 0.8;

using Features = std::array<double, kVerdictFeatures>;

// x: 1, 10 (accuracy - 0.9), 10 margin, log odds of the near share ((k + 0.5) / (n + 1)).
Features features(double accuracy, double margin, double near_named, double near_all) {
    double share = (near_named + 0.5) / (near_all + 1);
    return {1, 10 * (accuracy - 0.9), 10 * std::min(margin, kMaxMargin), std::log(share / (1 - share))};
}

struct Sample {
    Features x;
    bool right;
    double weight = 1;
};

// Logistic regression by Newton's method with a light ridge (the fit has a few hundred
// samples and four weights).
Calibration fit_logistic(const std::vector<Sample>& samples) {
    constexpr int n = kVerdictFeatures;
    Calibration cal;
    if (samples.empty()) return cal;
    auto& w = cal.w;
    for (int iter = 0; iter < 40; ++iter) {
        double g[n] = {}, h[n][n] = {};
        for (int i = 0; i < n; ++i) {
            h[i][i] = 1e-2;
            g[i] = 1e-2 * w[i];
        }
        for (const Sample& s : samples) {
            double z = 0;
            for (int i = 0; i < n; ++i) z += w[i] * s.x[i];
            double p = sigmoid(z), e = p - (s.right ? 1 : 0), v = std::max(p * (1 - p), 1e-9);
            for (int i = 0; i < n; ++i) {
                g[i] += s.weight * e * s.x[i];
                for (int j = 0; j < n; ++j) h[i][j] += s.weight * v * s.x[i] * s.x[j];
            }
        }
        // Solve h d = g (Gauss-Jordan with partial pivoting), then w -= d.
        double a[n][n + 1];
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) a[i][j] = h[i][j];
            a[i][n] = g[i];
        }
        for (int c = 0; c < n; ++c) {
            int piv = c;
            for (int r = c + 1; r < n; ++r)
                if (std::abs(a[r][c]) > std::abs(a[piv][c])) piv = r;
            for (int k = 0; k <= n; ++k) std::swap(a[c][k], a[piv][k]);
            if (std::abs(a[c][c]) < 1e-12) continue;
            for (int r = 0; r < n; ++r) {
                if (r == c) continue;
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= n; ++k) a[r][k] -= f * a[c][k];
            }
        }
        double step = 0;
        for (int i = 0; i < n; ++i) {
            double d = std::abs(a[i][i]) < 1e-12 ? 0 : a[i][n] / a[i][i];
            w[i] -= d;
            step += std::abs(d);
        }
        if (step < 1e-9) break;
    }
    return cal;
}

bool holds(const std::vector<std::uint32_t>& ids, std::uint32_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

double Calibration::apply(const Features& x) const {
    double z = 0;
    for (int i = 0; i < kVerdictFeatures; ++i) z += w[i] * x[i];
    return sigmoid(z);
}

std::string OsVerdict::text() const {
    if (abstained || classes.empty()) return "none (no OS family is supported)";
    // The named classes by family, in order: "Linux 5.X or 6.X", "macOS or iOS".
    const std::size_t n = std::clamp<std::size_t>(named, 1, classes.size());
    std::vector<std::string> parts;
    std::string last_family, last_vendor;
    for (std::size_t i = 0; i < n; ++i) {
        const ClassProbability& c = classes[i];
        std::string family = c.family == "embedded" && c.vendor != c.family ? c.vendor + " embedded" : c.family;
        if (i > 0 && c.family == last_family && c.vendor == last_vendor && c.generation) {
            parts.push_back(*c.generation);
            continue;
        }
        parts.push_back(c.generation ? family + " " + *c.generation : family);
        last_family = c.family;
        last_vendor = c.vendor;
    }
    std::string name;
    for (std::size_t i = 0; i < parts.size(); ++i)
        name += (i == 0 ? "" : i + 1 == parts.size() ? " or " : ", ") + parts[i];
    const double p = named == 0 ? classes.front().probability : probability;
    return fmt::format("{} ({}), {} %", name, classes.front().device_type, static_cast<int>(p * 100));
}

bool VerdictModel::names(const db::OsClass& c, std::uint32_t family) const {
    const Family& f = families_[family];
    return c.family == "embedded" ? f.name == "embedded" && f.vendor == c.vendor : canonical_family(c.family) == f.name;
}

VerdictModel::VerdictModel(const db::OsDb& db) : db_(&db) {
    std::map<std::string, std::uint32_t> family_ids, names;
    std::map<std::pair<std::uint32_t, std::optional<std::string>>, std::uint32_t> gen_ids;
    std::map<std::vector<std::uint32_t>, int> groups;
    const auto prints = db.prints();
    print_families_.resize(prints.size());
    print_generations_.resize(prints.size());
    for (std::uint32_t p = 0; p < prints.size(); ++p) {
        const db::RefPrint& rp = prints[p];
        print_name_.push_back(static_cast<int>(names.emplace(rp.name, names.size()).first->second));
        for (const db::OsClass& c : rp.classes) {
            // Nmap's "embedded" says only that the vendor's device runs firmware: one family
            // per vendor, as fp/verdict/family_names.hpp compares them.
            std::string key = c.family == "embedded" ? "embedded\x1f" + c.vendor : canonical_family(c.family);
            auto [fit, fresh] = family_ids.emplace(key, static_cast<std::uint32_t>(families_.size()));
            if (fresh)
                families_.push_back(c.family == "embedded" ? Family{c.family, c.vendor} : Family{canonical_family(c.family), ""});
            std::uint32_t f = fit->second;
            if (!holds(print_families_[p], f)) print_families_[p].push_back(f);
            auto [git, gfresh] = gen_ids.emplace(std::pair{f, c.generation}, static_cast<std::uint32_t>(generations_.size()));
            if (gfresh) generations_.push_back({f, c.generation});
            if (!holds(print_generations_[p], git->second)) print_generations_[p].push_back(git->second);
        }
        std::vector<std::uint32_t> key = print_generations_[p];
        std::sort(key.begin(), key.end());
        print_group_.push_back(rp.classes.empty() ? -1 : groups.emplace(key, static_cast<int>(groups.size())).first->second);
    }
}

VerdictModel::Reading VerdictModel::read(const std::vector<match::OsMatch>& all, std::optional<std::uint32_t> subject,
                                         bool leave_group) const {
    Reading r;
    const std::vector<int>& out = leave_group ? print_group_ : print_name_;
    const int left_out = subject ? out[*subject] : -1;
    // The prints counted, each with its score: its share of match points, where a print
    // that compares fewer points than kCover of the most any print compares counts the
    // difference as missed (a print of two tests matching a host is weak evidence).
    std::vector<match::OsMatch> scores;
    scores.reserve(all.size());
    std::uint32_t most = 0;
    for (const auto& m : all)
        if (m.possible != 0 && !print_families_[m.print].empty() && (left_out < 0 || out[m.print] != left_out)) {
            scores.push_back(m);
            most = std::max(most, m.possible);
        }
    for (auto& m : scores)
        m.accuracy = static_cast<double>(m.matched) / std::max<double>(m.possible, kCover * static_cast<double>(most));
    r.family_best.assign(families_.size(), -1);
    r.family_print.assign(families_.size(), 0);
    r.generation_print.assign(generations_.size(), 0);
    std::vector<double> gen_best(generations_.size(), -1);
    for (const auto& m : scores) {
        for (std::uint32_t f : print_families_[m.print])
            if (m.accuracy > r.family_best[f]) {
                r.family_best[f] = m.accuracy;
                r.family_print[f] = m.print;
            }
        for (std::uint32_t g : print_generations_[m.print])
            if (m.accuracy > gen_best[g]) {
                gen_best[g] = m.accuracy;
                r.generation_print[g] = m.print;
            }
    }
    // Prints at each family's and generation's best score, and prints about as near.
    std::vector<std::uint32_t> family_at_best(families_.size(), 0), gen_at_best(generations_.size(), 0);
    for (const auto& m : scores) {
        for (std::uint32_t f : print_families_[m.print]) family_at_best[f] += m.accuracy == r.family_best[f];
        for (std::uint32_t g : print_generations_[m.print]) gen_at_best[g] += m.accuracy == gen_best[g];
    }
    for (std::uint32_t f = 0; f < families_.size(); ++f) {
        if (r.family_best[f] < 0) continue;
        if (!r.family || r.family_best[f] > r.family_best[*r.family] ||
            (r.family_best[f] == r.family_best[*r.family] && family_at_best[f] > family_at_best[*r.family]))
            r.family = f;
    }
    if (!r.family) return r;
    const std::uint32_t top = *r.family;
    const double best = r.family_best[top];
    // The families named with it: those a print at its best score names beside it (Nmap's
    // "Apple macOS 10.13 - 10.15 or iOS 11.0 - 13.4"); nothing in the scores can tell them
    // apart. Every other family is unrelated.
    std::vector<char> in_set(families_.size(), 0);
    in_set[top] = 1;
    r.family_set.push_back(top);
    for (const auto& m : scores)
        if (m.accuracy == best && holds(print_families_[m.print], top))
            for (std::uint32_t f : print_families_[m.print])
                if (!in_set[f]) {
                    in_set[f] = 1;
                    r.family_set.push_back(f);
                }
    auto names_set = [&](std::uint32_t print) {
        for (std::uint32_t f : print_families_[print])
            if (in_set[f]) return true;
        return false;
    };
    double other = best - kMaxMargin, near_all = 0, near_named = 0;
    for (std::uint32_t f = 0; f < families_.size(); ++f)
        if (!in_set[f]) other = std::max(other, r.family_best[f]);
    for (const auto& m : scores) {
        if (m.accuracy < best - kNear) continue;
        near_all += 1;
        near_named += names_set(m.print);
    }
    r.family_x = features(best, best - other, near_named, near_all);

    // The generations of those families (their classes without one included, as a null
    // generation): the nearest, and every other one a print at its score names (Nmap's
    // "Linux 4.15 - 5.19" and whorl's "Linux 6.1" print tie for Debian's 6.1 kernel: the
    // scores cannot tell 4.X, 5.X and 6.X apart). Families are not widened by ties that
    // way: firmware answering one ICMP echo ties with a dozen unrelated families.
    for (std::uint32_t g = 0; g < generations_.size(); ++g) {
        if (!in_set[generations_[g].family] || gen_best[g] < 0) continue;
        if (!r.generation || gen_best[g] > gen_best[*r.generation] ||
            (gen_best[g] == gen_best[*r.generation] && gen_at_best[g] > gen_at_best[*r.generation]))
            r.generation = g;
    }
    const std::uint32_t pick = *r.generation;  // the family's nearest print names one
    const double gbest = gen_best[pick];
    std::vector<char> gen_in_set(generations_.size(), 0);
    gen_in_set[pick] = 1;
    r.generation_set.push_back(pick);
    for (const auto& m : scores)
        if (m.accuracy == gbest)
            for (std::uint32_t g : print_generations_[m.print])
                if (!gen_in_set[g] && in_set[generations_[g].family]) {
                    gen_in_set[g] = 1;
                    r.generation_set.push_back(g);
                }
    double gother = gbest - kMaxMargin, gnear_all = 0, gnear_named = 0;
    for (std::uint32_t g = 0; g < generations_.size(); ++g)
        if (!gen_in_set[g] && in_set[generations_[g].family]) gother = std::max(gother, gen_best[g]);
    for (const auto& m : scores) {
        if (m.accuracy < gbest - kNear || !names_set(m.print)) continue;
        gnear_all += 1;
        bool named = false;
        for (std::uint32_t g : print_generations_[m.print]) named = named || gen_in_set[g];
        gnear_named += named;
    }
    r.generation_x = features(gbest, gbest - gother, gnear_named, gnear_all);
    return r;
}

std::vector<std::uint32_t> VerdictModel::named_generations(const Reading& r) const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t g : r.generation_set)
        if (generations_[g].text) out.push_back(g);
    // By family (in the set's order), then by version: "7.X, 8.X, 9.X or 10.X".
    auto family_rank = [&](std::uint32_t g) {
        return std::find(r.family_set.begin(), r.family_set.end(), generations_[g].family) - r.family_set.begin();
    };
    auto version = [&](std::uint32_t g) {  // "10.7.X" -> {10, 7}, then the text
        const std::string& t = *generations_[g].text;
        std::vector<long> numbers;
        for (std::size_t i = 0; i < t.size();) {
            if (!std::isdigit(static_cast<unsigned char>(t[i]))) {
                ++i;
                continue;
            }
            long n = 0;
            for (; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) n = std::min(n * 10 + (t[i] - '0'), 1L << 40);
            numbers.push_back(n);
        }
        return std::pair{numbers, t};
    };
    std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) {
        return std::pair{family_rank(a), version(a)} < std::pair{family_rank(b), version(b)};
    });
    return out;
}

OsVerdict VerdictModel::verdict_from(const Reading& r) const {
    OsVerdict v;
    if (!r.family) return v;
    const std::uint32_t top = *r.family;
    const double pf = family_cal_.apply(r.family_x);
    if (pf < abstain_below_) return v;
    v.abstained = false;
    // Vendor and device type: the class naming the family (and generation) in its nearest
    // print.
    auto entry = [&](std::uint32_t f, std::uint32_t print, std::optional<std::string> gen, double p) {
        ClassProbability c{families_[f].vendor, families_[f].name, std::move(gen), "", p};
        for (const db::OsClass& k : db_->prints()[print].classes) {
            if (!names(k, f) || (c.generation && k.generation != c.generation)) continue;
            c.vendor = k.vendor;
            c.device_type = k.device_type;
            break;
        }
        return c;
    };
    const auto gens = named_generations(r);
    double pg = 0;
    if (!gens.empty()) pg = pf * generation_cal_.apply(r.generation_x);
    if (pg >= generation_from_) {
        // The generations named, then their families in another generation.
        for (std::uint32_t g : gens)
            v.classes.push_back(entry(generations_[g].family, r.generation_print[g], generations_[g].text,
                                      pg / static_cast<double>(gens.size())));
        v.named = v.classes.size();
        v.probability = pg;
        const double rest = (pf - pg) / static_cast<double>(r.family_set.size());
        if (rest >= 0.01)
            for (std::uint32_t f : r.family_set) v.classes.push_back(entry(f, r.family_print[f], std::nullopt, rest));
    } else {
        for (std::uint32_t f : r.family_set)
            v.classes.push_back(entry(f, r.family_print[f], std::nullopt, pf / static_cast<double>(r.family_set.size())));
        v.named = v.classes.size();
        v.probability = pf;
    }
    // Other families, nearest first, sharing what probability is left by how near they
    // are (not calibrated: an ordering with a sense of scale).
    std::vector<std::uint32_t> order;
    for (std::uint32_t f = 0; f < families_.size(); ++f)
        if (!holds(r.family_set, f) && r.family_best[f] >= r.family_best[top] - kMaxMargin) order.push_back(f);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
        return r.family_best[a] != r.family_best[b] ? r.family_best[a] > r.family_best[b] : a < b;
    });
    if (order.size() > 4) order.resize(4);
    double total = 0;
    for (std::uint32_t f : order) total += std::exp(20 * (r.family_best[f] - r.family_best[top]));
    for (std::uint32_t f : order)
        v.classes.push_back(entry(f, r.family_print[f], std::nullopt, (1 - pf) * std::exp(20 * (r.family_best[f] - r.family_best[top])) / total));
    return v;
}

OsVerdict VerdictModel::judge(const std::vector<match::OsMatch>& scores) const {
    return verdict_from(read(scores));
}

OsVerdict VerdictModel::judge(match::OsMatcher& matcher, const Fingerprint& fp) const {
    return judge(matcher.score_all(fp));
}

}  // namespace whorl::fp::verdict

namespace whorl::fp::verdict {

VerdictModel VerdictModel::fit(const db::OsDb& db, const FitOptions& options) {
    VerdictModel m(db);
    m.abstain_below_ = options.abstain_below;
    m.generation_from_ = options.generation_from;
    const auto count = static_cast<std::uint32_t>(db.prints().size());
    std::vector<std::uint32_t> sample;
    for (std::uint32_t p = 0; p < count; ++p)
        if (!m.print_families_[p].empty()) sample.push_back(p);
    std::mt19937_64 rng(options.seed);
    std::shuffle(sample.begin(), sample.end(), rng);
    if (sample.size() > options.subjects) sample.resize(options.subjects);
    std::sort(sample.begin(), sample.end());
    std::vector<Fingerprint> subjects;
    subjects.reserve(sample.size());
    for (std::uint32_t p : sample) subjects.push_back(draw_subject(db, p, Draw::random, rng));

    // Each subject's readings (one or both leave-outs), the subjects split between matchers
    // on their own threads.
    const bool by_name = options.leave_out != LeaveOut::group, by_group = options.leave_out != LeaveOut::name;
    std::vector<Reading> readings(2 * sample.size());
    auto work = [&](std::size_t from, std::size_t step) {
        match::OsMatcher matcher(db);
        for (std::size_t i = from; i < sample.size(); i += step) {
            const auto& scores = matcher.score_all(subjects[i]);
            if (by_name) readings[2 * i] = m.read(scores, sample[i], false);
            if (by_group) readings[2 * i + 1] = m.read(scores, sample[i], true);
        }
    };
    const unsigned threads = std::max(1u, options.threads);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
    work(0, threads);
    for (auto& t : pool) t.join();

    // A subject whose families no print outside its left-out name (group) names cannot be
    // named rightly: such a host is of a family the database does not know, which the
    // verdict cannot learn to tell from a known one. The calibrations are fitted on the
    // others, so the probability is that of a host of a family the database knows.
    std::vector<std::vector<int>> family_names(m.families_.size()), family_groups(m.families_.size());
    for (std::uint32_t p = 0; p < count; ++p)
        for (std::uint32_t f : m.print_families_[p]) {
            family_names[f].push_back(m.print_name_[p]);
            family_groups[f].push_back(m.print_group_[p]);
        }
    auto known_without = [&](std::uint32_t print, bool group) {
        const int own = group ? m.print_group_[print] : m.print_name_[print];
        for (std::uint32_t f : m.print_families_[print])
            for (int other : group ? family_groups[f] : family_names[f])
                if (other != own) return true;
        return false;
    };
    std::vector<Sample> fam, gen;
    for (std::size_t k = 0; k < readings.size(); ++k) {
        const Reading& r = readings[k];
        const std::size_t i = k / 2;
        if (!r.family || !known_without(sample[i], k % 2 == 1)) continue;
        auto any_of = [](const std::vector<std::uint32_t>& named, const std::vector<std::uint32_t>& truth) {
            for (std::uint32_t x : named)
                if (holds(truth, x)) return true;
            return false;
        };
        bool fam_right = any_of(r.family_set, m.print_families_[sample[i]]);
        const double weight = options.leave_out != LeaveOut::name_and_group ? 1.0
                              : k % 2 == 1 ? options.new_group_share : 1 - options.new_group_share;
        fam.push_back({r.family_x, fam_right, weight});
        // The generation's calibration is conditional on the family: it learns from
        // subjects whose family was named rightly.
        const auto gens = m.named_generations(r);
        if (fam_right && !gens.empty()) gen.push_back({r.generation_x, any_of(gens, m.print_generations_[sample[i]]), weight});
    }
    m.family_cal_ = fit_logistic(fam);
    m.generation_cal_ = fit_logistic(gen);
    return m;
}

}  // namespace whorl::fp::verdict
