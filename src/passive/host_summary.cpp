// Host records to summaries; see host_summary.hpp.
#include "passive/host_summary.hpp"

#include <algorithm>

namespace whorl::fp::passive {

namespace {

HostSummary::Reason reason(const HostFusion& fusion, const Evidence& e, HostSummary::Reason::Role role) {
    HostSummary::Reason r;
    r.role = role;
    r.source = std::string(evidence_source_name(e.source));
    r.family = std::string(os_family_name(e.family));
    r.name = e.name;
    r.flavor = e.flavor;
    r.detail = e.detail;
    r.strength = e.strength;
    r.reliability = fusion.reliability(e);
    r.count = e.count;
    return r;
}

HostSummary::Verdict summarize_verdict(const HostFusion& fusion, const OsVerdict& v) {
    using Role = HostSummary::Reason::Role;
    HostSummary::Verdict out;
    out.family = std::string(os_family_name(v.family));
    out.name = v.name;
    out.flavor = v.flavor;
    out.confidence = v.confidence;
    out.support = v.support.size();
    out.conflict = v.conflict.size();
    out.evidence = fusion.evidence().size();
    for (const auto& [family, p] : v.alternatives) out.alternatives.emplace_back(os_family_name(family), p);
    for (const Evidence* e : v.support) out.reasons.push_back(reason(fusion, *e, Role::support));
    for (const Evidence* e : v.conflict) out.reasons.push_back(reason(fusion, *e, Role::conflict));
    // Everything else, in the order it was first seen.
    for (const Evidence& e : fusion.evidence()) {
        auto listed = [&e](const std::vector<const Evidence*>& l) {
            return std::find(l.begin(), l.end(), &e) != l.end();
        };
        if (!listed(v.support) && !listed(v.conflict)) out.reasons.push_back(reason(fusion, e, Role::context));
    }
    return out;
}

HostSummary summarize(const PassiveHost& h, std::uint32_t last_seen, const P0fDatabase& db,
                      const EvidenceStage* evidence) {
    HostSummary s;
    s.addr = h.addr;
    s.first_seen = h.first_seen;
    s.last_seen = last_seen;
    s.connections = h.total_conn;
    if (h.last_label >= 0) {
        const Label& l = db.label(static_cast<std::uint32_t>(h.last_label));
        s.os_name = db.names()[l.name_id];
        s.os_flavor = l.flavor;
        if (l.class_id >= 0) s.os_class = db.classes()[static_cast<std::size_t>(l.class_id)];
        s.os_fuzzy = h.last_quality & 1;
        s.os_generic = h.last_quality & 2;
    }
    if (h.http_label >= 0) {
        const Label& l = db.label(static_cast<std::uint32_t>(h.http_label));
        s.http_name = db.names()[l.name_id];
        s.http_flavor = l.flavor;
    }
    if (h.link) s.link = h.link->link;
    if (h.distance >= 0) s.distance = h.distance;
    if (h.last_up_min >= 0) {
        s.uptime_min = static_cast<std::uint32_t>(h.last_up_min);
        s.uptime_mod_days = h.up_mod_days;
    }
    if (h.language) s.language = std::string(*h.language);
    s.last_nat = h.last_nat;
    s.last_chg = h.last_chg;
    s.bad_sw = h.nat.bad_sw;
    if (evidence)
        if (auto v = evidence->verdict(h)) s.verdict = summarize_verdict(*h.fusion, *v);
    return s;
}

}  // namespace

std::vector<HostSummary> summarize_hosts(const PassivePipeline& pipeline) {
    std::vector<HostSummary> out;
    out.reserve(pipeline.host_count());
    pipeline.for_each_host([&](const PassiveHost& h, std::uint32_t last_seen) {
        out.push_back(summarize(h, last_seen, pipeline.database(), pipeline.evidence()));
    });
    std::sort(out.begin(), out.end(), [](const HostSummary& a, const HostSummary& b) { return a.addr < b.addr; });
    return out;
}

std::string os_text(const HostSummary& h) {
    if (!h.os_name) return {};
    return h.os_flavor ? *h.os_name + " " + *h.os_flavor : *h.os_name;
}

std::vector<std::string> HostSummary::Verdict::sources() const {
    std::vector<std::string> out;
    for (const Reason& r : reasons)
        if (r.role == Reason::Role::support && std::find(out.begin(), out.end(), r.source) == out.end())
            out.push_back(r.source);
    return out;
}

std::string verdict_text(const HostSummary::Verdict& v) {
    if (v.family == os_family_name(OsFamily::unknown)) return {};
    if (v.name.empty()) return v.family;
    return v.flavor.empty() ? v.name : v.name + " " + v.flavor;
}

std::string_view reason_role_name(HostSummary::Reason::Role role) {
    switch (role) {
        case HostSummary::Reason::Role::support: return "support";
        case HostSummary::Reason::Role::conflict: return "conflict";
        case HostSummary::Reason::Role::context: return "context";
    }
    return "context";
}

}  // namespace whorl::fp::passive
