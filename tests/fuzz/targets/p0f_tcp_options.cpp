// Fuzz target: p0f's TCP option walk over an arbitrary option area (first byte picks the
// TCP flags), then quirks, matcher input and the raw signature.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fp/tcp/tcp_matcher.hpp"

using namespace whorl::fp::passive;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    TcpHeaderFields h;
    h.tcp_flags = data[0];
    std::span<const std::byte> area(reinterpret_cast<const std::byte*>(data + 1), size - 1);
    TcpOptions o = parse_tcp_options(area);
    if (o.layout.count > kMaxTcpOptions) __builtin_trap();
    if (o.eol_pad > area.size()) __builtin_trap();
    TcpSignatureInput in = make_tcp_input(h, o, data[0], 0, static_cast<std::uint16_t>(size * 97),
                                          static_cast<std::uint16_t>(40 + area.size()), size & 1,
                                          static_cast<std::uint16_t>(size * 13));
    (void)format_tcp_raw_sig(in);
    return 0;
}
