// Evidence from p0f-style TCP and HTTP matches (see p0f_evidence.hpp).
#include "fp/p0f/p0f_evidence.hpp"

#include "fp/fusion/host_fusion.hpp"

namespace whorl::fp::passive {

double tcp_match_strength(const TcpMatch& m) {
    if (!m.record) return 0.0;
    if (m.generic()) return m.fuzzy ? kStrengthFuzzyGeneric : kStrengthExactGeneric;
    return m.fuzzy ? kStrengthFuzzySpecific : kStrengthExactSpecific;
}

namespace {

OsFamily label_family(const P0fDatabase& db, const Label& label) {
    const std::string& name = db.names()[label.name_id];
    return family_of(label.flavor && !label.flavor->empty() ? name + " " + *label.flavor : name);
}

// A label as evidence: an application (class "!") names no OS.
Evidence label_evidence(const P0fDatabase& db, std::uint32_t label_index, EvidenceSource source,
                        double strength, std::int64_t time_us, std::string detail,
                        const std::vector<OsFamily>* families) {
    const Label& label = db.label(label_index);
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
    e.family = families && label_index < families->size() ? (*families)[label_index] : label_family(db, label);
    e.strength = strength;
    return e;
}

}  // namespace

std::vector<OsFamily> label_families(const P0fDatabase& db) {
    std::vector<OsFamily> out;
    out.reserve(db.labels().size());
    for (const Label& l : db.labels()) out.push_back(l.is_app() ? OsFamily::unknown : label_family(db, l));
    return out;
}

std::optional<Evidence> tcp_match_evidence(const P0fDatabase& db, const TcpMatch& m, EvidenceSource source,
                                           std::int64_t time_us, std::string detail,
                                           const std::vector<OsFamily>* families) {
    if (!m.record) return std::nullopt;
    return label_evidence(db, m.record->label, source, tcp_match_strength(m), time_us, std::move(detail), families);
}

std::optional<Evidence> http_match_evidence(const P0fDatabase& db, const HttpMatch& m, EvidenceSource source,
                                            std::int64_t time_us, std::string detail,
                                            const std::vector<OsFamily>* families) {
    if (!m.record) return std::nullopt;
    const double strength = m.generic() ? kStrengthExactGeneric : kStrengthExactSpecific;
    return label_evidence(db, m.record->label, source, strength, time_us, std::move(detail), families);
}

}  // namespace whorl::fp::passive
