// The first handshake message of one direction of a TLS-over-TCP connection, from that
// direction's payload as it arrived in order: TLS records (RFC 8446 section 5.1) of type
// handshake, their fragments joined until the message is whole. Bounded: a message whose
// records would take more than kMaxHelloBytes of stream is given up, never buffered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"

namespace whorl::fp::tls {

inline constexpr std::size_t kMaxHelloBytes = 16384;

namespace handshake {
inline constexpr std::uint8_t kClientHello = 1;
inline constexpr std::uint8_t kServerHello = 2;
}  // namespace handshake

enum class ScanStatus {
    need_more,  // a valid start: call again when more of the stream has arrived
    found,      // message holds the first handshake message
    not_tls,    // the stream does not start with a TLS handshake record
    too_large,  // the message would not fit in kMaxHelloBytes
    malformed,  // a record header that no TLS peer sends
};

struct HandshakeMessage {
    std::uint8_t type = 0;
    std::uint16_t record_version = 0;  // of the first record
    std::vector<std::byte> body;       // without the 4-byte message header
};

struct ScanResult {
    ScanStatus status = ScanStatus::need_more;
    HandshakeMessage message;  // when found
};

// `stream`: the direction's payload from its first byte.
ScanResult scan_first_handshake(Bytes stream);

}  // namespace whorl::fp::tls
