// ClientHello and ServerHello parsing; see hello.hpp.
#include "fp/tls/hello.hpp"

#include <algorithm>
#include <array>

#include "fp/tls/tls_reader.hpp"

namespace whorl::fp::tls {

namespace {

// RFC 8446 section 4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr std::array<std::uint8_t, 32> kHelloRetryRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

// The extensions block, if any: what is left of the message must be exactly one block.
std::optional<std::vector<TlsExtension>> read_extensions(TlsReader& r) {
    std::vector<TlsExtension> out;
    if (r.empty()) return out;  // may be left out entirely (SSL 3.0, TLS 1.0 without any)
    TlsReader block = r.vec16();
    if (r.failed() || !r.empty()) return std::nullopt;
    while (!block.empty()) {
        TlsExtension e;
        e.type = block.u16();
        Bytes data = block.vec16_bytes();
        if (block.failed()) return std::nullopt;
        e.data.assign(data.begin(), data.end());
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::uint16_t> u16_list(TlsReader list) {
    std::vector<std::uint16_t> out;
    while (list.remaining() >= 2) out.push_back(list.u16());
    return out;
}

void decode_server_name(ClientHello& h, TlsReader r) {
    TlsReader list = r.vec16();
    while (!list.empty() && !list.failed()) {
        std::uint8_t kind = list.u8();
        Bytes name = list.vec16_bytes();
        if (!list.failed() && kind == 0 && h.server_name.empty()) h.server_name = std::string(as_text(name));
    }
}

std::vector<std::string> alpn_names(TlsReader r) {
    std::vector<std::string> out;
    TlsReader list = r.vec16();
    while (!list.empty() && !list.failed()) {
        Bytes name = list.vec8_bytes();
        if (!list.failed()) out.push_back(std::string(as_text(name)));
    }
    return out;
}

// The decoded views of the extensions whorl reads; a malformed one stays (partly) empty.
void decode(ClientHello& h) {
    for (const TlsExtension& e : h.extensions) {
        TlsReader r(e.data);
        switch (e.type) {
            case ext::kServerName:
                h.has_server_name = true;
                decode_server_name(h, r);
                break;
            case ext::kAlpn:
                h.alpn = alpn_names(r);
                break;
            case ext::kSupportedVersions:
                h.supported_versions = u16_list(r.vec8());
                break;
            case ext::kSignatureAlgorithms:
                h.signature_algorithms = u16_list(r.vec16());
                break;
            case ext::kSupportedGroups:
                h.supported_groups = u16_list(r.vec16());
                break;
            case ext::kEcPointFormats: {
                Bytes formats = r.vec8_bytes();
                for (std::byte b : formats) h.ec_point_formats.push_back(std::to_integer<std::uint8_t>(b));
                break;
            }
            default:
                break;
        }
    }
}

}  // namespace

const TlsExtension* ClientHello::find(std::uint16_t type) const {
    auto it = std::find_if(extensions.begin(), extensions.end(), [&](const TlsExtension& e) { return e.type == type; });
    return it == extensions.end() ? nullptr : &*it;
}

std::optional<ClientHello> parse_client_hello(Bytes body) {
    TlsReader r(body);
    ClientHello h;
    h.legacy_version = r.u16();
    r.bytes(32);  // random
    r.vec8();     // legacy_session_id
    TlsReader suites = r.vec16();
    Bytes compression = r.vec8_bytes();
    if (r.failed() || suites.remaining() % 2 != 0) return std::nullopt;
    h.cipher_suites = u16_list(suites);
    for (std::byte b : compression) h.compression_methods.push_back(std::to_integer<std::uint8_t>(b));
    auto extensions = read_extensions(r);
    if (!extensions) return std::nullopt;
    h.extensions = std::move(*extensions);
    decode(h);
    return h;
}

std::optional<ServerHello> parse_server_hello(Bytes body) {
    TlsReader r(body);
    ServerHello h;
    h.legacy_version = r.u16();
    Bytes random = r.bytes(32);
    r.vec8();  // legacy_session_id_echo
    h.cipher_suite = r.u16();
    h.compression_method = r.u8();
    if (r.failed()) return std::nullopt;
    h.hello_retry_request = std::equal(random.begin(), random.end(), kHelloRetryRandom.begin(), kHelloRetryRandom.end(),
                                       [](std::byte a, std::uint8_t b) { return std::to_integer<std::uint8_t>(a) == b; });
    auto extensions = read_extensions(r);
    if (!extensions) return std::nullopt;
    h.extensions = std::move(*extensions);
    for (const TlsExtension& e : h.extensions) {
        TlsReader x(e.data);
        if (e.type == ext::kSupportedVersions) {
            std::uint16_t v = x.u16();
            if (!x.failed()) h.selected_version = v;
        } else if (e.type == ext::kAlpn) {
            auto names = alpn_names(x);
            if (!names.empty()) h.alpn = names.front();
        }
    }
    return h;
}

}  // namespace whorl::fp::tls
