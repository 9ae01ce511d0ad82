// HostSummary: what the passive pipeline concluded about one host, as a plain value for
// the end-of-run table and JSON: p0f's per-host record (what its API answers: last OS
// match and its quality, HTTP application, link, distance, uptime, language, NAT and
// host-change times, bad_sw) and the evidence stage's fused verdict with its reasons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ip_address.hpp"
#include "passive/passive_pipeline.hpp"

namespace whorl::fp::passive {

struct HostSummary {
    IpAddress addr;
    std::uint32_t first_seen = 0, last_seen = 0;  // unix seconds
    std::uint32_t connections = 0;

    // The last OS a TCP or HTTP signature named (kept when later signatures are unknown).
    std::optional<std::string> os_name, os_flavor, os_class;
    bool os_fuzzy = false, os_generic = false;
    std::optional<std::string> http_name, http_flavor;  // last HTTP application
    std::optional<std::string> link;                    // link type from the MTU
    std::optional<std::int32_t> distance;               // hops, from the TTL
    std::optional<std::uint32_t> uptime_min, uptime_mod_days;
    std::optional<std::string> language;
    std::uint32_t last_nat = 0, last_chg = 0;  // times of "ip sharing" / "host change"
    std::uint8_t bad_sw = 0;                   // 1: User-Agent names another OS, 2: liar

    // One kept observation behind the verdict, as the reader sees it.
    struct Reason {
        enum class Role : std::uint8_t {
            support,   // names the verdict's family (or a kernel relative, from TCP or ICMP)
            conflict,  // names another family
            context,   // names no family, or counts for nothing (MTU, uptime, tools, bots)
        };
        Role role = Role::context;
        std::string source;  // evidence_source_name(): "p0f_syn", "user_agent", "dhcp", ...
        std::string family, name, flavor, detail;
        double strength = 0;     // the classifier's
        double reliability = 0;  // what the fusion gave it: source weight x strength x recency
        std::uint32_t count = 1; // identical observations merged into this one
    };

    // The fusion of every evidence (docs/decisions/0009-passive-fusion.md); nullopt when
    // the evidence stage is off or saw nothing of the host.
    struct Verdict {
        std::string family, name, flavor;  // family "unknown" when nothing names one
        double confidence = 0;             // posterior of `family`, 0..1
        std::size_t support = 0, conflict = 0, evidence = 0;  // counts of kept observations
        std::vector<std::pair<std::string, double>> alternatives;  // other families >= 1 %
        std::vector<Reason> reasons;  // support (strongest first), conflict, then context

        // The distinct sources of the supporting reasons, strongest first: what the
        // verdict rests on ("whorl_syn", "dhcp", "user_agent", ...).
        std::vector<std::string> sources() const;
    };
    std::optional<Verdict> verdict;
};

// One summary per host in the table, ordered by address (IPv4 first).
std::vector<HostSummary> summarize_hosts(const PassivePipeline& pipeline);

// "Linux 3.11 and newer" or just the name.
std::string os_text(const HostSummary& h);

// "Windows 10 or 11"; the family when no evidence gave a name; "" for family unknown.
std::string verdict_text(const HostSummary::Verdict& v);

std::string_view reason_role_name(HostSummary::Reason::Role role);

}  // namespace whorl::fp::passive
