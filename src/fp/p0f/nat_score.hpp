// NAT and host-change detection (p0f 3.09b score_nat / add_nat_score / verify_tool_class):
// per-host state as a plain value, and pure functions that score a new TCP signature
// against the host's previous one and decide when to report "host change" or "ip sharing".
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/p0f/p0f_database.hpp"
#include "fp/tcp/tcp_quirks.hpp"

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

// What p0f keeps of a host's last HTTP signature (its struct http_sig, for NAT scoring).
struct HttpNatSample {
    std::optional<MatchedIdentity> matched;
    std::optional<std::int64_t> date;  // the response's Date header (unix seconds)
    std::int64_t recv_time = 0;        // capture time of the message (unix seconds)
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
    std::optional<HttpNatSample> http_req_os;  // last request that matched an OS signature
    std::optional<HttpNatSample> http_resp;    // last response, from port http_resp_port
    std::uint16_t http_resp_port = 0;
    std::uint8_t bad_sw = 0;                   // API's bad_sw: 1 UA names another OS, 2 liar
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
std::optional<NatScore> verify_tool_class(const HostNatState& host,
                                          const std::vector<SysEntry>& sys);

// One HTTP request (to_srv) or response, as HTTP NAT scoring sees it.
struct HttpNatInput {
    bool to_srv = true;
    HttpNatSample sample;
    bool app = false;                    // matched an application signature
    const std::string* software = nullptr;  // User-Agent / Server, if present
    bool dishonest = false;
    bool via = false;                    // Via or X-Forwarded-For present
    std::uint16_t srv_port = 0;
};

// p0f's HTTP score_nat: a response going from known to unknown (4, x_known), a server
// name / label change on the same port (8 / 2, srv_sig_lb), an OS signature change (8 / 2,
// os_diff) or mismatch with the host (4), an honest-looking User-Agent naming another OS
// than the host's (4, ua_vs_os; updates bad_sw), Via / X-Forwarded-For (8, via), and a
// Date that runs ahead of or behind capture time by over 10 s (4, date). For application
// matches the caller first runs verify_tool_class() and adds that score separately, as
// p0f does. (p0f 3.09b reads the Date of header id 6, which is Cookie, so in practice it
// never sees a Date: pass no date to reproduce it.)
NatScore score_http_nat(HostNatState& host, const HttpNatInput& in,
                        const std::vector<UaOsEntry>& ua_os);

// After scoring: the host's stored HTTP signature and OS / bad_sw records, as p0f updates
// them in fingerprint_http.
void note_http_signature(HostNatState& host, const HttpNatInput& in);

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
