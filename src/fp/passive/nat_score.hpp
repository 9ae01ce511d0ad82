// NAT and host-change detection (p0f 3.09b score_nat / add_nat_score / verify_tool_class):
// per-host state as a plain value, and pure functions that score a new TCP signature
// against the host's previous one and decide when to report "host change" or "ip sharing".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/passive/tcp_quirks.hpp"

namespace whorl::fp::passive {

// Reason bits; printed in this order with p0f's code names.
enum NatReason : std::uint16_t {
    kNatAppVsOs = 1 << 0,   // app_vs_os
    kNatOsDiff = 1 << 1,    // os_diff
    kNatSigDiff = 1 << 2,   // sig_diff
    kNatXKnown = 1 << 3,    // x_known
    kNatTimestamp = 1 << 4, // tstamp
    kNatTtl = 1 << 5,       // ttl
    kNatPort = 1 << 6,      // port
    kNatMtu = 1 << 7,       // mtu
    kNatFuzzy = 1 << 8,     // fuzzy
    kNatVia = 1 << 9,       // via
    kNatDate = 1 << 10,     // date
    kNatServerLb = 1 << 11, // srv_sig_lb
    kNatUaVsOs = 1 << 12,   // ua_vs_os
};

// "os_diff ttl", or "" for none (p0f then prints "???").
std::string format_nat_reasons(std::uint16_t reasons);

// The signature identity NAT scoring compares (from a TcpMatch and the database label).
struct MatchedIdentity {
    std::int32_t class_id = -1;
    std::uint32_t name_id = 0;
    std::uint32_t label_id = 0;
    std::uint32_t line = 0;
    bool bad_ttl = false;
};

// What p0f keeps of a host's last SYN or SYN+ACK (its struct tcp_sig).
struct TcpNatSample {
    std::optional<MatchedIdentity> matched;
    bool fuzzy = false;
    QuirkSet quirks;
    OptionLayout layout;
    std::uint8_t ttl = 0;
    std::uint8_t dist = 0;
    std::uint16_t mss = 0;
    std::uint32_t ts1 = 0;
    std::uint64_t recv_ms = 0;
};

inline constexpr std::size_t kNatScores = 32;

struct HostNatState {
    std::array<std::uint8_t, kNatScores> cli_scores{};
    std::array<std::uint8_t, kNatScores> srv_scores{};
    std::uint16_t reasons = 0;                 // OR of reasons since the last "ip sharing"
    std::optional<TcpNatSample> last_syn;      // set by the caller after uptime checks
    std::optional<TcpNatSample> last_synack;
    std::int32_t last_class_id = -1;           // host OS as last matched (-1 unknown)
    std::int32_t last_name_id = -1;
    std::uint16_t last_port = 0;               // client port of the last scored connection
};

struct NatScore {
    std::uint8_t score = 0;
    std::uint16_t reasons = 0;
};

// Scores `sig` (to_srv: a SYN from this host as client; else a SYN+ACK from it as server)
// against the host's previous signature of that kind and its recorded OS.
NatScore score_tcp_nat(const HostNatState& host, bool to_srv, const TcpNatSample& sig,
                       std::uint16_t cli_port);

// After scoring an OS signature: records the matched OS and the client port (p0f updates
// these at the end of score_nat).
void note_tcp_signature(HostNatState& host, const TcpNatSample& sig, std::uint16_t cli_port);

// An application signature's `sys` list against the host OS: nullopt when the host has no
// OS yet (p0f adds nothing); else score 4 / app_vs_os on a mismatch, 0 otherwise.
struct SysEntry;
std::optional<NatScore> verify_tool_class(const HostNatState& host,
                                          const std::vector<SysEntry>& sys);

enum class NatEventKind { host_change, ip_sharing };

struct NatEvent {
    NatEventKind kind = NatEventKind::host_change;
    std::uint16_t reasons = 0;                  // what p0f prints as reason=
    std::array<std::uint8_t, 4> raw_hits{};     // counts of scores >=6, >=3, >=2, >=1
};

// Appends a score to the host's history (client or server side) and reports an event when
// p0f would: "ip sharing" past the hit thresholds (history then cleared), else "host
// change" for a score of 2 or more.
std::optional<NatEvent> add_nat_score(HostNatState& host, bool to_srv, std::uint16_t reasons,
                                      std::uint8_t score);

}  // namespace whorl::fp::passive
