// HostFusion: all the evidence seen for one host, weighed into one best OS. Each source
// has a reliability weight (a specific p0f SYN signature says more than an Ettercap key,
// a DHCP parameter list more than a TTL); agreeing observations add up, contradicting ones
// lower the confidence, and the result names the evidence behind it. Pure and
// incremental: add() as packets arrive, verdict() whenever asked.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fp/fusion/evidence.hpp"

namespace whorl::fp::passive {

// A hash of what makes two observations the same one (source, family, name, flavor,
// detail): equal observations have equal keys.
std::uint64_t evidence_key(const Evidence& e);

// Who an observation is, for merging repeats without comparing texts: `key` is
// evidence_key() of its content; `serial`, when not 0, names one remembered copy of that
// content (a classifier's cached answer), from next_evidence_serial(): two adds with the
// same serial are the same observation. Copies made at different times carry different
// serials and are merged by key and content.
struct EvidenceId {
    std::uint64_t key = 0;
    std::uint64_t serial = 0;
};
// A serial no other copy in this process has.
std::uint64_t next_evidence_serial();

// An observation a classifier remembers and hands out again and again, with its identity
// worked out once. Its time is 0: each sighting brings its own.
struct SharedEvidence {
    std::shared_ptr<const Evidence> evidence;
    EvidenceId id;
};
SharedEvidence share_evidence(Evidence e);

// The pointers in `support` and `conflict` point into HostFusion::evidence() and stay valid
// until the next add().
struct OsVerdict {
    OsFamily family = OsFamily::unknown;
    std::string name;    // best name within the family, e.g. "Windows"
    std::string flavor;  // best detail, e.g. "10 or 11"
    // 0..1: the posterior probability of `family` under the fusion's model (independent
    // channels, each observation a noisy report with reliability weight x strength x
    // recency); docs/decisions/0009-passive-fusion.md. 0 when nothing names a family.
    double confidence = 0;
    std::vector<const Evidence*> support;   // evidence for the verdict, strongest first
    std::vector<const Evidence*> conflict;  // evidence for other families, strongest first
    // Every other family with a posterior of at least 1 %, most likely first (NAT, proxies
    // and host changes show here as a second family with a large share).
    std::vector<std::pair<OsFamily, double>> alternatives;
};

class HostFusion {
public:
    // Evidence loses half its weight for every `half_life_us` it is older than the newest
    // evidence of the host (packet time, so the result does not depend on when it is asked).
    static constexpr std::int64_t kDefaultHalfLifeUs = 30LL * 60 * 1000 * 1000;

    // Keeps at most `max_evidence` observations (the oldest weak ones go first).
    explicit HostFusion(std::size_t max_evidence = 64, std::int64_t half_life_us = kDefaultHalfLifeUs)
        : max_evidence_(max_evidence == 0 ? 1 : max_evidence), half_life_us_(half_life_us) {}

    // Adds an observation; an identical one (same source, family, name, flavor, detail)
    // is merged into the stored one (count, latest time, highest strength).
    void add(Evidence e);
    // The same for an observation the caller keeps and hands out again and again (a
    // classifier's remembered answer, seen again at `time_us`): found by its identity
    // instead of by its texts, and shared rather than copied when the host has not had it
    // before. `e` must not change afterwards.
    void add(const SharedEvidence& e, std::int64_t time_us);
    OsVerdict verdict() const;
    // Every stored observation, with its count, latest time and strength. Built when asked
    // after an add (the fusion stores less), valid until the next add().
    const std::vector<Evidence>& evidence() const;
    // Forgets everything, keeping the storage for the next host.
    void clear();

    // The reliability the fusion gives one stored observation now: weight x strength x
    // recency, in [0, 0.995].
    double reliability(const Evidence& e) const;

    // Families a verdict chooses among: every OsFamily value (`unknown` never wins).
    static constexpr std::size_t kFamilySlots = static_cast<std::size_t>(OsFamily::other) + 1;

private:
    double recency(const Evidence& e) const;
    // Per-family log-likelihood scores given each observation's reliability; [0] < 0 when
    // no observation names a family.
    std::array<double, kFamilySlots> scores(const std::vector<double>& reliability) const;
    void explain(OsVerdict& out, const std::vector<double>& reliability) const;

    // One stored observation: the shared texts, and what repeats change.
    struct Entry {
        std::shared_ptr<const Evidence> evidence;
        EvidenceId id;
        double strength = 0;
        std::int64_t time_us = 0;
        std::uint32_t count = 0;
    };
    void add(const Evidence& e, const std::shared_ptr<const Evidence>* shared, EvidenceId id, std::int64_t time_us);
    double reliability(const Entry& e) const;

    std::size_t max_evidence_;
    std::int64_t half_life_us_;
    std::int64_t newest_us_ = 0;
    bool any_ = false;
    std::vector<Entry> entries_;
    // Per source, the entry it last merged into: a host repeats itself, so that one is
    // tried first (a hint only: checked by serial, entries move when one is dropped).
    std::array<std::uint8_t, kEvidenceSources> last_entry_{};
    mutable std::vector<Evidence> evidence_;  // entries_ spelled out, when evidence_valid_
    mutable bool evidence_valid_ = true;
};

// The per-source weight the fusion uses.
double source_weight(EvidenceSource s);

// The OS family named by a p0f/Ettercap/UA OS string ("Linux", "Windows", "Mac OS X",
// "iOS", "Android", "FreeBSD", ...).
OsFamily family_of(std::string_view os_name);

}  // namespace whorl::fp::passive
