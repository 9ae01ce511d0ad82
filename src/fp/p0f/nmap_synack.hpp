// Passive SYN+ACK signatures derived from Nmap's reference prints. Nmap's first sequence
// probe is a SYN with the options a client sends (window scale, MSS 1460, timestamps,
// SACK permitted), so a print's T1 line (the SYN+ACK's TTL guess, DF, sequence and
// acknowledgement), its OPS O1 and WIN W1 (that SYN+ACK's options and window) and its SEQ
// TI (the IP ID of those SYN+ACKs) say what the OS sends a client such as curl. What
// carries over and what does not is in docs/decisions/0022-synack-from-nmap-os-db.md:
//  - carried: the initial TTL (TG, or T rounded up), DF, the option layout, the window
//    scale value, the window (exact, for a client with an MSS of 1460: Ethernet), a zero
//    own timestamp (ts1-), a zero sequence number (seq-), a zero IP ID or not (id+);
//  - not carried: the MSS (it follows the server's link), anything the client decides
//    (whether scale, timestamps and SACK appear at all: curl offers all three, as Nmap).
// Every print whose T1 answered gives one or more p0f signatures (alternatives of DF, the
// IP ID kind and the window multiply); prints with the same signature are pooled, and the
// signature is labelled with the OS family most of them name (as p0f's passive families:
// Linux, Windows, BSD, ...), specific ("s") when at least kSpecificShare of them do,
// generic ("g") otherwise, with the count in a comment. The text is p0f.fp syntax, read by
// the same loader as p0f.fp, and matched by the same TcpMatcher.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "fp/db/os_db.hpp"
#include "fp/p0f/p0f_database.hpp"

namespace whorl::fp::passive {

// A signature is labelled specific when this share of its prints name its family.
inline constexpr double kSpecificShare = 0.8;

// The p0f signatures (the "sig =" value) one print's SYN+ACK lines describe; empty when its
// T1 says no answer, or the print lacks T1 or OPS O1 or WIN W1.
std::vector<std::string> synack_signatures(const db::OsDb& db, std::uint32_t print);

// Every print's signatures, pooled and labelled, as a p0f.fp text ("classes = ...",
// "[tcp:response]", label and sig lines).
std::string synack_signatures_text(const db::OsDb& db);

// The same text loaded: a database for TcpMatcher's response direction.
Result<P0fDatabase> synack_database(const db::OsDb& db);

}  // namespace whorl::fp::passive
