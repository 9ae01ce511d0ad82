// Test support for the OS-round tests: a SYN/ACK reply as the SEQ probes draw it.
#pragma once

#include <cstdint>

#include "fp/active/replies.hpp"

namespace whorl::fp::active::test {

// A SYN/ACK with TTL 64, DF, this IP ID and ISN, acknowledging 1001.
inline TcpReply syn_ack(std::uint16_t ip_id, std::uint32_t isn) {
    TcpReply r;
    r.ip = {64, true, ip_id, 60};
    r.seq = isn;
    r.ack = 1001;
    r.flags = TcpFlags::syn | TcpFlags::ack;
    return r;
}

}  // namespace whorl::fp::active::test
