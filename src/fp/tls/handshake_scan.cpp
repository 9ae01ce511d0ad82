// Joining TLS handshake records into the first handshake message; see handshake_scan.hpp.
#include "fp/tls/handshake_scan.hpp"

#include <algorithm>

namespace whorl::fp::tls {

namespace {

constexpr std::uint8_t kHandshakeRecord = 22;
constexpr std::size_t kRecordHeader = 5;
constexpr std::size_t kMaxPlaintextRecord = 16384;  // RFC 8446: 2^14

}  // namespace

ScanResult scan_first_handshake(Bytes stream) {
    ScanResult out;
    std::vector<std::byte> joined;
    std::size_t pos = 0;
    while (true) {
        if (stream.size() - pos < kRecordHeader) {
            // What there is of a header must already look like TLS.
            if (pos < stream.size() && load_u8(stream, pos) != kHandshakeRecord)
                out.status = joined.empty() ? ScanStatus::not_tls : ScanStatus::malformed;
            else if (pos + 1 < stream.size() && load_u8(stream, pos + 1) != 3)
                out.status = joined.empty() ? ScanStatus::not_tls : ScanStatus::malformed;
            return out;
        }
        std::uint8_t type = load_u8(stream, pos);
        std::uint16_t version = load_be16(stream, pos + 1);
        std::size_t length = load_be16(stream, pos + 3);
        if (type != kHandshakeRecord || (version >> 8) != 3) {
            out.status = joined.empty() ? ScanStatus::not_tls : ScanStatus::malformed;
            return out;
        }
        if (length == 0 || length > kMaxPlaintextRecord) {
            out.status = ScanStatus::malformed;
            return out;
        }
        if (pos + kRecordHeader + length > kMaxHelloBytes + kRecordHeader * 4) {
            out.status = ScanStatus::too_large;
            return out;
        }
        if (pos == 0) out.message.record_version = version;
        std::size_t arrived = std::min(length, stream.size() - pos - kRecordHeader);
        auto fragment = stream.subspan(pos + kRecordHeader, arrived);
        joined.insert(joined.end(), fragment.begin(), fragment.end());
        pos += kRecordHeader + arrived;
        // The message's length is checked as soon as it has arrived, whole record or not.
        if (joined.size() < 4) {
            if (arrived < length) return out;  // need_more
            continue;
        }
        std::size_t message_length = static_cast<std::size_t>(std::to_integer<std::uint8_t>(joined[1])) << 16 |
                                     static_cast<std::size_t>(std::to_integer<std::uint8_t>(joined[2])) << 8 |
                                     std::to_integer<std::uint8_t>(joined[3]);
        if (4 + message_length > kMaxHelloBytes) {
            out.status = ScanStatus::too_large;
            return out;
        }
        if (joined.size() < 4 + message_length) {
            if (arrived < length) return out;  // need_more
            continue;
        }
        out.status = ScanStatus::found;
        out.message.type = std::to_integer<std::uint8_t>(joined[0]);
        out.message.body.assign(joined.begin() + 4, joined.begin() + 4 + static_cast<std::ptrdiff_t>(message_length));
        return out;
    }
}

}  // namespace whorl::fp::tls
