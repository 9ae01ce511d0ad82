// Evidence: one observation about a host's operating system, from any passive source (a
// p0f TCP or HTTP signature, an Ettercap key, a User-Agent, a TLS ClientHello, a DHCP request, an ICMP echo,
// whorl's own signatures). Every classifier produces these; the host fusion weighs them
// into one named OS with a confidence and keeps them all as the reasons behind it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace whorl::fp::passive {

enum class EvidenceSource : std::uint8_t {
    p0f_syn,          // p0f.fp [tcp:request]
    p0f_synack,       // p0f.fp [tcp:response]
    p0f_http_request,
    p0f_http_response,
    whorl_syn,        // whorl's own signatures (data/), for stacks p0f.fp lacks
    whorl_synack,
    nmap_synack,      // SYN+ACK signatures derived from the installed nmap-os-db's prints
    mercury_syn,      // a SYN against Cisco mercury's OS-labelled TCP table (data/mercury)
    ettercap,         // etter.finger.os
    user_agent,       // HTTP User-Agent (and client hints)
    dhcp,             // DHCP option 55 / 60 fingerprints
    icmp,             // ICMP echo TTL and payload size
    tls_client,       // a TLS ClientHello against mercury's OS table (decisive votes only)
    mtu,              // link type only, never an OS
    uptime,           // the timestamp clock's rate, never an OS (weight 0, like mtu)
};
inline constexpr std::size_t kEvidenceSources = static_cast<std::size_t>(EvidenceSource::uptime) + 1;
std::string_view evidence_source_name(EvidenceSource s);

// Broad families first; `name` and `flavor` carry the detail ("Windows" / "10 or 11").
enum class OsFamily : std::uint8_t { unknown, windows, linux, android, macos, ios, chromeos, bsd, solaris, network_device, other };
std::string_view os_family_name(OsFamily f);

struct Evidence {
    EvidenceSource source = EvidenceSource::p0f_syn;
    OsFamily family = OsFamily::unknown;
    std::string name;     // "Linux", "Windows", "Mac OS X"
    std::string flavor;   // "3.11 and newer", "10 or 11"
    // How much this observation says, 0..1, before the fusion's per-source weight:
    // exact > fuzzy > generic match, a full UA > a partial one, and so on. The scale every
    // classifier uses is in docs/decisions/0009-passive-fusion.md (1.0 exact specific,
    // 0.6 fuzzy, 0.4 generic catch-all, 0 "seen, but says nothing about the OS").
    double strength = 1.0;
    std::string detail;   // the raw signature or string it came from, for the reader
    std::int64_t time_us = 0;  // packet time (of the latest sighting once merged)
    // How many identical observations (same source, family, name, flavor, detail) this
    // one stands for; HostFusion merges repeats instead of storing them again.
    std::uint32_t count = 1;
};

}  // namespace whorl::fp::passive
