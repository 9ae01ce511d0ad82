// The ClientHello fingerprint string of Cisco's mercury (its "tls" format, the keys of the
// OS-labelled table in data/mercury/): "(0303)(c02b...)((0000)(000a000a0008001d...)...)".
//   - legacy version and cipher suites in hex, in order, GREASE written as 0a0a;
//   - each extension in order: its type, and for the types whose contents identify an
//     implementation (groups, point formats, signature algorithms, ALPN, versions, ...)
//     its length and data too; GREASE types as 0a0a with their data, and GREASE values
//     inside supported_groups and supported_versions as 0a0a.
// The rule was read off the table itself: which types carry data there (every entry of
// 13,633 agrees).
#pragma once

#include <string>

#include "fp/tls/hello.hpp"

namespace whorl::fp::tls {

std::string mercury_tls_string(const ClientHello& hello);

// The same fingerprint with its extensions in sorted order: clients that shuffle their
// extensions (Chrome since version 110) keep this one.
std::string mercury_sorted_key(const std::string& mercury_string);

}  // namespace whorl::fp::tls
