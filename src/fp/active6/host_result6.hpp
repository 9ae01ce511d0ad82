// What an IPv6 OS scan of one host ends with, from its answers (pure: the scanner copies
// the facts out of the packets): Nmap's IPv6 fingerprint with its SCAN line (E=6), the
// distance, why the print is not ideal (FingerPrintResultsIPv6::OmitSubmissionFP), and a
// print in nmap-os-db's IPv4 terms for whorl's own verdict. A stack answers the TCP
// probes over IPv6 with the window, options and flags it uses over IPv4, so S1-S6, TECN
// and T2-T7 become SEQ (SP, GCD, ISR, TS), OPS, WIN, T1 (S1's answer), ECN and T2-T7, with
// the hop limit in place of the TTL. What IPv4 alone has (DF, IP IDs, U1 and IE, whose
// IPv4 fields ICMPv6 does not carry) is left out, so the matcher does not count it; what
// IPv6 alone has is whorl's V6 test (fp/active6/ipv6_only_test), which only whorl's own
// IPv6 prints score (docs/decisions/0027-ipv6-os-detection.md).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/active/host_os_scan.hpp"
#include "fp/active/replies.hpp"
#include "fp/active6/fingerprint6.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "wire/ipv6.hpp"

namespace whorl::fp::active6 {

struct Answer6 {
    Reply6 reply;
    std::optional<active::TcpReply> tcp;  // a TCP answer (ip.ttl: the hop limit)
    std::uint32_t probe_seq = 0, probe_ack = 0;  // the TCP probe's
    bool probe_ack_known = true;  // false when read back from a print (the ack is not in it)
    std::optional<int> quoted_hop_limit;  // an ICMPv6 error: our probe's hop limit as it arrived
    int sent_hop_limit = 0;
    std::int64_t sent_mono_us = 0;        // S1-S6: when it left (the SEQ tests' timing)
    std::int64_t sent_wall_seconds = 0;
};

// The IPv6 header's facts in the IPv4 round's terms: the hop limit as the TTL, no DF, no
// IP ID, the packet's length.
inline active::IpMeta ip_meta6(const wire::Ipv6View& ip) {
    return {ip.hop_limit(), false, 0, static_cast<std::uint16_t>(wire::Ipv6View::kHeaderLength + ip.payload_length())};
}

struct Scan6Summary {
    active::OsTarget target;  // closed_udp_port: the port U1 went to
    active::OsSettings settings;
    std::uint32_t flow_label = 0;
    bool send_failed = false;
};

struct Final6 {
    Fingerprint fingerprint;  // Nmap's, with the SCAN line
    Fingerprint verdict_print;  // IPv4 terms, for fp::verdict
    std::optional<int> distance;
    std::optional<std::string> not_ideal_reason;
};

Final6 finish6(const Scan6Summary& scan, const std::vector<Answer6>& answers, std::int64_t wall_seconds, int month,
               int day);

// The verdict's print: the TCP answers in nmap-os-db's IPv4 terms (see above); `hops`, the
// distance when ICMPv6 told it, turns the hop limits into T. Where the probes' acks are
// unknown (answers read back from a print), the T tests' S is left out.
Fingerprint ipv4_terms(const Scan6Summary& scan, const std::vector<Answer6>& answers, std::optional<int> hops);

}  // namespace whorl::fp::active6
