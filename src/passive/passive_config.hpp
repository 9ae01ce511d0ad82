// PassiveConfig: the knobs of the passive pipeline, with p0f 3.09b's defaults and limits
// (-t conn_age,host_idle and -m conns,hosts), and the switch that reproduces p0f's
// documented bugs for byte-for-byte comparisons with p0f's own output.
#pragma once

#include <cstdint>

#include "fp/tcp/tcp_quirks.hpp"

namespace whorl::fp::passive {

struct PassiveConfig {
    // -m: connection and host caps. p0f's defaults and its upper limits.
    std::uint32_t max_conn = 1000;
    std::uint32_t max_hosts = 10000;
    static constexpr std::uint32_t kMaxConnLimit = 100000;
    static constexpr std::uint32_t kMaxHostsLimit = 500000;

    // -t: a connection is dropped this long after its SYN; a host after this much idleness
    // (it is "seen" when it sends or receives a SYN).
    std::uint32_t conn_max_age_s = 30;
    std::uint32_t host_idle_limit_min = 120;

    // Reproduce p0f 3.09b where it is documented wrong (docs/decisions/0010): the `ack+`
    // quirk tests one bit of the ACK number, 802.1Q-tagged frames are dropped, IPv6 packets
    // with extension headers are ignored, a response whose headers span segments loses a
    // header per extra segment, the host cap evicts at most the single oldest host (after
    // pruning a tenth of the connections), and the HTTP Date check never fires.
    bool p0f_exact = false;

    // TLS hellos (whorl's own observations and evidence; off with p0f_exact, whose flows
    // must end where p0f's do).
    bool tls = true;
    bool tls_on() const { return tls && !p0f_exact; }

    AckQuirkRule ack_rule() const {
        return p0f_exact ? AckQuirkRule::p0f_3_09b : AckQuirkRule::logical;
    }
};

}  // namespace whorl::fp::passive
