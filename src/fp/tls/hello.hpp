// TLS ClientHello and ServerHello (RFC 8446 section 4.1.2-4.1.3, RFC 5246 section 7.4.1):
// the values fingerprints are built from, parsed from one handshake message. Untrusted
// bytes: every read is bounds-checked and a message that does not add up is rejected as a
// whole (no partial hello). Values are copies; nothing points into the packet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.hpp"

namespace whorl::fp::tls {

// RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa (cipher suites, extensions, groups, versions).
constexpr bool is_grease(std::uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

struct TlsExtension {
    std::uint16_t type = 0;
    std::vector<std::byte> data;
};

// Extension types whorl decodes.
namespace ext {
inline constexpr std::uint16_t kServerName = 0x0000;
inline constexpr std::uint16_t kSupportedGroups = 0x000a;
inline constexpr std::uint16_t kEcPointFormats = 0x000b;
inline constexpr std::uint16_t kSignatureAlgorithms = 0x000d;
inline constexpr std::uint16_t kAlpn = 0x0010;
inline constexpr std::uint16_t kSupportedVersions = 0x002b;
}  // namespace ext

struct ClientHello {
    std::uint16_t legacy_version = 0;  // ClientHello.legacy_version (0x0303 for TLS 1.3)
    std::vector<std::uint16_t> cipher_suites;  // in order, GREASE included
    std::vector<std::uint8_t> compression_methods;
    std::vector<TlsExtension> extensions;  // in order, GREASE included
    // Decoded from the extensions above (empty when absent or unreadable).
    bool has_server_name = false;
    std::string server_name;  // the first host_name entry
    std::vector<std::string> alpn;  // protocol names, in order
    std::vector<std::uint16_t> supported_versions, signature_algorithms, supported_groups;
    std::vector<std::uint8_t> ec_point_formats;

    const TlsExtension* find(std::uint16_t type) const;
};

struct ServerHello {
    std::uint16_t legacy_version = 0;
    std::uint16_t cipher_suite = 0;
    std::uint8_t compression_method = 0;
    std::vector<TlsExtension> extensions;  // in order
    std::uint16_t selected_version = 0;     // supported_versions, 0 when absent (TLS <= 1.2)
    std::string alpn;                       // the protocol chosen, empty when none
    bool hello_retry_request = false;       // RFC 8446's special random value

    // TLS 1.3's version when it says so, else legacy_version.
    std::uint16_t version() const { return selected_version ? selected_version : legacy_version; }
};

// `body` is the handshake message's body (after its 4-byte type and length header).
std::optional<ClientHello> parse_client_hello(Bytes body);
std::optional<ServerHello> parse_server_hello(Bytes body);

}  // namespace whorl::fp::tls
