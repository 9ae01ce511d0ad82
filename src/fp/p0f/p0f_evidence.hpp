// Evidence from a p0f-style TCP match, against /etc/p0f/p0f.fp or whorl's own
// data/whorl-tcp.fp: the label's OS name and flavor, its family, and a strength from the
// kind of match (docs/decisions/0009-passive-fusion.md): an exact specific signature says
// most, a fuzzy one less, a generic catch-all least. The same for p0f's HTTP matches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/fusion/evidence.hpp"
#include "fp/http/http_matcher.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/tcp/tcp_matcher.hpp"

namespace whorl::fp::passive {

inline constexpr double kStrengthExactSpecific = 1.0;
inline constexpr double kStrengthFuzzySpecific = 0.6;
inline constexpr double kStrengthExactGeneric = 0.4;
inline constexpr double kStrengthFuzzyGeneric = 0.25;

// 0 when nothing matched.
double tcp_match_strength(const TcpMatch& m);

// family_of() every label of `db` names, by label index, for the calls below: worked out
// once instead of for every packet.
std::vector<OsFamily> label_families(const P0fDatabase& db);

// nullopt when nothing matched. A match on an application label (p0f's "NMap SYN scan",
// "p0f sendsyn utility") is a tool, not an OS: family unknown, strength 0. `detail` is
// stored as given (the packet's raw signature, typically).
// `families`: label_families(db), or null to work the family out here.
std::optional<Evidence> tcp_match_evidence(const P0fDatabase& db, const TcpMatch& m, EvidenceSource source,
                                           std::int64_t time_us, std::string detail = {},
                                           const std::vector<OsFamily>* families = nullptr);

// The same for an HTTP match (p0f's HTTP signatures are never fuzzy). p0f.fp 3.09b labels
// every HTTP signature as an application (Firefox, Chrome, ...), so its HTTP evidence is
// context for the reader; an OS label in another file would count.
std::optional<Evidence> http_match_evidence(const P0fDatabase& db, const HttpMatch& m, EvidenceSource source,
                                            std::int64_t time_us, std::string detail = {},
                                            const std::vector<OsFamily>* families = nullptr);

}  // namespace whorl::fp::passive
