// JA4, FoxIO's TLS client fingerprint (technical_details/JA4.md of github.com/FoxIO-LLC/ja4,
// BSD 3-Clause), and JA3's text (salesforce/ja3) for comparison with other tools:
//   JA4   = t13d1516h2_8daaf6152771_e5627efa2ab1
//   JA4_r = the same with the sorted lists in clear instead of their truncated hashes.
// GREASE values are ignored everywhere. JA4+'s other methods (JA4S, JA4H, ...) are under
// the FoxIO License, not BSD, and are not implemented (docs/decisions/0015).
#pragma once

#include <string>

#include "fp/tls/hello.hpp"

namespace whorl::fp::tls {

enum class Carrier { tcp, quic, dtls };

std::string ja4(const ClientHello& hello, Carrier carrier = Carrier::tcp);
std::string ja4_r(const ClientHello& hello, Carrier carrier = Carrier::tcp);

// "771,4865-4866-...,0-23-65281-...,29-23-24,0": version, ciphers, extensions, groups,
// point formats in decimal and in order, GREASE left out (what tshark prints as
// tls.handshake.ja3_full).
std::string ja3_text(const ClientHello& hello);

}  // namespace whorl::fp::tls
