// whorl-eval-verdict OLDER NEWER: how well whorl's verdict names OSes that a database does
// not hold. The model is fitted on OLDER alone (as whorl fits it at load); the subjects
// are drawn from the prints NEWER added (names OLDER lacks): the first alternative of each
// value, the middle of each range. For each: whorl's verdict and Nmap's nearest match,
// both against OLDER. Reports the share with the right family and generation, the
// calibration (expected calibration error over 10 bins, and how often a verdict stated at
// 90 % or more is wrong) and, with --details FILE, one line per subject.
// tools/eval-verdict.sh runs it on Debian 12's and Debian 13's databases.
#include <algorithm>
#include <chrono>
#include <vector>
#include <cstdio>
#include <set>
#include <string>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/db/os_db.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/verdict/family_names.hpp"
#include "fp/verdict/os_verdict.hpp"
#include "fp/verdict/subject.hpp"

using namespace whorl;

namespace {

struct Tally {
    std::size_t n = 0, family = 0, generation = 0, named_generation = 0, abstained = 0, high = 0, high_wrong = 0;
    // Subjects one of whose (family, generation) classes OLDER holds, and how many of
    // those got the generation right: a generation OLDER lacks cannot be named from it.
    std::size_t generation_known = 0, known_generation_right = 0;
    double bins_conf[10] = {}, bins_right[10] = {};
    std::size_t bins_n[10] = {};
    void stated(double p, bool right) {
        int b = std::min(9, static_cast<int>(p * 10));
        bins_conf[b] += p;
        bins_right[b] += right;
        ++bins_n[b];
        if (p >= 0.9) {
            ++high;
            high_wrong += !right;
        }
    }
    double ece() const {
        double e = 0;
        std::size_t total = 0;
        for (int b = 0; b < 10; ++b) total += bins_n[b];
        for (int b = 0; b < 10; ++b)
            if (bins_n[b]) e += std::abs(bins_conf[b] - bins_right[b]) / static_cast<double>(total);
        return e;
    }
};

std::string pct(std::size_t a, std::size_t b) { return b ? fmt::format("{:.1f} %", 100.0 * a / b) : "-"; }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: whorl-eval-verdict OLDER_NMAP_OS_DB NEWER_NMAP_OS_DB [--own WHORL_OS_DB] [--details FILE] "
                             "[--leave-out-group] [--strict]\n");
        return 2;
    }
    std::string details_path, own_path;
    bool strict = false;
    fp::verdict::FitOptions options;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--details" && i + 1 < argc) details_path = argv[++i];
        if (a == "--own" && i + 1 < argc) own_path = argv[++i];
        if (a == "--subjects" && i + 1 < argc) options.subjects = std::stoul(argv[++i]);
        if (a == "--leave-out-group") options.leave_out = fp::verdict::LeaveOut::group;
        if (a == "--abstain-below" && i + 1 < argc) options.abstain_below = std::stod(argv[++i]);
        if (a == "--generation-from" && i + 1 < argc) options.generation_from = std::stod(argv[++i]);
        if (a == "--leave-out-name") options.leave_out = fp::verdict::LeaveOut::name;
        if (a == "--leave-out-both") options.leave_out = fp::verdict::LeaveOut::name_and_group;
        if (a == "--strict") strict = true;
        if (a == "--new-group-share" && i + 1 < argc) options.new_group_share = std::stod(argv[++i]);
    }
    auto older = fp::db::OsDb::load(argv[1]);
    auto newer = fp::db::OsDb::load(argv[2]);
    if (!older || !newer) {
        std::fprintf(stderr, "%s\n", (!older ? older.error() : newer.error()).describe().c_str());
        return 1;
    }
    const std::size_t nmap_prints = older->prints().size();
    if (!own_path.empty()) {
        auto text = read_file(own_path);
        if (!text) {
            std::fprintf(stderr, "%s\n", text.error().describe().c_str());
            return 1;
        }
        auto with = fp::db::OsDb::with_prints_from(std::move(*older), *text, own_path);
        if (!with) {
            std::fprintf(stderr, "%s\n", with.error().describe().c_str());
            return 1;
        }
        older = std::move(with);
    }
    fp::match::OsMatcher matcher(*older);
    auto t0 = std::chrono::steady_clock::now();
    auto model = fp::verdict::VerdictModel::fit(*older, options);
    auto fit_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    std::set<std::string> old_names;
    for (const auto& p : older->prints()) old_names.insert(p.name);
    FILE* details = details_path.empty() ? nullptr : std::fopen(details_path.c_str(), "w");
    if (details)
        std::fprintf(details, "subject\tsubject classes\twhorl verdict\tright family\tright generation\tnmap nearest\t"
                              "right family\tright generation\n");

    // Families the older database names at all: a subject none of whose classes it knows
    // cannot be named by any match against it (7.95 files lwIP stacks under a new "lwIP"
    // family); those are counted apart, where abstaining is the right answer.
    std::vector<std::pair<std::string, std::string>> old_families;
    for (const auto& p : older->prints())
        for (const auto& c : p.classes) old_families.emplace_back(c.vendor, c.family);
    std::sort(old_families.begin(), old_families.end());
    old_families.erase(std::unique(old_families.begin(), old_families.end()), old_families.end());
    std::vector<const fp::db::OsClass*> old_classes;
    for (const auto& p : older->prints())
        for (const auto& c : p.classes) old_classes.push_back(&c);
    Tally whorl, nmap, whorl_unknown;
    std::mt19937_64 rng(1);
    double judge_ms = 0;
    for (std::uint32_t p = 0; p < newer->prints().size(); ++p) {
        const auto& rp = newer->prints()[p];
        if (old_names.count(rp.name) || rp.classes.empty()) continue;
        auto subject = fp::verdict::draw_subject(*newer, p, fp::verdict::Draw::first_middle, rng);
        // Right: a class of the subject's print names the family (after renames; by vendor
        // where either side is "embedded", fp/verdict/family_names.hpp), and for the
        // generation, that class names it too, a class without a generation matching a
        // verdict that names none. --strict: the family text must be equal.
        auto same = [&](const std::string& vendor, const std::string& family, const fp::db::OsClass& c) {
            return strict ? c.family == family : fp::verdict::same_family(vendor, family, c.vendor, c.family);
        };
        auto family_right = [&](const std::string& vendor, const std::string& family) {
            for (const auto& c : rp.classes)
                if (same(vendor, family, c)) return true;
            return false;
        };
        auto generation_right = [&](const std::string& vendor, const std::string& family,
                                    const std::optional<std::string>& gen) {
            for (const auto& c : rp.classes)
                if (c.generation == gen && same(vendor, family, c)) return true;
            return false;
        };
        bool known = false;
        for (const auto& c : rp.classes)
            for (const auto& [vendor, family] : old_families)
                known = known || (strict ? c.family == family : fp::verdict::same_family(vendor, family, c.vendor, c.family));
        bool generation_known = false;
        for (const auto& c : rp.classes)
            for (const fp::db::OsClass* o : old_classes)
                generation_known = generation_known ||
                    (o->generation == c.generation && (strict ? c.family == o->family
                                                              : fp::verdict::same_family(o->vendor, o->family, c.vendor, c.family)));
        std::string classes;
        for (const auto& c : rp.classes)
            classes += fmt::format("{}{}|{}|{}", classes.empty() ? "" : "; ", c.vendor, c.family, c.generation.value_or(""));
        // whorl
        auto t1 = std::chrono::steady_clock::now();
        auto v = model.judge(matcher, subject);
        judge_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
        if (!known) {
            ++whorl_unknown.n;
            whorl_unknown.abstained += v.abstained;
            if (!v.abstained) whorl_unknown.stated(v.classes.front().probability, false);
            if (details)
                std::fprintf(details, "%s\t%s\t%s\tnew family\t\t\t\t\n", rp.name.c_str(), classes.c_str(), v.text().c_str());
            continue;
        }
        ++whorl.n;
        whorl.generation_known += generation_known;
        nmap.generation_known += generation_known;
        bool fam_right = false, gen_right = false;
        if (v.abstained) {
            ++whorl.abstained;
        } else {
            // What the verdict names: one class or several it cannot tell apart, right
            // when one of them is (as Nmap's nearest print is judged by any of its classes).
            bool named_gen = false;
            for (std::size_t i = 0; i < std::max<std::size_t>(v.named, 1); ++i) {
                const auto& c = v.classes[i];
                bool f = family_right(c.vendor, c.family);
                fam_right = fam_right || f;
                gen_right = gen_right || (f && generation_right(c.vendor, c.family, c.generation));
                named_gen = named_gen || c.generation.has_value();
            }
            whorl.family += fam_right;
            whorl.generation += gen_right;
            whorl.named_generation += gen_right && named_gen;
            whorl.known_generation_right += generation_known && gen_right;
            whorl.stated(v.named ? v.probability : v.classes.front().probability, named_gen ? gen_right : fam_right);
        }
        // Nmap's nearest print (its list's first entry), its accuracy as the stated number.
        auto r = matcher.match(subject);
        ++nmap.n;
        std::string nearest = "no match";
        bool nf = false, ng = false, nng = false;
        if (!r.matches.empty()) {
            const auto& best = older->prints()[r.matches.front().print];
            for (const auto& c : best.classes) {
                bool f = family_right(c.vendor, c.family);
                nf = nf || f;
                ng = ng || (f && generation_right(c.vendor, c.family, c.generation));
                nng = nng || (f && c.generation && generation_right(c.vendor, c.family, c.generation));
            }
            nmap.family += nf;
            nmap.generation += ng;
            nmap.named_generation += nng;
            nmap.known_generation_right += generation_known && ng;
            nmap.stated(r.matches.front().accuracy, nf);
            nearest = fmt::format("{} ({}%)", best.name, fp::match::accuracy_percent(r.matches.front().accuracy));
        } else {
            ++nmap.abstained;
        }
        if (details)
            std::fprintf(details, "%s\t%s\t%s\t%d\t%d\t%s\t%d\t%d\n", rp.name.c_str(), classes.c_str(), v.text().c_str(),
                         fam_right, gen_right, nearest.c_str(), nf, ng);
    }
    if (details) std::fclose(details);
    std::printf("older: %s (%zu prints, Nmap %s rules)%s\nnewer: %s (%zu prints)\n", argv[1], nmap_prints,
                std::string(fp::nmap_version_text(older->behaviour())).c_str(),
                own_path.empty() ? "" : fmt::format(", and {} of whorl's own ({})", older->prints().size() - nmap_prints, own_path).c_str(),
                newer->file().c_str(), newer->prints().size());
    std::printf("subjects: %zu prints the newer database added (first alternative, middle of each range), of a family "
                "the older one knows%s; %zu more of families it does not know\n",
                whorl.n, strict ? " (family text equal)" : " (after renames; embedded by vendor)", whorl_unknown.n);
    std::printf("model: fitted on the older database in %.0f ms (%s left out); verdict %.3f ms per subject\n", fit_ms,
                options.leave_out == fp::verdict::LeaveOut::group  ? "groups"
                : options.leave_out == fp::verdict::LeaveOut::name ? "names"
                                                                    : "names, then groups",
                whorl.n ? judge_ms / static_cast<double>(whorl.n) : 0.0);
    std::printf("\n%-20s %-9s %-11s %-11s %-11s %-10s %-7s %s\n", "", "family", "answered:", "generation", "generation",
                "abstained", "ECE", ">= 90 % stated:");
    std::printf("%-20s %-9s %-11s %-11s %-11s %-10s %-7s %s\n", "", "right", "family right", "right", "named+right", "", "",
                "wrong");
    for (auto [name, t] : {std::pair{"whorl verdict", &whorl}, std::pair{"nmap nearest match", &nmap}})
        std::printf("%-20s %-9s %-11s %-11s %-11s %-10s %-7.3f %zu of %zu (%s)\n", name, pct(t->family, t->n).c_str(),
                    pct(t->family, t->n - t->abstained).c_str(), pct(t->generation, t->n).c_str(),
                    pct(t->named_generation, t->n).c_str(), pct(t->abstained, t->n).c_str(), t->ece(), t->high_wrong,
                    t->high, pct(t->high_wrong, t->high).c_str());
    std::printf("\nreliability (stated probability bin: verdicts, mean stated, share right)\n");
    for (auto [name, t] : {std::pair{"whorl verdict", &whorl}, std::pair{"nmap nearest match", &nmap}}) {
        std::printf("%-20s", name);
        for (int b = 0; b < 10; ++b)
            if (t->bins_n[b])
                std::printf(" %d0s: %zu, %.2f, %.2f;", b, t->bins_n[b], t->bins_conf[b] / static_cast<double>(t->bins_n[b]),
                            t->bins_right[b] / static_cast<double>(t->bins_n[b]));
        std::printf("\n");
    }
    std::printf("\ngeneration right where the older database holds the subject's generation (%zu subjects): "
                "whorl %s, nmap nearest %s\n", whorl.generation_known,
                pct(whorl.known_generation_right, whorl.generation_known).c_str(),
                pct(nmap.known_generation_right, nmap.generation_known).c_str());
    std::printf("%-20s whorl abstained on %zu of %zu (stated >= 90 %%: %zu)\n", "families not in older",
                whorl_unknown.abstained, whorl_unknown.n, whorl_unknown.high);
    return 0;
}
