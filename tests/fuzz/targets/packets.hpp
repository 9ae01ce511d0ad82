// Every packet of a capture source, for the targets that read captures: to the end of the
// input or to its first error, which must name the file and an offset (else a trap), and
// at most kMaxPackets of them.
#pragma once

#include "io/packet_source.hpp"

inline constexpr int kMaxPackets = 100000;

template <class F>
void for_each_packet(whorl::io::PacketSource& source, F&& on_packet) {
    for (int n = 0; n < kMaxPackets; ++n) {
        auto pkt = source.next();
        if (!pkt) {
            if (pkt.error().where.empty()) __builtin_trap();  // errors name the file and offset
            return;
        }
        if (!*pkt) return;
        on_packet(**pkt);
    }
}
