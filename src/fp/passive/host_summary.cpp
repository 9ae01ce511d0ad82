// Host records to summaries; see host_summary.hpp.
#include "fp/passive/host_summary.hpp"

#include <algorithm>

#include "fp/passive/evidence_modules.hpp"

namespace whorl::fp::passive {

namespace {

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
#if WHORL_EVIDENCE_MODULES
    if (evidence)
        if (auto v = evidence->verdict(h)) {
            s.verdict = HostSummary::Verdict{std::string(os_family_name(v->family)), v->name,
                                             v->flavor, v->confidence, v->support.size(),
                                             v->conflict.size(), h.fusion->evidence().size()};
        }
#else
    (void)evidence;
#endif
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

}  // namespace whorl::fp::passive
