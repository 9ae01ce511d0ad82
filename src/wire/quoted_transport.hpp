// The start of a transport header quoted inside an ICMP error: often only 8 bytes (RFC
// 792), enough for the ports and the TCP sequence number or the UDP length and checksum.
// Each field is there only if the quote reaches it.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"

namespace whorl::wire {

class QuotedTransport {
public:
    explicit QuotedTransport(Bytes bytes) : bytes_(bytes) {}

    Bytes bytes() const { return bytes_; }
    std::optional<std::uint16_t> src_port() const { return be16(0); }
    std::optional<std::uint16_t> dst_port() const { return be16(2); }
    std::optional<std::uint32_t> tcp_seq() const {
        return bytes_.size() >= 8 ? std::optional(load_be32(bytes_, 4)) : std::nullopt;
    }
    std::optional<std::uint16_t> udp_length() const { return be16(4); }
    std::optional<std::uint16_t> udp_checksum() const { return be16(6); }

private:
    std::optional<std::uint16_t> be16(std::size_t off) const {
        return bytes_.size() >= off + 2 ? std::optional(load_be16(bytes_, off)) : std::nullopt;
    }
    Bytes bytes_;
};

}  // namespace whorl::wire
