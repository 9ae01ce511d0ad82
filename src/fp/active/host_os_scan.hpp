// HostOsScan: OS detection of one host across rounds, as Nmap 7.93 or 7.95 runs it
// (os_scan_ipv4, startRound/endRound, expireUnmatchedHosts, findBestFPs): each round's
// fingerprint is matched, the host is done at the first perfect match or after its tries
// (2 when the fingerprint is "not ideal"), and the result is the best round's match list,
// the merged fingerprint of the rounds with its SCAN line, and the last round's SEQ
// analysis. The release (OsSettings::behaviour) decides the SCAN line's V= and how rounds
// are merged. Unlike Nmap, rounds that lost answers to packet loss are left out when
// complete ones exist.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ip_address.hpp"
#include "fp/active/os_round.hpp"
#include "fp/db/os_db.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "fp/nmap_behaviour.hpp"

namespace whorl::fp::active {

struct OsTarget {
    IpAddress address;
    std::optional<std::uint16_t> open_port;         // OT
    std::optional<std::uint16_t> closed_port;       // CT: a port known to be closed
    std::optional<std::uint16_t> closed_udp_port;   // CU, when the port scan knew one
    bool unreliable = false;  // no open port, or neither a closed nor an unfiltered one
    bool localhost = false;
    bool directly_connected = false;  // on-link: its MAC is known
    std::optional<std::array<std::uint8_t, 6>> mac;
};

struct OsSettings {
    int max_tries = 5;
    double scan_delay_ms = 0;
    int timing_level = 3;
    bool udp_scan = false;  // -sU was given
    NmapBehaviour behaviour = NmapBehaviour::v7_93;  // V= on the SCAN line, merging, the round's values
    std::string platform = "x86_64-pc-linux-gnu";
};

class HostOsScan {
public:
    HostOsScan(OsTarget target, OsSettings settings);

    const OsTarget& target() const { return target_; }
    int tries_done() const { return static_cast<int>(rounds_.size()); }
    bool done() const { return done_; }
    // The hop distance measured by U1; it survives from round to round.
    std::optional<int>& udp_distance() { return udp_distance_; }
    // The closed UDP port U1 goes to this round (remembered once it draws an unreachable).
    void set_udp_port_used(std::uint16_t port) { udp_port_used_ = port; }
    // The target's MAC, once seen on a reply (on-link targets: SCAN M= and distance 1).
    void learn_mac(const std::array<std::uint8_t, 6>& mac) {
        if (!target_.mac) target_.mac = mac;
    }

    // endRound: finishes the round's fingerprint and matches it; the round's timing ratio
    // (OsRound::timing_ratio) joins the maximum. `send_failed` when a probe could not be sent.
    void end_round(const OsRound& round, bool send_failed, match::OsMatcher& matcher);

    // Why the fingerprint is not ideal (OmitSubmissionFP), if it is.
    std::optional<std::string> not_ideal_reason() const;

    struct Final {
        Fingerprint fingerprint;  // all rounds merged, with the SCAN line
        match::MatchResult result;
        match::Classification classes;
        match::OsScanConditions conditions;
        SeqAnalysis seq;  // the last round's
        std::optional<int> distance;
        int tries = 0;
    };
    // findBestFPs and the SCAN line. `wall_seconds` and the local date go into TM and D.
    Final finish(match::OsMatcher& matcher, std::int64_t wall_seconds, int month, int day) const;

private:
    struct Round {
        Fingerprint fingerprint;
        SeqAnalysis seq;
        double best_accuracy = 0;
        bool perfect = false;
    };
    int distance() const;
    char distance_method() const;

    OsTarget target_;
    OsSettings settings_;
    std::vector<Round> rounds_;
    std::optional<int> udp_distance_;
    std::optional<std::uint16_t> udp_port_used_;
    double max_timing_ratio_ = 0;
    bool send_failed_ = false;
    bool done_ = false;
};

// The rounds that lack nothing another round has (an answered test, an attribute); all of
// them when none is complete. Loss makes rounds incomplete; Nmap merges them anyway.
std::vector<std::size_t> complete_rounds(const std::vector<Fingerprint>& rounds);

// RFC 1918 and link-local addresses (SCAN PV=Y).
bool is_private_address(const IpAddress& a);

}  // namespace whorl::fp::active
