// PacketSink: where built IP packets go (a raw socket in production, a recorder in tests).
#pragma once

#include "base/bytes.hpp"
#include "base/error.hpp"
#include "base/ip_address.hpp"

namespace whorl::io {

class PacketSink {
public:
    virtual ~PacketSink() = default;
    // Sends one complete IP packet (header included) towards dst.
    virtual Result<void> send(Bytes ip_packet, const IpAddress& dst) = 0;
};

}  // namespace whorl::io
