// p0f's observation fields, formatted exactly as p0f 3.09b prints them in its `-o` log
// ("[YYYY/MM/DD HH:MM:SS] mod=syn|cli=IP/port|srv=IP/port|subj=cli|os=...|dist=...") and
// console blocks. The output layer assembles lines from these; nothing here does I/O.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fp/http/http_matcher.hpp"
#include "fp/p0f/nat_score.hpp"
#include "fp/tcp/mtu_table.hpp"
#include "fp/tcp/tcp_matcher.hpp"
#include "fp/tcp/uptime.hpp"

namespace whorl::fp::passive {

class P0fDatabase;

// One key=value of an observation; a missing value prints as "???".
struct P0fField {
    std::string key;
    std::optional<std::string> value;
};

// syn / syn+ack: os (or app for application signatures, or when `sendsyn`), dist ("<= N"
// for random-TTL signatures), params, raw_sig.
std::vector<P0fField> tcp_fields(const P0fDatabase& db, const TcpSignatureInput& in,
                                 const TcpMatch& m, bool sendsyn = false);

// mtu: link, raw_mtu.
std::vector<P0fField> mtu_fields(const MtuResult& r);

// uptime: "D days H hrs M min (modulo N days)" and raw_freq "X.XX Hz" (estimates only).
std::vector<P0fField> uptime_fields(const UptimeEstimate& e);
std::string format_uptime(std::uint32_t up_min, std::uint32_t up_mod_days);
std::string format_raw_freq(double hz);

// http request / http response: app or os, lang, params, raw_sig.
std::vector<P0fField> http_fields(const P0fDatabase& db, const HttpObservation& obs,
                                  const HttpMatch& m, Direction dir);

// host change / ip sharing: reason, raw_hits.
std::vector<P0fField> nat_fields(const NatEvent& e);
std::string_view nat_event_name(NatEventKind k);  // "host change" / "ip sharing"

// p0f's address text: dotted quad, or eight unpadded hex groups for IPv6 (no "::").
std::string format_p0f_address(std::span<const std::uint8_t> addr);

// "YYYY/MM/DD HH:MM:SS" of a broken-down (local) time.
std::string format_log_time(const std::tm& t);

// One complete log line without the newline: "[time] mod=..|cli=..|srv=..|subj=..|k=v|...".
std::string format_log_line(std::string_view time, std::string_view mod, std::string_view cli,
                            std::string_view srv, bool subject_is_client,
                            const std::vector<P0fField>& fields);

}  // namespace whorl::fp::passive
