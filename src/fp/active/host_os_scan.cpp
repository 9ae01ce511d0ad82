// Rounds, matching, the not-ideal reasons and the final result of one host's OS scan.
#include "fp/active/host_os_scan.hpp"

#include <fmt/format.h>

namespace whorl::fp::active {

bool is_private_address(const IpAddress& a) {
    if (!a.is_v4()) return false;
    std::uint32_t v = a.v4_host_order();
    return (v >> 24) == 10 || (v >> 20) == 0xAC1 || (v >> 16) == 0xC0A8 || (v >> 16) == 0xA9FE;
}

namespace {

// U1 drew a port unreachable this round (its test says R=Y).
bool u1_answered(const Fingerprint& fp) {
    const Test* u1 = fp.find("U1");
    const std::string* r = u1 ? u1->find("R") : nullptr;
    return r && *r == "Y";
}

// A test's shape: its attribute names; R=N is a shape of its own ("no answer").
std::vector<std::string> shape(const Test& t) {
    std::vector<std::string> names;
    for (const auto& a : t.attrs) names.push_back(a.name);
    return names;
}

bool answered(const Test& t) {
    const std::string* r = t.find("R");
    return !(r && *r == "N");
}

// Whether round `a` lacks something round `b` has: a test answered in b but missing or
// unanswered in a, or an answered test with fewer attributes (SEQ without SP, without II).
bool lacks(const Fingerprint& a, const Fingerprint& b) {
    for (const auto& tb : b.tests()) {
        if (!answered(tb)) continue;
        const Test* ta = a.find(tb.name);
        if (!ta || !answered(*ta)) return true;
        for (const auto& attr : shape(tb))
            if (!ta->find(attr)) return true;
    }
    return false;
}

}  // namespace

std::vector<std::size_t> complete_rounds(const std::vector<Fingerprint>& rounds) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < rounds.size(); ++i) {
        bool complete = true;
        for (std::size_t j = 0; j < rounds.size() && complete; ++j)
            if (j != i && lacks(rounds[i], rounds[j])) complete = false;
        if (complete) out.push_back(i);
    }
    if (out.empty())
        for (std::size_t i = 0; i < rounds.size(); ++i) out.push_back(i);
    return out;
}

HostOsScan::HostOsScan(OsTarget target, OsSettings settings)
    : target_(std::move(target)), settings_(std::move(settings)) {}

int HostOsScan::distance() const {
    if (target_.localhost) return 0;
    if (target_.directly_connected) return 1;
    if (udp_distance_) return *udp_distance_;
    return -1;
}

char HostOsScan::distance_method() const {
    if (target_.localhost) return 'L';
    if (target_.directly_connected) return 'D';
    if (udp_distance_) return 'I';
    return 0;
}

std::optional<std::string> HostOsScan::not_ideal_reason() const {
    if (settings_.scan_delay_ms > 500) return fmt::format("Scan delay ({}) is greater than 500", static_cast<int>(settings_.scan_delay_ms));
    if (settings_.timing_level == 5) return std::string("Timing level 5 (Insane) used");
    if (!target_.open_port) return std::string("Missing an open TCP port so results incomplete");
    if (!target_.closed_port) return std::string("Missing a closed TCP port so results incomplete");
    int d = distance();
    if (d < -1) return fmt::format("Host distance ({} network hops) appears to be negative", d);
    if (d > 5) return fmt::format("Host distance ({} network hops) is greater than five", d);
    if (max_timing_ratio_ > 1.4) return fmt::format("maxTimingRatio ({:e}) is greater than 1.4", max_timing_ratio_);
    if (!target_.closed_udp_port && !settings_.udp_scan) return std::string("Didn't receive UDP response. Please try again with -sSU");
    if (send_failed_) return std::string("Some probes failed to send so results incomplete");
    return std::nullopt;
}

void HostOsScan::end_round(const OsRound& round, bool send_failed, match::OsMatcher& matcher) {
    auto r = round.finish(udp_distance_);
    if (u1_answered(r.fingerprint) && !target_.closed_udp_port) target_.closed_udp_port = udp_port_used_;
    max_timing_ratio_ = std::max(max_timing_ratio_, round.timing_ratio());
    send_failed_ = send_failed_ || send_failed;
    auto result = matcher.match(r.fingerprint);
    Round rd{std::move(r.fingerprint), std::move(r.seq), 0, result.perfect > 0};
    if (!result.matches.empty()) rd.best_accuracy = result.matches.front().accuracy;
    rounds_.push_back(std::move(rd));
    int max_tries = not_ideal_reason() ? std::min(settings_.max_tries, 2) : settings_.max_tries;
    done_ = rounds_.back().perfect || tries_done() >= max_tries;
}

HostOsScan::Final HostOsScan::finish(match::OsMatcher& matcher, std::int64_t wall_seconds, int month, int day) const {
    Final out;
    out.tries = tries_done();
    if (rounds_.empty()) return out;
    // Rounds that lost answers another round got (packet loss) are set aside: the result
    // and the printed fingerprint come from the complete ones (docs/decisions/0007).
    std::vector<Fingerprint> prints;
    for (const auto& r : rounds_) prints.push_back(r.fingerprint);
    auto usable = complete_rounds(prints);
    // The round whose best match is most accurate; the earliest on ties; a perfect round
    // ends the search.
    std::size_t best = usable.front();
    for (auto i : usable) {
        if (rounds_[i].best_accuracy > rounds_[best].best_accuracy) best = i;
        if (rounds_[i].perfect) {
            best = i;
            break;
        }
    }
    out.result = matcher.match(rounds_[best].fingerprint);
    out.classes = match::classify(matcher.db(), out.result);
    out.conditions.not_ideal_reason = not_ideal_reason();
    out.conditions.unreliable = target_.unreliable;
    out.seq = rounds_.back().seq;
    int d = distance();
    if (d != -1) out.distance = d;

    std::vector<Fingerprint> kept;
    for (auto i : usable) kept.push_back(prints[i]);
    out.fingerprint = merge_rounds(kept, settings_.behaviour);
    ScanLine s;
    s.version = std::string(nmap_version_text(settings_.behaviour));
    s.engine = 4;
    s.month = month;
    s.day = day;
    if (target_.open_port) s.open_tcp_port = *target_.open_port;
    if (target_.closed_port) s.closed_tcp_port = *target_.closed_port;
    if (target_.closed_udp_port) s.closed_udp_port = *target_.closed_udp_port;
    s.private_address = is_private_address(target_.address);
    if (d != -1) s.distance = d;
    if (char m = distance_method()) s.distance_method = m;
    s.good = !out.conditions.not_ideal_reason;
    if (target_.mac && target_.directly_connected)
        s.mac_prefix = fmt::format("{:02X}{:02X}{:02X}", (*target_.mac)[0], (*target_.mac)[1], (*target_.mac)[2]);
    s.time = static_cast<std::uint64_t>(wall_seconds);
    s.platform = settings_.platform;
    out.fingerprint.scan = s;
    return out;
}

}  // namespace whorl::fp::active
