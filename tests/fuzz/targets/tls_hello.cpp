// Fuzz target: a TCP stream's first TLS handshake message (record scan, ClientHello and
// ServerHello parsing) and the fingerprints built from it. Never a crash or a read past
// the input; a found message is never larger than the bound; JA4 keeps its shape.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fp/tls/handshake_scan.hpp"
#include "fp/tls/hello.hpp"
#include "fp/tls/ja4.hpp"
#include "fp/tls/mercury_string.hpp"

using namespace whorl::fp::tls;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    auto scan = scan_first_handshake(input);
    if (scan.status == ScanStatus::found && scan.message.body.size() + 4 > kMaxHelloBytes) __builtin_trap();
    // The input is also tried as a bare message body, as QUIC's CRYPTO frames carry it.
    for (auto body : {std::span<const std::byte>(scan.message.body), input}) {
        if (auto h = parse_client_hello(body)) {
            std::string j = ja4(*h);
            if (j.size() != 36 || j[10] != '_' || j[23] != '_') __builtin_trap();
            (void)ja4_r(*h);
            (void)ja3_text(*h);
            (void)mercury_sorted_key(mercury_tls_string(*h));
        }
        (void)parse_server_hello(body);
    }
    return 0;
}
