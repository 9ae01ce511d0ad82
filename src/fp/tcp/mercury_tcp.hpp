// Cisco mercury's TCP fingerprint string of a SYN, as its OS-labelled table lists them
// (data/mercury/tcp-os.tsv): the window in hex, then each option in order, in parentheses,
// with its kind byte; MSS and window scale keep their length and value, every other option
// (SACK permitted, timestamps, ...) only its kind; an EOL is followed by one "(00)" per
// padding byte after it. "(faf0)(020405b4)(01)(030308)(01)(01)(04)" is Windows 10's SYN.
// And the evidence a SYN gives from that table, as likelihoods over OS families.
#pragma once

#include <optional>
#include <string>

#include "fp/fusion/evidence.hpp"
#include "fp/tcp/tcp_matcher.hpp"
#include "fp/tls/mercury_table.hpp"

namespace whorl::fp::passive {

std::string mercury_tcp_string(const TcpSignatureInput& syn);

// A family holding at least this share of a fingerprint's sightings is named.
inline constexpr double kMercuryTcpDecisive = 0.8;
// Fingerprints seen fewer times than this say nothing.
inline constexpr std::uint64_t kMercuryTcpMinObservations = 10;

// Evidence (source mercury_syn) when `table` lists the SYN's string and one OS family holds
// at least kMercuryTcpDecisive of its sightings: that family, its heaviest OS version as
// the flavor, the family's share as the strength. nullopt otherwise, and also when the
// SYN's initial TTL is not that family's own (Windows starts at 128, the Unix-like
// families at 64): mercury labels a connection with the OS of the endpoint it came from,
// and a Linux stack in WSL or a VM on a Windows endpoint sends Linux's SYN (mercury's
// table calls Linux's "(7210)(020405b4)(04)(08)(01)(030307)" Windows 10 for 98 sightings).
// The fingerprint string carries no TTL, so the TTL is checked here.
std::optional<Evidence> mercury_syn_evidence(const tls::MercuryTable& table, const TcpSignatureInput& syn);

}  // namespace whorl::fp::passive
