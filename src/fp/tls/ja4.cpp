// JA4 and JA3's text; see ja4.hpp.
#include "fp/tls/ja4.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <fmt/format.h>

#include "base/sha256.hpp"

namespace whorl::fp::tls {

namespace {

std::string version_code(const ClientHello& h) {
    std::uint16_t v = 0;
    for (std::uint16_t s : h.supported_versions)
        if (!is_grease(s)) v = std::max(v, s);
    if (h.supported_versions.empty()) v = h.legacy_version;
    switch (v) {
        case 0x0304: return "13";
        case 0x0303: return "12";
        case 0x0302: return "11";
        case 0x0301: return "10";
        case 0x0300: return "s3";
        case 0x0002: return "s2";
        case 0xfeff: return "d1";
        case 0xfefd: return "d2";
        case 0xfefc: return "d3";
        default: return "00";
    }
}

bool alnum(unsigned char c) { return std::isalnum(c) != 0 && c < 0x80; }

// The first and last characters of the first ALPN value; where either is not ASCII
// alphanumeric, the first and last characters of the value's hex instead.
std::string alpn_code(const ClientHello& h) {
    if (h.alpn.empty() || h.alpn.front().empty()) return "00";
    const std::string& v = h.alpn.front();
    auto first = static_cast<unsigned char>(v.front()), last = static_cast<unsigned char>(v.back());
    if (alnum(first) && alnum(last)) return std::string{static_cast<char>(first), static_cast<char>(last)};
    static constexpr char kDigits[] = "0123456789abcdef";
    return std::string{kDigits[first >> 4], kDigits[last & 0xf]};
}

std::string two_digits(std::size_t n) { return fmt::format("{:02}", std::min<std::size_t>(n, 99)); }

std::string hex_list(const std::vector<std::uint16_t>& values) {
    std::string out;
    for (std::uint16_t v : values) {
        if (!out.empty()) out += ',';
        out += fmt::format("{:04x}", v);
    }
    return out;
}

std::vector<std::uint16_t> without_grease(const std::vector<std::uint16_t>& values) {
    std::vector<std::uint16_t> out;
    for (std::uint16_t v : values)
        if (!is_grease(v)) out.push_back(v);
    return out;
}

struct Ja4Parts {
    std::string prefix, ciphers, extensions;  // the lists in clear, sorted
};

Ja4Parts ja4_parts(const ClientHello& h, Carrier carrier) {
    std::vector<std::uint16_t> types;
    for (const TlsExtension& e : h.extensions) types.push_back(e.type);
    auto ciphers = without_grease(h.cipher_suites);
    auto extensions = without_grease(types);
    Ja4Parts p;
    p.prefix = std::string(1, carrier == Carrier::quic ? 'q' : carrier == Carrier::dtls ? 'd' : 't') + version_code(h) +
               (h.has_server_name ? "d" : "i") + two_digits(ciphers.size()) + two_digits(extensions.size()) + alpn_code(h);
    std::sort(ciphers.begin(), ciphers.end());
    p.ciphers = hex_list(ciphers);
    std::vector<std::uint16_t> hashed;
    for (std::uint16_t t : extensions)
        if (t != ext::kServerName && t != ext::kAlpn) hashed.push_back(t);
    std::sort(hashed.begin(), hashed.end());
    p.extensions = hex_list(hashed);
    auto algorithms = without_grease(h.signature_algorithms);
    if (!algorithms.empty()) p.extensions += "_" + hex_list(algorithms);
    return p;
}

std::string truncated_hash(const std::string& list) { return list.empty() ? "000000000000" : sha256_hex(list).substr(0, 12); }

std::string decimal_list(const std::vector<std::uint16_t>& values) {
    std::string out;
    for (std::uint16_t v : values) {
        if (is_grease(v)) continue;
        if (!out.empty()) out += '-';
        out += std::to_string(v);
    }
    return out;
}

}  // namespace

std::string ja4(const ClientHello& hello, Carrier carrier) {
    Ja4Parts p = ja4_parts(hello, carrier);
    return p.prefix + "_" + truncated_hash(p.ciphers) + "_" + truncated_hash(p.extensions);
}

std::string ja4_r(const ClientHello& hello, Carrier carrier) {
    Ja4Parts p = ja4_parts(hello, carrier);
    return p.prefix + "_" + p.ciphers + "_" + p.extensions;
}

std::string ja3_text(const ClientHello& hello) {
    std::vector<std::uint16_t> types;
    for (const TlsExtension& e : hello.extensions) types.push_back(e.type);
    std::string formats;
    for (std::uint8_t f : hello.ec_point_formats) formats += (formats.empty() ? "" : "-") + std::to_string(f);
    return fmt::format("{},{},{},{},{}", hello.legacy_version, decimal_list(hello.cipher_suites), decimal_list(types),
                       decimal_list(hello.supported_groups), formats);
}

}  // namespace whorl::fp::tls
