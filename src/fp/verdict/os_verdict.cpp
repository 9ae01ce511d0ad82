// The verdict model: class shares per print, the weighted posterior, the fit at load.
#include "fp/verdict/os_verdict.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "fp/verdict/family_names.hpp"
#include "fp/verdict/subject.hpp"

namespace whorl::fp::verdict {
namespace {

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

double logit(double p) {
    p = std::clamp(p, 1e-6, 1 - 1e-6);
    return std::log(p / (1 - p));
}

constexpr int kFeatures = 4;  // logit of the raw posterior, best accuracy, margin, 1

struct Sample {
    double x[kFeatures];
    bool right;
};

// Logistic regression by Newton's method, lightly regularised towards (1, 0, 0, 0).
Calibration fit_logistic(const std::vector<Sample>& samples) {
    constexpr int n = kFeatures;
    double w[n] = {1, 0, 0, 0};
    if (samples.empty()) return {};
    for (int iter = 0; iter < 30; ++iter) {
        double g[n] = {}, h[n][n] = {};
        for (int i = 0; i < n; ++i) {
            h[i][i] = 1e-2;
            g[i] = 1e-2 * (w[i] - (i == 0 ? 1 : 0));
        }
        for (const Sample& s : samples) {
            double z = 0;
            for (int i = 0; i < n; ++i) z += w[i] * s.x[i];
            double p = sigmoid(z), e = p - (s.right ? 1 : 0), v = p * (1 - p);
            for (int i = 0; i < n; ++i) {
                g[i] += e * s.x[i];
                for (int j = 0; j < n; ++j) h[i][j] += v * s.x[i] * s.x[j];
            }
        }
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
            if (std::abs(a[c][c]) < 1e-12) break;
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
        if (step < 1e-8) break;
    }
    return Calibration{w[0], w[1], w[2], w[3]};
}

std::size_t argmax_in(const std::vector<double>& v, const std::vector<std::uint32_t>& owner, std::uint32_t family) {
    std::size_t best = v.size();
    for (std::size_t i = 0; i < v.size(); ++i)
        if (owner[i] == family && (best == v.size() || v[i] > v[best])) best = i;
    return best;
}

}  // namespace

double Calibration::apply(double raw, double best, double margin) const {
    return sigmoid(a * logit(raw) + b * (best - 0.9) * 10 + m * margin * 10 + c);
}

std::string OsVerdict::text() const {
    if (abstained || classes.empty()) return "none (no OS family is supported)";
    const ClassProbability& c = classes.front();
    std::string name = c.family;
    if (c.vendor != c.family && c.family == "embedded") name = c.vendor + " embedded";
    if (c.generation) name += " " + *c.generation;
    return fmt::format("{} ({}), {} %", name, c.device_type, static_cast<int>(c.probability * 100));
}

VerdictModel::VerdictModel(const db::OsDb& db) {
    std::map<std::string, std::uint32_t> family_ids, names;
    std::map<std::vector<std::uint32_t>, std::size_t> groups;
    std::map<std::pair<std::uint32_t, std::string>, std::uint32_t> gen_ids, vendor_ids, type_ids;
    auto id_of = [](auto& map, auto key, auto& owners, std::uint32_t family, auto& texts, auto text) {
        auto [it, fresh] = map.emplace(key, static_cast<std::uint32_t>(owners.size()));
        if (fresh) {
            owners.push_back(family);
            texts.push_back(text);
        }
        return it->second;
    };
    const auto prints = db.prints();
    print_family_.resize(prints.size());
    print_gen_.resize(prints.size());
    print_vendor_.resize(prints.size());
    print_type_.resize(prints.size());
    for (std::uint32_t p = 0; p < prints.size(); ++p) {
        const db::RefPrint& rp = prints[p];
        print_name_.push_back(static_cast<int>(names.emplace(rp.name, names.size()).first->second));
        if (rp.classes.empty()) {
            print_group_.push_back(-1);
            continue;
        }
        double share = 1.0 / static_cast<double>(rp.classes.size());
        std::vector<std::uint32_t> fams;
        for (const db::OsClass& c : rp.classes) {
            std::string family = canonical_family(c.family);
            auto [fit, fresh] = family_ids.emplace(family, static_cast<std::uint32_t>(families_.size()));
            if (fresh) families_.push_back(family);
            std::uint32_t f = fit->second;
            if (std::find(fams.begin(), fams.end(), f) == fams.end()) fams.push_back(f);
            std::optional<std::string> gen = c.generation;
            auto add = [share](std::vector<Share>& v, std::uint32_t id) {
                for (Share& s : v)
                    if (s.id == id) return void(s.weight += share);
                v.push_back({id, share});
            };
            // A family or generation any class names is the host's with the print's whole
            // weight (a print for "macOS or iOS" is evidence for both).
            std::uint32_t g = id_of(gen_ids, std::pair{f, gen.value_or("")}, gen_family_, f, gen_text_, gen);
            bool seen = false;
            for (const Share& s : print_gen_[p]) seen = seen || s.id == g;
            if (!seen) print_gen_[p].push_back({g, 1.0});
            add(print_vendor_[p], id_of(vendor_ids, std::pair{f, c.vendor}, vendor_family_, f, vendor_text_, c.vendor));
            add(print_type_[p], id_of(type_ids, std::pair{f, c.device_type}, type_family_, f, type_text_, c.device_type));
        }
        for (std::uint32_t f : fams) print_family_[p].push_back({f, 1.0});
        std::vector<std::uint32_t> key;
        for (const Share& sh : print_gen_[p]) key.push_back(sh.id);
        std::sort(key.begin(), key.end());
        print_group_.push_back(static_cast<int>(groups.emplace(key, groups.size()).first->second));
    }
}

std::vector<std::uint32_t> VerdictModel::families_of(std::uint32_t print) const {
    std::vector<std::uint32_t> out;
    for (const Share& s : print_family_[print]) out.push_back(s.id);
    return out;
}

std::vector<std::uint32_t> VerdictModel::generations_of(std::uint32_t print) const {
    std::vector<std::uint32_t> out;
    for (const Share& s : print_gen_[print]) out.push_back(s.id);
    return out;
}

VerdictModel::Raw VerdictModel::raw(const std::vector<match::OsMatch>& scores, double beta, int exclude_group) const {
    Raw r;
    r.family.assign(families_.size(), 0);
    r.family_best.assign(families_.size(), 0);
    r.generation.assign(gen_family_.size(), 0);
    r.gen_best.assign(gen_family_.size(), 0);
    r.vendor.assign(vendor_family_.size(), 0);
    r.type.assign(type_family_.size(), 0);
    double best = -1;
    for (const auto& m : scores) {
        if (m.possible == 0 || (exclude_group >= 0 && left_out_[m.print] == exclude_group)) continue;
        best = std::max(best, m.accuracy);
        for (const Share& s : print_family_[m.print]) r.family_best[s.id] = std::max(r.family_best[s.id], m.accuracy);
        for (const Share& s : print_gen_[m.print]) r.gen_best[s.id] = std::max(r.gen_best[s.id], m.accuracy);
    }
    if (best < 0) return r;
    r.best = best;
    const double floor = best - 14.0 / beta;
    double total = 0;
    for (const auto& m : scores) {
        if (m.possible == 0 || m.accuracy < floor || (exclude_group >= 0 && left_out_[m.print] == exclude_group))
            continue;
        double w = std::exp(beta * (m.accuracy - best));
        for (const Share& s : print_family_[m.print]) r.family[s.id] += w * s.weight;
        for (const Share& s : print_gen_[m.print]) r.generation[s.id] += w * s.weight;
        for (const Share& s : print_vendor_[m.print]) r.vendor[s.id] += w * s.weight;
        for (const Share& s : print_type_[m.print]) r.type[s.id] += w * s.weight;
        if (!print_family_[m.print].empty()) total += w;  // a family's posterior is its share of all weight
    }
    if (total > 0)
        for (auto* v : {&r.family, &r.generation, &r.vendor, &r.type})
            for (double& x : *v) x /= total;
    return r;
}

VerdictModel::Pick VerdictModel::pick(const Raw& r) const {
    Pick k;
    // The family of the nearest print, the heaviest among families as near; or (soft pick)
    // the heaviest.
    for (std::uint32_t f = 0; f < r.family.size(); ++f) {
        if (r.family[f] <= 0) continue;
        bool better = soft_pick_ ? (!k.family || r.family[f] > r.family[*k.family])
                                 : (!k.family || r.family_best[f] > r.family_best[*k.family] ||
                                    (r.family_best[f] == r.family_best[*k.family] && r.family[f] > r.family[*k.family]));
        if (better) k.family = f;
    }
    if (!k.family) return k;
    double other = 0;
    for (std::uint32_t f = 0; f < r.family.size(); ++f)
        if (f != *k.family) other = std::max(other, r.family_best[f]);
    k.family_margin = r.family_best[*k.family] - other;
    for (std::uint32_t g = 0; g < r.generation.size(); ++g) {
        if (gen_family_[g] != *k.family || !gen_text_[g] || r.generation[g] <= 0) continue;
        bool better = soft_pick_ ? (!k.generation || r.generation[g] > r.generation[*k.generation])
                                 : (!k.generation || r.gen_best[g] > r.gen_best[*k.generation] ||
                                    (r.gen_best[g] == r.gen_best[*k.generation] &&
                                     r.generation[g] > r.generation[*k.generation]));
        if (better) k.generation = g;
    }
    if (k.generation) {
        double other_gen = 0;
        for (std::uint32_t g = 0; g < r.generation.size(); ++g)
            if (g != *k.generation && (gen_family_[g] != *k.family || gen_text_[g])) other_gen = std::max(other_gen, r.gen_best[g]);
        k.generation_margin = r.gen_best[*k.generation] - other_gen;
    }
    return k;
}

OsVerdict VerdictModel::verdict_from(const Raw& r) const {
    OsVerdict v;
    Pick k = pick(r);
    if (!k.family) return v;
    std::uint32_t top = *k.family;
    double pf = family_cal_.apply(r.family[top], r.family_best[top], k.family_margin);
    if (pf < 0.5) return v;
    v.abstained = false;
    auto entry = [&](std::uint32_t f, double p) {
        ClassProbability c;
        c.family = families_[f];
        std::size_t vi = argmax_in(r.vendor, vendor_family_, f), ti = argmax_in(r.type, type_family_, f);
        c.vendor = vi < vendor_text_.size() ? vendor_text_[vi] : c.family;
        c.device_type = ti < type_text_.size() ? type_text_[ti] : "general purpose";
        c.probability = p;
        return c;
    };
    ClassProbability first = entry(top, pf);
    if (k.generation) {
        std::uint32_t g = *k.generation;
        double pg = generation_cal_.apply(r.generation[g], r.gen_best[g], k.generation_margin);
        if (pg >= 0.5) {
            first.generation = gen_text_[g];
            first.probability = std::min(pg, pf);
        }
    }
    v.classes.push_back(first);
    // Other families, as the posterior ranks them, with what probability is left.
    std::vector<std::uint32_t> order;
    for (std::uint32_t f = 0; f < r.family.size(); ++f)
        if (f != top && r.family[f] >= 0.01) order.push_back(f);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return r.family[a] > r.family[b]; });
    double rest = 0;
    for (std::uint32_t f : order) rest += r.family[f];
    for (std::uint32_t f : order) {
        if (v.classes.size() >= 5) break;
        v.classes.push_back(entry(f, rest > 0 ? r.family[f] / rest * (1 - pf) : 0));
    }
    return v;
}

OsVerdict VerdictModel::judge(const std::vector<match::OsMatch>& scores) const {
    return verdict_from(raw(scores, beta_));
}

OsVerdict VerdictModel::judge(match::OsMatcher& matcher, const Fingerprint& fp) const {
    return judge(matcher.score_all(fp));
}

VerdictModel VerdictModel::fit(const db::OsDb& db, match::OsMatcher& matcher, const FitOptions& options) {
    VerdictModel m(db);
    m.soft_pick_ = options.soft_pick;
    m.left_out_ = options.leave_out == LeaveOut::group ? m.print_group_ : m.print_name_;
    const auto count = static_cast<std::uint32_t>(db.prints().size());
    std::vector<std::uint32_t> sample;
    for (std::uint32_t p = 0; p < count; ++p)
        if (!m.print_family_[p].empty()) sample.push_back(p);
    std::mt19937_64 rng(options.seed);
    std::shuffle(sample.begin(), sample.end(), rng);
    if (sample.size() > options.subjects) sample.resize(options.subjects);
    std::sort(sample.begin(), sample.end());
    // Each subject's scores, matched once.
    std::vector<std::vector<match::OsMatch>> scores;
    scores.reserve(sample.size());
    for (std::uint32_t p : sample) scores.push_back(matcher.score_all(draw_subject(db, p, Draw::random, rng)));

    auto names = [](const std::vector<Share>& shares, std::uint32_t id) {
        for (const Share& s : shares)
            if (s.id == id) return true;
        return false;
    };
    // beta: the best log-likelihood of the subjects' own families.
    double best_ll = -1e300;
    for (double beta : {6.0, 10.0, 16.0, 24.0, 36.0, 54.0, 80.0}) {
        double ll = 0;
        for (std::size_t i = 0; i < sample.size(); ++i) {
            Raw r = m.raw(scores[i], beta, m.left_out_[sample[i]]);
            double p = 0;
            for (const Share& s : m.print_family_[sample[i]]) p = std::max(p, r.family[s.id]);
            ll += std::log(std::max(p, 1e-4));
        }
        if (ll > best_ll) {
            best_ll = ll;
            m.beta_ = beta;
        }
    }
    // The calibrations, on the same leave-one-name-out posteriors.
    std::vector<Sample> fam, gen;
    for (std::size_t i = 0; i < sample.size(); ++i) {
        std::uint32_t p = sample[i];
        Raw r = m.raw(scores[i], m.beta_, m.left_out_[p]);
        Pick k = m.pick(r);
        if (!k.family) continue;
        bool fam_right = names(m.print_family_[p], *k.family);
        fam.push_back({{logit(r.family[*k.family]), (r.family_best[*k.family] - 0.9) * 10, k.family_margin * 10, 1},
                       fam_right});
        if (k.generation) {
            bool gen_right = fam_right && names(m.print_gen_[p], *k.generation);
            gen.push_back({{logit(r.generation[*k.generation]), (r.gen_best[*k.generation] - 0.9) * 10,
                            k.generation_margin * 10, 1},
                           gen_right});
        }
    }
    m.family_cal_ = fit_logistic(fam);
    m.generation_cal_ = fit_logistic(gen);
    return m;
}

}  // namespace whorl::fp::verdict
