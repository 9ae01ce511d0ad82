// One p0f v3 TCP signature, `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`, as read
// from a `sig =` line of p0f.fp, with p0f's parsing rules (readfp.c / fp_tcp.c of 3.09b).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/expected.hpp"
#include "fp/tcp/tcp_quirks.hpp"

namespace whorl::fp::passive {

enum class WindowType : std::uint8_t {
    literal,   // N
    any,       // *
    modulo,    // %N
    mss_mult,  // mss*N
    mtu_mult,  // mtu*N
};

struct TcpSignature {
    std::uint8_t ip_version = 0;  // 4, 6, or 0 for "*"
    std::uint8_t ttl = 0;         // initial TTL (N+D already summed)
    bool bad_ttl = false;         // "N-": randomised TTL, only an upper bound
    std::uint8_t ip_opt_len = 0;
    std::int32_t mss = -1;        // -1 = "*"
    WindowType win_type = WindowType::literal;
    std::uint16_t win = 0;        // value, divisor or multiplier
    std::int16_t wscale = -1;     // -1 = "*"
    OptionLayout layout;
    std::uint8_t eol_pad = 0;
    QuirkSet quirks;
    std::int8_t pay_class = -1;   // -1 = "*", 0 = no payload, 1 = payload

    friend bool operator==(const TcpSignature&, const TcpSignature&) = default;
};

// Parses the value of a TCP `sig =` line; the error is a one-line reason without location.
expected<TcpSignature, std::string> parse_tcp_signature(std::string_view text);

// The signature back in p0f.fp syntax (round-trips through parse_tcp_signature).
std::string format_tcp_signature(const TcpSignature& sig);

}  // namespace whorl::fp::passive
