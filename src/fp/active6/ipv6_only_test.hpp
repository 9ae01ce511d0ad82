// whorl's V6 test: what only an IPv6 stack's answers tell, as one test line in nmap-os-db
// syntax for whorl's own IPv6 prints (data/whorl-os6-db, whose MatchPoints line gives its
// weights). Nmap's prints have no V6 test, so it counts only against whorl's own prints
// (docs/decisions/0027-ipv6-os-detection.md). Its attributes:
//   FL  the flow label of the TCP answers: Z all zero, E the probes' 0x12345 echoed, R other
//   I1  the answer to IE1 (echo request behind a hop-by-hop header): ICMPv6 type and code
//       as four hex digits ("8109": an echo reply with the probe's code 9), N none
//   I2  the same for IE2 (behind four extension headers, routing type 0 among them)
//   U   the same for U1 (a UDP datagram to a closed port)
//   NA  the neighbor advertisement answering NS: its flags as letters (R router, S
//       solicited, O override), N none; only when NS was sent (the target is on the link)
//   NO  whether that advertisement carries a target link-layer address option (Y/N)
//   TG  the hop limit ICMPv6 answers start from (the first of I1, I2, U's answers, rounded
//       up to 32, 64, 128 or 255, in hex as Nmap's TG)
#pragma once

#include <vector>

#include "fp/active6/host_result6.hpp"
#include "fp/fingerprint/fingerprint.hpp"

namespace whorl::fp::active6 {

// The V6 test of a host's answers; `ns_sent`: NS went out (on-link targets only).
Test ipv6_only_test(const std::vector<Answer6>& answers, bool ns_sent);

}  // namespace whorl::fp::active6
