// NAT / host-change scoring with p0f 3.09b's weights and thresholds (fp_tcp.c score_nat,
// process.c add_nat_score and verify_tool_class).
#include "fp/p0f/nat_score.hpp"

#include <algorithm>
#include <cstdlib>


namespace whorl::fp::passive {

namespace {

constexpr int kNearTtlLimit = 9, kLocalTtlLimit = 5, kSmallTtlChange = 2;
constexpr std::uint16_t kMinPortDrop = 64;
constexpr std::uint64_t kMaxNatTsMs = 24ull * 60 * 60 * 1000, kGraceMs = 100;
constexpr std::uint64_t kMaxTsHz = 1500;

constexpr std::uint32_t kFuzzyQuirks = QuirkSet::bit(Quirk::ecn) | QuirkSet::bit(Quirk::df) |
                                       QuirkSet::bit(Quirk::id_nonzero) |
                                       QuirkSet::bit(Quirk::id_zero);

// Both signatures known: name, then (SYN only) label, line and fuzziness.
void score_known_pair(const TcpNatSample& sig, const TcpNatSample& ref, bool to_srv,
                      NatScore& s, bool& diff_already) {
    if (ref.matched->name_id != sig.matched->name_id) {
        s.score += 8;
        s.reasons |= kNatOsDiff;
        diff_already = true;
    } else if (to_srv) {
        if (ref.matched->label_id != sig.matched->label_id) {
            s.score += 2;
            s.reasons |= kNatOsDiff;
        } else if (ref.matched->line != sig.matched->line) {
            s.score += 1;
            s.reasons |= kNatOsDiff;
        } else if (sig.fuzzy != ref.fuzzy) {
            s.score += 1;
            s.reasons |= kNatFuzzy;
        }
    }
}

// One or both unknown: compare non-fuzzy quirks, then (SYN only) the option layout.
void score_unknown_pair(const TcpNatSample& sig, const TcpNatSample& ref, bool to_srv,
                        NatScore& s) {
    if ((sig.quirks.bits() ^ ref.quirks.bits()) & ~kFuzzyQuirks) {
        s.score += 2;
        s.reasons |= kNatSigDiff;
    } else if (to_srv && !(sig.layout == ref.layout)) {
        s.score += 1;
        s.reasons |= kNatSigDiff;
    }
    if (to_srv && sig.matched.has_value() != ref.matched.has_value()) {
        s.score += 1;
        s.reasons |= kNatXKnown;
    }
}

void score_timestamps(const TcpNatSample& sig, const TcpNatSample& ref, NatScore& s) {
    if (!s.score || !sig.ts1 || !ref.ts1) return;
    const std::uint64_t ms_diff = sig.recv_ms - ref.recv_ms;
    if (ms_diff >= kMaxNatTsMs) return;
    const std::uint64_t use_ms = std::max(ms_diff, kGraceMs);
    const std::uint64_t max_ts = use_ms * kMaxTsHz / 1000;
    const std::uint32_t ts_diff = sig.ts1 - ref.ts1;
    if (ts_diff > max_ts && (ms_diff >= kGraceMs || static_cast<std::uint32_t>(~ts_diff) > max_ts)) {
        s.score += 4;
        s.reasons |= kNatTimestamp;
    } else {
        s.score /= 2;
    }
}

}  // namespace

std::string format_nat_reasons(std::uint16_t reasons) {
    static constexpr const char* kNames[] = {"app_vs_os", "os_diff", "sig_diff", "x_known",
                                             "tstamp",    "ttl",     "port",     "mtu",
                                             "fuzzy",     "via",     "date",     "srv_sig_lb",
                                             "ua_vs_os"};
    std::string out;
    for (int i = 0; i < 13; ++i) {
        if (!(reasons & (1u << i))) continue;
        if (!out.empty()) out += ' ';
        out += kNames[i];
    }
    return out;
}

NatScore score_tcp_nat(const HostNatState& host, bool to_srv, const TcpNatSample& sig,
                       std::uint16_t cli_port) {
    NatScore s;
    const auto& ref_opt = to_srv ? host.last_syn : host.last_synack;
    if (!ref_opt) {
        // Nothing of this kind yet: only the host's OS from other signatures can disagree.
        if (sig.matched && host.last_class_id != -1 &&
            host.last_name_id != static_cast<std::int32_t>(sig.matched->name_id)) {
            s.score += 8;
            s.reasons |= kNatOsDiff;
        }
        return s;
    }
    const TcpNatSample& ref = *ref_opt;
    bool diff_already = false;
    if (!sig.matched || !ref.matched) score_unknown_pair(sig, ref, to_srv, s);
    else score_known_pair(sig, ref, to_srv, s, diff_already);

    if (!diff_already && sig.matched && host.last_class_id != -1 &&
        host.last_name_id != static_cast<std::int32_t>(sig.matched->name_id)) {
        s.score += 8;
        s.reasons |= kNatOsDiff;
        diff_already = true;
    }

    // TTL changes, unless random-TTL signatures are involved or a far host moved by 1.
    const int ttl_diff = static_cast<int>(sig.ttl) - ref.ttl;
    const bool random = (sig.matched && sig.matched->bad_ttl) || (ref.matched && ref.matched->bad_ttl);
    if (!diff_already && ttl_diff && !random && (sig.dist <= kNearTtlLimit || ttl_diff > 1)) {
        s.score += (sig.dist > kLocalTtlLimit && std::abs(ttl_diff) <= kSmallTtlChange) ? 1 : 4;
        s.reasons |= kNatTtl;
    }
    if (to_srv && host.last_port && cli_port < host.last_port &&
        host.last_port - cli_port >= kMinPortDrop) {
        s.score += 1;
        s.reasons |= kNatPort;
    }
    if (sig.mss != ref.mss) {
        s.score += 1;
        s.reasons |= kNatMtu;
    }
    score_timestamps(sig, ref, s);
    return s;
}

void note_tcp_signature(HostNatState& host, const TcpNatSample& sig, std::uint16_t cli_port) {
    if (sig.matched) {
        host.last_class_id = sig.matched->class_id;
        host.last_name_id = static_cast<std::int32_t>(sig.matched->name_id);
    }
    host.last_port = cli_port;
}

std::optional<NatScore> verify_tool_class(const HostNatState& host,
                                          const std::vector<SysEntry>& sys) {
    if (host.last_class_id == -1) return std::nullopt;
    for (const SysEntry& e : sys) {
        const auto want = static_cast<std::int32_t>(e.id);
        if (e.is_class ? want == host.last_class_id : want == host.last_name_id)
            return NatScore{0, 0};
    }
    return NatScore{4, kNatAppVsOs};
}

namespace {

// An otherwise plausible User-Agent that names another OS than the host's (first ua_os
// entry found in it decides).
void score_user_agent(HostNatState& host, std::string_view sw, const std::vector<UaOsEntry>& ua_os,
                      NatScore& s) {
    sw = sw.substr(0, sw.find('\0'));
    for (const UaOsEntry& e : ua_os) {
        if (sw.find(e.match) == std::string_view::npos) continue;
        if (static_cast<std::int32_t>(e.name_id) != host.last_name_id) {
            s.score += 4;
            s.reasons |= kNatUaVsOs;
            if (!host.bad_sw) host.bad_sw = 1;
        } else {
            host.bad_sw = 0;
        }
        return;
    }
}

}  // namespace

NatScore score_http_nat(HostNatState& host, const HttpNatInput& in,
                        const std::vector<UaOsEntry>& ua_os) {
    NatScore s;
    const HttpNatSample* ref = nullptr;
    if (in.to_srv) {
        if (host.http_req_os) ref = &*host.http_req_os;
    } else if (host.http_resp && host.http_resp_port == in.srv_port) {
        ref = &*host.http_resp;  // a signature from another port says little
    }
    const auto& m = in.sample.matched;
    if (!m) {
        if (!in.to_srv && ref && ref->matched) {
            s.score += 4;
            s.reasons |= kNatXKnown;
        }
    } else if (in.app) {
        if (!in.to_srv && ref && ref->matched) {
            if (ref->matched->name_id != m->name_id) {
                s.score += 8;
                s.reasons |= kNatServerLb;
            } else if (ref->matched->label_id != m->label_id) {
                s.score += 2;
                s.reasons |= kNatServerLb;
            }
        }
    } else {
        bool diff_already = false;
        if (ref && ref->matched) {
            if (ref->matched->name_id != m->name_id) {
                s.score += 8;
                s.reasons |= kNatOsDiff;
                diff_already = true;
            } else if (ref->matched->label_id != m->label_id) {
                s.score += 2;
                s.reasons |= kNatOsDiff;
            }
        } else if (ref) {
            s.score += 4;
            s.reasons |= kNatXKnown;
        }
        if (!diff_already && host.last_name_id != static_cast<std::int32_t>(m->name_id)) {
            s.score += 4;
            s.reasons |= kNatOsDiff;
        }
    }
    if (m && in.to_srv && in.app && in.software && !in.dishonest)
        score_user_agent(host, *in.software, ua_os, s);
    if (in.via) {
        s.score += 8;
        s.reasons |= kNatVia;
    }
    constexpr std::int64_t kMaxDateDiff = 10;
    if (ref && !in.to_srv && ref->date && in.sample.date) {
        const std::int64_t recv_diff = in.sample.recv_time - ref->recv_time;
        const std::int64_t hdr_diff = *in.sample.date - *ref->date;
        if (hdr_diff < -kMaxDateDiff || hdr_diff > recv_diff + kMaxDateDiff) {
            s.score += 4;
            s.reasons |= kNatDate;
        }
    }
    return s;
}

void note_http_signature(HostNatState& host, const HttpNatInput& in) {
    const auto& m = in.sample.matched;
    if (!in.to_srv) {
        host.http_resp = in.sample;
        host.http_resp_port = in.srv_port;
    } else if (m && !in.app) {
        host.http_req_os = in.sample;
    }
    if (!m) return;
    if (!in.app) {
        host.last_class_id = m->class_id;
        host.last_name_id = static_cast<std::int32_t>(m->name_id);
    } else if (in.dishonest) {
        host.bad_sw = 2;
    }
}

std::optional<NatEvent> add_nat_score(HostNatState& host, bool to_srv, std::uint16_t reasons,
                                      std::uint8_t score) {
    auto& scores = to_srv ? host.cli_scores : host.srv_scores;
    std::rotate(scores.begin(), scores.begin() + 1, scores.end());
    scores.back() = score;
    host.reasons |= reasons;
    if (!score) return std::nullopt;

    NatEvent ev;
    for (std::uint8_t v : scores) {
        if (v >= 6) ++ev.raw_hits[0];
        if (v >= 3) ++ev.raw_hits[1];
        if (v >= 2) ++ev.raw_hits[2];
        if (v >= 1) ++ev.raw_hits[3];
    }
    if (ev.raw_hits[0] > 2 || ev.raw_hits[1] > 4 || ev.raw_hits[2] > 6 || ev.raw_hits[3] > 8) {
        ev.kind = NatEventKind::ip_sharing;
        ev.reasons = host.reasons;
        scores.fill(0);
        host.reasons = 0;
        return ev;
    }
    if (score == 1) return std::nullopt;  // wait for something more substantial
    ev.kind = NatEventKind::host_change;
    ev.reasons = reasons;
    return ev;
}

}  // namespace whorl::fp::passive
