// EthernetSink: sends whole link-layer frames on one interface through an AF_PACKET
// socket (ARP requests for host discovery). Needs root or CAP_NET_RAW.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace whorl::io {

class EthernetSink {
public:
    static Result<EthernetSink> open(const std::string& interface);
    EthernetSink(EthernetSink&& other) noexcept;
    EthernetSink& operator=(EthernetSink&&) = delete;
    EthernetSink(const EthernetSink&) = delete;
    EthernetSink& operator=(const EthernetSink&) = delete;
    ~EthernetSink();

    Result<void> send(Bytes frame);
    const std::array<std::uint8_t, 6>& mac() const { return mac_; }

private:
    EthernetSink(int fd, int ifindex, std::array<std::uint8_t, 6> mac) : fd_(fd), ifindex_(ifindex), mac_(mac) {}
    int fd_ = -1;
    int ifindex_ = 0;
    std::array<std::uint8_t, 6> mac_{};
};

}  // namespace whorl::io
