// HostFusion: all the evidence seen for one host, weighed into one best OS. Each source
// has a reliability weight (a specific p0f SYN signature says more than an Ettercap key,
// a DHCP parameter list more than a TTL); agreeing observations add up, contradicting ones
// lower the confidence, and the result names the evidence behind it. Pure and
// incremental: add() as packets arrive, verdict() whenever asked.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fp/passive/evidence.hpp"

namespace whorl::fp::passive {

struct OsVerdict {
    OsFamily family = OsFamily::unknown;
    std::string name;    // best name within the family, e.g. "Windows"
    std::string flavor;  // best detail, e.g. "10 or 11"
    double confidence = 0;  // 0..1; what it means is documented in docs/decisions
    std::vector<const Evidence*> support;   // evidence for the verdict, strongest first
    std::vector<const Evidence*> conflict;  // evidence for other families
};

class HostFusion {
public:
    // Keeps at most `max_evidence` observations (the oldest weak ones go first).
    explicit HostFusion(std::size_t max_evidence = 64) : max_evidence_(max_evidence) {}

    void add(Evidence e);
    OsVerdict verdict() const;
    const std::vector<Evidence>& evidence() const { return evidence_; }

private:
    std::size_t max_evidence_;
    std::vector<Evidence> evidence_;
};

// The per-source weight the fusion uses.
double source_weight(EvidenceSource s);

// The OS family named by a p0f/Ettercap/UA OS string ("Linux", "Windows", "Mac OS X",
// "iOS", "Android", "FreeBSD", ...).
OsFamily family_of(std::string_view os_name);

}  // namespace whorl::fp::passive
