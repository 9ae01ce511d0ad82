// Raw IP sinks: IPv4 with IP_HDRINCL and IPv6 with IPPROTO_RAW (the caller supplies the
// whole IP header). Opening one needs root or CAP_NET_RAW; the error says so.
#pragma once

#include "io/packet_sink.hpp"

namespace whorl::io {

class RawIpSink final : public PacketSink {
public:
    static Result<RawIpSink> open(IpAddress::Family family);
    RawIpSink(RawIpSink&& other) noexcept;
    RawIpSink& operator=(RawIpSink&& other) noexcept;
    RawIpSink(const RawIpSink&) = delete;
    RawIpSink& operator=(const RawIpSink&) = delete;
    ~RawIpSink() override;

    Result<void> send(Bytes ip_packet, const IpAddress& dst) override;
    int fd() const { return fd_; }

private:
    RawIpSink(int fd, IpAddress::Family family) : fd_(fd), family_(family) {}
    int fd_ = -1;
    IpAddress::Family family_;
};

}  // namespace whorl::io
