// The fingerprint Nmap prints for an IPv6 target (FingerPrintResultsIPv6::merge_fpr): the
// SCAN line with E=6, one line per answered probe in probe order,
//   S1(P=<the answer's IPv6 packet in hex>%ST=<sent>%RT=<received>)
// with every IPv6 source and destination address, the quoted packet's in an ICMPv6 error
// included, and a neighbor advertisement's target shown as XX, the times in seconds since
// the OS scan began (%g), and EXTRA(FL=<the probes' flow label, 5 hex digits>). The
// wrapped form run-length encodes the hex (fp::Fingerprint::text does that for E=6).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "fp/active6/probe6.hpp"
#include "fp/fingerprint/fingerprint.hpp"

namespace whorl::fp::active6 {

struct Reply6 {
    Probe6Id probe;
    std::vector<std::byte> packet;  // from the IPv6 fixed header on
    double sent_seconds = 0;        // the probe's (last) send, since the scan began
    double received_seconds = 0;
};

// Lower-case hex of an IPv6 packet with its addresses as XX (at any depth of ICMPv6
// error quoting, and the target of a neighbor advertisement).
std::string scrubbed_hex(Bytes ipv6_packet);

// The tests after the SCAN line (the caller sets Fingerprint::scan with engine 6).
Fingerprint fingerprint6(const std::vector<Reply6>& replies, std::uint32_t flow_label);

}  // namespace whorl::fp::active6
