// The nearest-entries vote over mercury's TLS table; see tls_os_model.hpp.
#include "fp/tls/tls_os_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace whorl::fp::tls {

namespace {

constexpr double kKnownFamily = 0.001;  // of all sightings, for a family's likelihood to count
constexpr double kMaxRatio = 1000;

bool starts_with_product(std::string_view os, std::string_view vendor, std::string_view product_prefix) {
    std::size_t colon = os.find(':');
    if (colon == std::string_view::npos || os.substr(0, colon) != vendor) return false;
    return os.substr(colon + 1).starts_with(product_prefix);
}

// "(0303)(c02b...)((0000)(000a...)...)" -> its parts as text tokens.
std::vector<std::string_view> tokens(std::string_view fp) {
    std::vector<std::string_view> out;
    std::size_t close = fp.find(')');
    if (fp.size() < 2 || fp[0] != '(' || close == std::string_view::npos) return out;
    out.push_back(fp.substr(0, close + 1));  // "(0303)": the version, with its brackets
    std::size_t open = close + 1;
    close = fp.find(')', open);
    if (open >= fp.size() || fp[open] != '(' || close == std::string_view::npos) return out;
    std::string_view ciphers = fp.substr(open + 1, close - open - 1);
    for (std::size_t i = 0; i + 4 <= ciphers.size(); i += 4) out.push_back(ciphers.substr(i, 4));
    for (std::size_t i = close + 2; i < fp.size();) {
        if (fp[i] != '(') break;
        std::size_t end = fp.find(')', i);
        if (end == std::string_view::npos) break;
        std::string_view ext = fp.substr(i + 1, end - i - 1);
        if (ext.size() >= 4) out.push_back(fp.substr(i, 5));  // "(xxxx": the type alone
        if (ext.size() > 4) out.push_back(fp.substr(i, end - i + 1));  // with its contents
        i = end + 1;
    }
    return out;
}

}  // namespace

std::string_view tls_os_family(std::string_view os) {
    if (os.starts_with("microsoft:windows")) return "Windows";
    if (starts_with_product(os, "apple", "mac_os")) return "Mac OS X";
    if (starts_with_product(os, "apple", "iphone_os") || starts_with_product(os, "apple", "ios")) return "iOS";
    if (starts_with_product(os, "google", "android")) return "Android";
    if (starts_with_product(os, "google", "chrome_os")) return "Chrome OS";
    for (std::string_view linux_vendor : {"canonical:", "debian:", "fedoraproject:", "centos:", "redhat:", "deepin:",
                                          "linux:", "opensuse:", "suse:", "archlinux:", "linuxmint:"})
        if (os.starts_with(linux_vendor)) return "Linux";
    return "";
}

TlsOsModel::TlsOsModel(const MercuryTable& table) {
    table.for_each([this](const std::string& fp, const MercuryEntry& e) { add(fp, e); });
    finish();
}

TlsOsModel::TlsOsModel(const std::vector<std::pair<std::string, MercuryEntry>>& entries) {
    for (const auto& [fp, e] : entries) add(fp, e);
    finish();
}

void TlsOsModel::finish() {
    double total = 0;
    for (const Known& k : entries_)
        for (const OsShare& s : k.entry.shares) {
            std::string family(tls_os_family(s.os));
            double n = s.share * static_cast<double>(k.entry.observations);
            prior_[family.empty() ? "other" : family] += n;
            total += n;
        }
    for (auto& [family, n] : prior_) n /= total;
}

std::vector<std::uint32_t> TlsOsModel::parts_of(std::string_view fingerprint) const {
    std::vector<std::uint32_t> out;
    for (std::string_view t : tokens(fingerprint)) {
        auto it = ids_.find(std::string(t));
        // A part no entry has still counts in the union: a fresh id, never shared.
        out.push_back(it != ids_.end() ? it->second : 0xffffffffu - static_cast<std::uint32_t>(out.size()));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void TlsOsModel::add(std::string_view fingerprint, const MercuryEntry& entry) {
    for (std::string_view t : tokens(fingerprint)) ids_.emplace(std::string(t), static_cast<std::uint32_t>(ids_.size()));
    entries_.push_back({parts_of(fingerprint), entry});
}

std::optional<TlsOsGuess> TlsOsModel::classify(std::string_view mercury_string) const {
    auto parts = parts_of(mercury_string);
    if (parts.empty() || entries_.empty()) return std::nullopt;
    // The kNeighbours most similar entries (ties: the more often seen first).
    struct Near {
        double similarity;
        const Known* known;
    };
    std::vector<Near> best;
    for (const Known& k : entries_) {
        std::size_t common = 0;
        for (std::size_t i = 0, j = 0; i < parts.size() && j < k.parts.size();) {
            if (parts[i] == k.parts[j]) {
                ++common;
                ++i;
                ++j;
            } else if (parts[i] < k.parts[j]) {
                ++i;
            } else {
                ++j;
            }
        }
        double sim = static_cast<double>(common) / static_cast<double>(parts.size() + k.parts.size() - common);
        auto better = [](const Near& a, const Near& b) {
            return a.similarity != b.similarity ? a.similarity > b.similarity : a.known->entry.observations > b.known->entry.observations;
        };
        Near n{sim, &k};
        if (best.size() < kNeighbours) {
            best.push_back(n);
            std::sort(best.begin(), best.end(), better);
        } else if (better(n, best.back())) {
            best.back() = n;
            std::sort(best.begin(), best.end(), better);
        }
    }
    std::map<std::string, double> family_vote;
    std::map<std::pair<std::string, std::string>, double> os_vote;
    double total = 0;
    TlsOsGuess g;
    g.nearest = best.front().similarity;
    for (const Near& n : best) {
        double w = std::pow(n.similarity, 8) * std::log1p(static_cast<double>(n.known->entry.observations));
        g.sightings += n.known->entry.observations;
        for (const OsShare& s : n.known->entry.shares) {
            std::string family(tls_os_family(s.os));
            if (family.empty()) family = "other";
            family_vote[family] += w * s.share;
            os_vote[{family, s.os}] += w * s.share;
            total += w * s.share;
        }
    }
    if (total <= 0) return std::nullopt;
    auto top = std::max_element(family_vote.begin(), family_vote.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
    g.family = top->first;
    g.probability = top->second / total;
    // Against the population: the vote over each family's share of all sightings.
    auto likelihood = [&](const std::string& family, double vote) {
        auto p = prior_.find(family);
        return p == prior_.end() || p->second < kKnownFamily ? -1.0 : vote / total / p->second;
    };
    double own = likelihood(g.family, top->second), other = 0;
    for (const auto& [family, p] : prior_)
        if (family != g.family && p >= kKnownFamily) {
            auto v = family_vote.find(family);
            other = std::max(other, likelihood(family, v == family_vote.end() ? 0.0 : v->second));
        }
    // A family the table hardly knows gets no ratio; one with no rival in the vote the cap.
    g.likelihood_ratio = own < 0 ? 0.0 : other <= 0 ? kMaxRatio : std::min(kMaxRatio, own / other);
    double heaviest = -1;
    for (const auto& [key, v] : os_vote)
        if (key.first == g.family && v > heaviest) {
            heaviest = v;
            g.os = key.second;
        }
    return g;
}

}  // namespace whorl::fp::tls
