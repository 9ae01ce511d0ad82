// Evidence from p0f-style TCP matches (see p0f_evidence.hpp).
#include "fp/passive/p0f_evidence.hpp"

#include "fp/passive/host_fusion.hpp"

namespace whorl::fp::passive {

double tcp_match_strength(const TcpMatch& m) {
    if (!m.record) return 0.0;
    if (m.generic()) return m.fuzzy ? kStrengthFuzzyGeneric : kStrengthExactGeneric;
    return m.fuzzy ? kStrengthFuzzySpecific : kStrengthExactSpecific;
}

std::optional<Evidence> tcp_match_evidence(const P0fDatabase& db, const TcpMatch& m, EvidenceSource source,
                                           std::int64_t time_us, std::string detail) {
    if (!m.record) return std::nullopt;
    const Label& label = db.label(m.record->label);
    Evidence e;
    e.source = source;
    e.name = db.names()[label.name_id];
    e.flavor = label.flavor.value_or(std::string{});
    e.time_us = time_us;
    e.detail = std::move(detail);
    if (label.is_app()) {
        e.family = OsFamily::unknown;
        e.strength = 0.0;
        return e;
    }
    e.family = family_of(e.flavor.empty() ? e.name : e.name + " " + e.flavor);
    e.strength = tcp_match_strength(m);
    return e;
}

}  // namespace whorl::fp::passive
