// Fuzz target: QUIC client Initial packets (fp/tls/quic_initial). The input is read twice:
// as a UDP payload as captured (header parsing, coalesced packets, header protection and
// AEAD on whatever arrives), and, to reach the frame parser past the AEAD, as frames that
// the target protects itself with the first byte's worth of DCID (protect_client_initial)
// before reading them back. A protected packet must read back; the assembler must stay
// within its bounds, and any ClientHello it yields must parse or be rejected, never crash.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "fp/tls/hello.hpp"
#include "fp/tls/ja4.hpp"
#include "fp/tls/quic_initial.hpp"

using namespace whorl::fp::tls;

namespace {

void assemble(QuicHelloAssembler& assembler, const QuicInitial& initial) {
    if (auto m = assembler.add("fuzz", initial)) {
        if (m->body.size() + 4 > kMaxHelloBytes + 4) __builtin_trap();
        if (auto h = parse_client_hello(m->body)) (void)ja4(*h, Carrier::quic);
    }
    if (assembler.pending() > QuicHelloAssembler::kMaxClients) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    QuicHelloAssembler assembler;
    if (auto initial = read_client_initial(input)) assemble(assembler, *initial);
    if (size >= 1) {
        const std::size_t dcid_len = std::min<std::size_t>(data[0] % 21, size - 1);
        auto dcid = input.subspan(1, dcid_len);
        auto frames = input.subspan(1 + dcid_len);
        auto packet = protect_client_initial(dcid, {}, 7, frames);
        if (!packet.empty()) {
            auto back = read_client_initial(packet);
            // Protected by the same keys: it opens; its frames may still be invalid.
            if (back) assemble(assembler, *back);
        }
    }
    return 0;
}
