// whorl-eval-tls-os [TABLE]: how well the TLS OS model (fp/tls/tls_os_model.hpp) names the
// OS family of ClientHellos it has never seen. mercury's table (data/mercury/tls-os.tsv) is
// split before anything is built: a fingerprint whose SHA-256 starts with a byte divisible
// by 5 is held out (about a fifth), the model is built from the rest, and each held-out
// fingerprint is classified. Its true family is the one holding most of its sightings.
// Reports the share named right (per fingerprint, and per sighting: the share of its
// sightings the named family holds), the expected calibration error over 10 bins, and how
// often a family stated at >= 80 % is right; and the version (Windows release, macOS
// major.minor, distribution release) of the heaviest OS the vote names in that family.
// tools/eval-tls-os.sh runs it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "base/sha256.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/tls/mercury_table.hpp"
#include "fp/tls/tls_os_model.hpp"

using namespace whorl;

namespace {

// The version a user means: Windows by product (windows_7, windows_10), macOS by its first
// two numbers (10.15, 11.2), a Linux distribution by product and major release.
std::string version_key(const std::string& os) {
    std::size_t c1 = os.find(':'), c2 = os.find(':', c1 + 1);
    if (c1 == std::string::npos || c2 == std::string::npos) return os;
    std::string product = os.substr(c1 + 1, c2 - c1 - 1), version = os.substr(c2 + 1);
    if (os.starts_with("microsoft:")) return product;
    std::size_t dot = version.find('.');
    if (os.starts_with("apple:")) {
        std::size_t dot2 = dot == std::string::npos ? dot : version.find('.', dot + 1);
        return product + " " + version.substr(0, dot2);
    }
    return product + " " + version.substr(0, dot);
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    if (argc > 1) {
        path = argv[1];
    } else if (auto dir = fp::db::whorl_data_dir()) {
        path = *dir + "/mercury/tls-os.tsv";
    }
    auto table = fp::tls::MercuryTable::load(path);
    if (!table) {
        std::fprintf(stderr, "whorl-eval-tls-os: %s\n", table.error().describe().c_str());
        return 1;
    }
    std::vector<std::pair<std::string, fp::tls::MercuryEntry>> train, test;
    table->for_each([&](const std::string& fp, const fp::tls::MercuryEntry& e) {
        auto first = sha256(as_bytes(fp))[0];
        (first % 5 == 0 ? test : train).emplace_back(fp, e);
    });
    // A fixed order, so the nearest-entry ties (and the numbers) do not depend on hashing.
    std::sort(train.begin(), train.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(test.begin(), test.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    auto t0 = std::chrono::steady_clock::now();
    fp::tls::TlsOsModel model(train);
    double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    std::size_t n = 0, right = 0, high = 0, high_right = 0, unplaced = 0, version_right = 0, decisive = 0,
                decisive_right = 0;
    double sightings = 0, sightings_right = 0, classify_ms = 0;
    double bin_conf[10] = {}, bin_out[10] = {};
    std::size_t bin_n[10] = {};
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_family;  // truth -> (n, right)
    for (const auto& [fp, e] : test) {
        std::map<std::string, double> truth;
        for (const auto& s : e.shares) {
            std::string f(fp::tls::tls_os_family(s.os));
            truth[f.empty() ? "other" : f] += s.share;
        }
        auto true_family = std::max_element(truth.begin(), truth.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
        auto t1 = std::chrono::steady_clock::now();
        auto g = model.classify(fp);
        classify_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
        ++n;
        if (!g) {
            ++unplaced;
            continue;
        }
        std::map<std::string, double> versions;
        for (const auto& sh : e.shares) versions[version_key(sh.os)] += sh.share;
        auto true_version = std::max_element(versions.begin(), versions.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
        version_right += version_key(g->os) == true_version;
        double share = truth.count(g->family) ? truth[g->family] : 0.0;
        bool ok = g->family == true_family;
        right += ok;
        per_family[true_family].first++;
        per_family[true_family].second += ok;
        sightings += static_cast<double>(e.observations);
        sightings_right += static_cast<double>(e.observations) * share;
        int b = std::min(9, static_cast<int>(g->probability * 10));
        bin_conf[b] += g->probability;
        bin_out[b] += share;
        ++bin_n[b];
        if (g->decisive()) {
            ++decisive;
            decisive_right += ok;
        }
        if (g->probability >= 0.8) {
            ++high;
            high_right += ok;
        }
    }
    double ece = 0;
    for (int b = 0; b < 10; ++b) ece += std::abs(bin_conf[b] - bin_out[b]) / static_cast<double>(n);
    std::printf("table: %s (%zu fingerprints)\n", path.c_str(), table->size());
    std::printf("split: %zu to build the model, %zu held out (SHA-256 of the fingerprint, first byte %% 5 == 0)\n",
                train.size(), test.size());
    std::printf("model: built in %.0f ms; %.2f ms per held-out hello\n\n", build_ms, n ? classify_ms / static_cast<double>(n) : 0.0);
    std::printf("family right:                %.1f %% of %zu held-out fingerprints (%zu not placed)\n",
                100.0 * static_cast<double>(right) / static_cast<double>(n), n, unplaced);
    std::printf("version right:               %.1f %% (Windows release, macOS major.minor, distribution release)\n",
                100.0 * static_cast<double>(version_right) / static_cast<double>(n));
    std::printf("sightings named right:       %.1f %% (each weighted by how often mercury saw it; a hello\n"
                "                             several OSes send counts by the share of the one named)\n",
                sightings ? 100.0 * sightings_right / sightings : 0.0);
    std::printf("expected calibration error:  %.3f (10 bins; outcome: the named family's share of the sightings)\n", ece);
    std::printf("stated at >= 80 %%:           %zu, right %.1f %%\n\n", high,
                high ? 100.0 * static_cast<double>(high_right) / static_cast<double>(high) : 0.0);
    std::printf("decisive (likelihood ratio >= 10 against every family the table knows, nearest >= 0.8):\n"
                "                             %.1f %% of the held-out, right %.1f %% (what whorl's fusion uses)\n\n",
                100.0 * static_cast<double>(decisive) / static_cast<double>(n),
                decisive ? 100.0 * static_cast<double>(decisive_right) / static_cast<double>(decisive) : 0.0);
    std::printf("%-10s %8s %8s\n", "truth", "held out", "right");
    for (const auto& [family, c] : per_family)
        std::printf("%-10s %8zu %7.1f %%\n", family.c_str(), c.first, 100.0 * static_cast<double>(c.second) / static_cast<double>(c.first));
    std::printf("\nreliability (stated -> outcome, count):\n");
    for (int b = 0; b < 10; ++b)
        if (bin_n[b])
            std::printf("  %.1f-%.1f: %.2f -> %.2f (%zu)\n", b / 10.0, (b + 1) / 10.0, bin_conf[b] / static_cast<double>(bin_n[b]),
                        bin_out[b] / static_cast<double>(bin_n[b]), bin_n[b]);
    return 0;
}
