// An IPv6 fingerprint as Nmap or whorl printed it, read back into answers for whorl's
// verdict (`whorl match`): each P= is the answer's packet with its addresses zeroed. What
// the print does not hold is worked out or left out: the probes' sequence base from the
// acknowledgements of the TCP answers (each probe's number is base + its index), the
// distance from the SCAN line's DS; the probes' random acks are not in it, so the T tests'
// S is left out of the verdict's print.
#pragma once

#include "base/error.hpp"
#include "fp/active6/host_result6.hpp"
#include "fp/fingerprint/fingerprint.hpp"

namespace whorl::fp::active6 {

// The verdict's print of an IPv6 fingerprint (SCAN E=6); an error names the test whose P=
// is not an IPv6 packet.
Result<Fingerprint> ipv4_terms_of_print(const Fingerprint& ipv6_print);

}  // namespace whorl::fp::active6
