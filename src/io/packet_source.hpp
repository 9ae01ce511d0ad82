// PacketSource: where captured frames come from (a pcap file or a live interface), behind
// a small interface so the engine and the passive pipeline can be driven by fakes in tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace whorl::io {

struct CapturedPacket {
    Bytes data;                    // valid until the next call to next()
    std::uint32_t wire_length = 0;  // length on the wire; data.size() is the captured part
    std::chrono::microseconds timestamp{0};  // capture time since the Unix epoch
    // This packet's link-layer header type as a pcap DLT. Every PacketSource sets it: a
    // source with one link type (a classic pcap file, a live interface) to its datalink(),
    // a pcapng file to the DLT of the interface the packet was captured on. -1: not set.
    int dlt = -1;
    // The interface it was captured on: the index of a pcapng file's Interface Description
    // Block in its section; 0 for sources with one interface.
    std::uint32_t interface = 0;
};

struct CaptureStats {
    std::uint64_t received = 0;          // packets seen by the filter
    std::uint64_t dropped = 0;           // dropped by the kernel (buffer full)
    std::uint64_t interface_dropped = 0;  // dropped by the interface or driver
};

class PacketSource {
public:
    virtual ~PacketSource() = default;

    // The link-layer header type as a pcap DLT number (1 Ethernet, 113 Linux SLL, ...). For
    // a source whose packets may differ (link_type_per_packet()), that of the first
    // interface; each packet carries its own in CapturedPacket::dlt.
    virtual int datalink() const = 0;

    // Whether packets may come with different link types (a pcapng file with several
    // interfaces): then a consumer decodes each by its CapturedPacket::dlt and should not
    // judge the whole source by datalink().
    virtual bool link_type_per_packet() const { return false; }

    // The next packet. nullopt: no packet ready now (live) or end of file (then at_end()).
    // An error is final: a corrupt or truncated file, or a failed interface.
    virtual Result<std::optional<CapturedPacket>> next() = 0;

    virtual bool at_end() const = 0;

    // A file descriptor that becomes readable when packets may be ready (live), or -1.
    virtual int selectable_fd() const = 0;

    virtual CaptureStats stats() const = 0;
};

}  // namespace whorl::io
