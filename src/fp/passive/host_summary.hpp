// HostSummary: what the passive pipeline concluded about one host, as a plain value for
// the end-of-run table and JSON: p0f's per-host record (what its API answers: last OS
// match and its quality, HTTP application, link, distance, uptime, language, NAT and
// host-change times, bad_sw) and, once the evidence stage is connected, the fused verdict.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ip_address.hpp"
#include "fp/passive/passive_pipeline.hpp"

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

    // Fusion of every evidence (empty until the evidence stage is connected).
    struct Verdict {
        std::string family, name, flavor;
        double confidence = 0;
        std::size_t support = 0, conflict = 0, evidence = 0;
    };
    std::optional<Verdict> verdict;
};

// One summary per host in the table, ordered by address (IPv4 first).
std::vector<HostSummary> summarize_hosts(const PassivePipeline& pipeline);

// "Linux 3.11 and newer" or just the name.
std::string os_text(const HostSummary& h);

}  // namespace whorl::fp::passive
