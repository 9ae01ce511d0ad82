// HostFusion: a naive-Bayes posterior over OS families from every observation of a host.
//
// Each observation is a noisy report: with probability r (its reliability = the source's
// weight x the classifier's strength x a recency factor) it names the true family, else
// a family at random among the K = 10. Its likelihood ratio for the family it names is then
// 1 + K r / (1 - r). Observations are grouped in channels of related signals (everything
// read from TCP handshakes, everything from HTTP, TLS, DHCP, ICMP); channels are taken as
// independent and their log-likelihood ratios add, but inside a channel the strongest
// observation per family counts fully and the others only by kChannelRepeat, since
// p0f, whorl and Ettercap reading the same SYN are not three witnesses. Kernel-level
// channels (TCP, ICMP) also lend kKernelShare of their weight to the families that share
// the kernel (a Linux TCP signature says "Linux kernel", which Android and ChromeOS run;
// macOS and iOS share XNU). The posterior over the K families with a uniform prior is the
// verdict's confidence. docs/decisions/0009-passive-fusion.md explains the choices.
#include "fp/fusion/host_fusion.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <span>

namespace whorl::fp::passive {
namespace {

constexpr std::size_t kFamilySlots = HostFusion::kFamilySlots;
constexpr double kFamilyCount = 10;         // K: every family but `unknown`
constexpr double kMaxReliability = 0.995;
constexpr double kChannelRepeat = 0.25;  // weight of a channel's 2nd, 3rd... observation
constexpr double kKernelShare = 0.5;     // share lent to a family with the same kernel
constexpr double kMinAlternative = 0.01;

enum class Channel : std::uint8_t { tcp, http, dhcp, icmp, tls, none };
constexpr std::size_t kChannels = 5;

Channel channel_of(EvidenceSource s) {
    switch (s) {
        case EvidenceSource::p0f_syn:
        case EvidenceSource::p0f_synack:
        case EvidenceSource::whorl_syn:
        case EvidenceSource::whorl_synack:
        case EvidenceSource::nmap_synack:
        case EvidenceSource::mercury_syn:
        case EvidenceSource::ettercap: return Channel::tcp;
        case EvidenceSource::p0f_http_request:
        case EvidenceSource::p0f_http_response:
        case EvidenceSource::user_agent: return Channel::http;
        case EvidenceSource::dhcp: return Channel::dhcp;
        case EvidenceSource::icmp: return Channel::icmp;
        case EvidenceSource::tls_client: return Channel::tls;
        case EvidenceSource::mtu:
        case EvidenceSource::uptime: return Channel::none;
    }
    return Channel::none;
}

bool kernel_level(Channel c) { return c == Channel::tcp || c == Channel::icmp; }

// Families running the same kernel as `f` (besides f itself).
std::span<const OsFamily> kernel_relatives(OsFamily f) {
    static constexpr OsFamily kLinux[] = {OsFamily::android, OsFamily::chromeos};
    static constexpr OsFamily kAndroid[] = {OsFamily::linux, OsFamily::chromeos};
    static constexpr OsFamily kChromeos[] = {OsFamily::linux, OsFamily::android};
    static constexpr OsFamily kMacos[] = {OsFamily::ios};
    static constexpr OsFamily kIos[] = {OsFamily::macos};
    switch (f) {
        case OsFamily::linux: return kLinux;
        case OsFamily::android: return kAndroid;
        case OsFamily::chromeos: return kChromeos;
        case OsFamily::macos: return kMacos;
        case OsFamily::ios: return kIos;
        default: return {};
    }
}

bool related(OsFamily a, OsFamily b) {
    auto r = kernel_relatives(a);
    return std::find(r.begin(), r.end(), b) != r.end();
}

double log_likelihood_ratio(double r) { return std::log1p(kFamilyCount * r / (1.0 - r)); }

bool same_observation(const Evidence& a, const Evidence& b) {
    return a.source == b.source && a.family == b.family && a.name == b.name && a.flavor == b.flavor &&
           a.detail == b.detail;
}

}  // namespace

double source_weight(EvidenceSource s) {
    switch (s) {
        case EvidenceSource::p0f_syn: return 0.85;
        case EvidenceSource::p0f_synack: return 0.80;
        case EvidenceSource::p0f_http_request: return 0.50;
        case EvidenceSource::p0f_http_response: return 0.40;
        case EvidenceSource::whorl_syn: return 0.85;
        case EvidenceSource::whorl_synack: return 0.80;
        // Set by hand like the others (docs/decisions/0022): a signature pooled from Nmap's
        // prints already carries its share in the label's kind (specific from 80 %), and
        // the window is exact only for a client with Nmap's MSS; below p0f's own.
        case EvidenceSource::nmap_synack: return 0.70;
        // Set by hand (docs/decisions/0009): mercury's sightings are of its own population of
        // hosts, and only a family holding 80 % of them is named; below p0f's SYN signatures.
        case EvidenceSource::mercury_syn: return 0.75;
        case EvidenceSource::ettercap: return 0.45;
        case EvidenceSource::user_agent: return 0.75;
        case EvidenceSource::dhcp: return 0.85;
        case EvidenceSource::icmp: return 0.30;
        // Set by hand like the others (docs/decisions/0009): below the User-Agent, since a
        // ClientHello names a TLS library and mercury's table only its population's OSes.
        case EvidenceSource::tls_client: return 0.60;
        case EvidenceSource::mtu:
        case EvidenceSource::uptime: return 0.0;
    }
    return 0.0;
}

namespace {

double recency_factor(std::int64_t time_us, std::int64_t newest_us, std::int64_t half_life_us) {
    if (half_life_us <= 0 || time_us >= newest_us) return 1.0;
    double age = static_cast<double>(newest_us - time_us);
    return std::exp2(-age / static_cast<double>(half_life_us));
}

double reliability_of(EvidenceSource source, OsFamily family, double strength, double recency) {
    if (family == OsFamily::unknown) return 0.0;
    double r = source_weight(source) * std::clamp(strength, 0.0, 1.0) * recency;
    return std::clamp(r, 0.0, kMaxReliability);
}

}  // namespace

double HostFusion::recency(const Evidence& e) const { return recency_factor(e.time_us, newest_us_, half_life_us_); }

double HostFusion::reliability(const Evidence& e) const {
    if (e.family == OsFamily::unknown) return 0.0;
    return reliability_of(e.source, e.family, e.strength, recency(e));
}

double HostFusion::reliability(const Entry& e) const {
    if (e.evidence->family == OsFamily::unknown) return 0.0;
    return reliability_of(e.evidence->source, e.evidence->family, e.strength,
                          recency_factor(e.time_us, newest_us_, half_life_us_));
}

std::uint64_t evidence_key(const Evidence& e) {
    // FNV-1a over the fields, each text ended by its length so that ("ab", "c") and
    // ("a", "bc") differ.
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto byte = [&h](std::uint8_t b) { h = (h ^ b) * 0x100000001b3ULL; };
    auto text = [&](const std::string& s) {
        for (char c : s) byte(static_cast<std::uint8_t>(c));
        for (int i = 0; i < 4; ++i) byte(static_cast<std::uint8_t>(s.size() >> (8 * i)));
    };
    byte(static_cast<std::uint8_t>(e.source));
    byte(static_cast<std::uint8_t>(e.family));
    text(e.name);
    text(e.flavor);
    text(e.detail);
    return h;
}

std::uint64_t next_evidence_serial() {
    static std::atomic<std::uint64_t> next{0};
    return ++next;
}

void HostFusion::add(Evidence e) {
    const EvidenceId id{evidence_key(e), 0};
    add(e, nullptr, id, e.time_us);
}

SharedEvidence share_evidence(Evidence e) {
    e.time_us = 0;
    const EvidenceId id{evidence_key(e), next_evidence_serial()};
    return SharedEvidence{std::make_shared<const Evidence>(std::move(e)), id};
}

void HostFusion::add(const SharedEvidence& e, std::int64_t time_us) { add(*e.evidence, &e.evidence, e.id, time_us); }

// `shared`: the caller's shared copy of `e`, stored as is; null to store a copy.
void HostFusion::add(const Evidence& e, const std::shared_ptr<const Evidence>* shared, EvidenceId id,
                     std::int64_t time_us) {
    if (!any_ || time_us > newest_us_) newest_us_ = time_us;
    any_ = true;
    evidence_valid_ = false;
    std::uint8_t& hint = last_entry_[static_cast<std::size_t>(e.source)];
    auto merge = [&](std::size_t i) {
        Entry& old = entries_[i];
        old.count += std::max<std::uint32_t>(e.count, 1);
        old.time_us = std::max(old.time_us, time_us);
        old.strength = std::max(old.strength, e.strength);
        hint = static_cast<std::uint8_t>(i);
    };
    if (id.serial != 0) {
        if (hint < entries_.size() && entries_[hint].id.serial == id.serial) return merge(hint);
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (entries_[i].id.serial == id.serial) return merge(i);
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& old = entries_[i];
        if (old.id.key != id.key || !same_observation(*old.evidence, e)) continue;
        if (id.serial != 0) old.id.serial = id.serial;  // found by serial from now on
        return merge(i);
    }
    entries_.push_back(Entry{shared ? *shared : std::make_shared<const Evidence>(e), id, e.strength, time_us, e.count});
    if (entries_.size() <= max_evidence_) return;
    // Over the cap: drop the observation that now says least (weak and old), the oldest
    // of equals.
    auto weakest = std::min_element(entries_.begin(), entries_.end(), [&](const Entry& a, const Entry& b) {
        double ra = reliability(a), rb = reliability(b);
        return ra != rb ? ra < rb : a.time_us < b.time_us;
    });
    entries_.erase(weakest);
}

const std::vector<Evidence>& HostFusion::evidence() const {
    if (!evidence_valid_) {
        evidence_.clear();
        evidence_.reserve(entries_.size());
        for (const Entry& en : entries_) {
            Evidence& e = evidence_.emplace_back(*en.evidence);
            e.strength = en.strength;
            e.time_us = en.time_us;
            e.count = en.count;
        }
        evidence_valid_ = true;
    }
    return evidence_;
}

void HostFusion::clear() {
    newest_us_ = 0;
    any_ = false;
    entries_.clear();
    evidence_.clear();
    evidence_valid_ = true;
}

std::array<double, kFamilySlots> HostFusion::scores(const std::vector<double>& rel) const {
    // Log-likelihood contributions per channel and family; per channel and family the
    // strongest counts fully, the others by kChannelRepeat.
    std::array<std::array<std::vector<double>, kFamilySlots>, kChannels> parts;
    const std::vector<Evidence>& all = evidence();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Evidence& e = all[i];
        Channel c = channel_of(e.source);
        if (c == Channel::none || rel[i] <= 0) continue;
        double llr = log_likelihood_ratio(rel[i]);
        auto& row = parts[static_cast<std::size_t>(c)];
        row[static_cast<std::size_t>(e.family)].push_back(llr);
        if (kernel_level(c))
            for (OsFamily f : kernel_relatives(e.family)) row[static_cast<std::size_t>(f)].push_back(kKernelShare * llr);
    }
    std::array<double, kFamilySlots> score{};
    score[0] = -1;  // `unknown` never wins; stays negative when nothing names a family
    for (auto& row : parts) {
        for (std::size_t f = 1; f < kFamilySlots; ++f) {
            auto& v = row[f];
            if (v.empty()) continue;
            std::sort(v.begin(), v.end(), std::greater<>());
            double s = v[0];
            for (std::size_t j = 1; j < v.size(); ++j) s += kChannelRepeat * v[j];
            score[f] += s;
            score[0] = 0;
        }
    }
    return score;
}

OsVerdict HostFusion::verdict() const {
    const std::vector<Evidence>& all = evidence();
    std::vector<double> rel(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) rel[i] = reliability(all[i]);
    auto score = scores(rel);
    OsVerdict out;
    if (score[0] < 0) return out;

    // Posterior with a uniform prior over the K families (log-sum-exp for stability).
    std::size_t best = 1;
    for (std::size_t f = 2; f < kFamilySlots; ++f)
        if (score[f] > score[best]) best = f;
    double denom = 0;
    for (std::size_t f = 1; f < kFamilySlots; ++f) denom += std::exp(score[f] - score[best]);
    out.family = static_cast<OsFamily>(best);
    out.confidence = 1.0 / denom;
    for (std::size_t f = 1; f < kFamilySlots; ++f) {
        double p = std::exp(score[f] - score[best]) / denom;
        if (f != best && p >= kMinAlternative) out.alternatives.emplace_back(static_cast<OsFamily>(f), p);
    }
    std::sort(out.alternatives.begin(), out.alternatives.end(),
              [](const auto& a, const auto& b) { return a.second > b.second; });
    explain(out, rel);
    return out;
}

void HostFusion::explain(OsVerdict& out, const std::vector<double>& rel) const {
    // Support: the family's own evidence and kernel-level evidence of a relative;
    // conflict: every other named family. Strongest (then newest) first.
    const std::vector<Evidence>& all = evidence();
    std::vector<std::size_t> order(all.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return rel[a] != rel[b] ? rel[a] > rel[b] : all[a].time_us > all[b].time_us;
    });
    for (std::size_t i : order) {
        const Evidence& e = all[i];
        if (e.family == OsFamily::unknown) continue;
        bool kin = kernel_level(channel_of(e.source)) && related(e.family, out.family);
        if (e.family == out.family || kin)
            out.support.push_back(&e);
        else if (rel[i] > 0)
            out.conflict.push_back(&e);
    }
    // Name and flavor from the strongest evidence of the family itself; the flavor from
    // the strongest one with the same name that has one.
    for (const Evidence* e : out.support) {
        if (e->family != out.family) continue;
        if (out.name.empty()) out.name = e->name;
        if (e->name == out.name && !e->flavor.empty()) {
            out.flavor = e->flavor;
            break;
        }
    }
}

}  // namespace whorl::fp::passive
