// Fuzz target: the p0f.fp loader. Any text must load or fail with an error, never crash;
// every TCP signature that loads must print back to text that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fp/p0f/p0f_database.hpp"

using namespace whorl::fp::passive;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto db = P0fDatabase::parse(text, "fuzz.fp");
    if (!db) {
        if (db.error().where.empty()) __builtin_trap();  // every error names file:line
        return 0;
    }
    for (auto d : {Direction::request, Direction::response}) {
        db->tcp(d).for_each([&](const TcpSignatureRecord& r) {
            auto again = parse_tcp_signature(format_tcp_signature(r.sig));
            if (!again || !(*again == r.sig)) __builtin_trap();
            (void)db->label_text(r.label);
        });
    }
    // Match a packet made of the first bytes against whatever loaded.
    TcpSignatureInput in;
    if (size >= 4) {
        in.ttl = data[0];
        in.window = static_cast<std::uint16_t>(data[1] << 8 | data[2]);
        in.mss = static_cast<std::uint16_t>(data[3] * 16);
        in.layout.push(kOptMss);
    }
    TcpMatch m = db->tcp(Direction::request).match(in);
    (void)format_tcp_params(in, m);
    return 0;
}
