// Fuzz target: the nmap-services reader (scan/services). Any text loads or fails with an
// error naming the file and line, never a crash; what loads answers names, top ports and
// wildcard lookups.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/services.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto db = scan::ServicesDb::parse(text, "fuzz-services");
    if (!db) {
        if (db.error().where.empty()) __builtin_trap();  // errors name file:line
        return 0;
    }
    for (auto p : {scan::Protocol::tcp, scan::Protocol::udp}) {
        auto top = db->top_ports(p, 1000);
        if (top.size() > 1000) __builtin_trap();
        for (auto port : top) {
            if (!db->is_listed(port, p)) __builtin_trap();
            (void)db->name(port, p);
        }
        (void)db->ports_named("http*", p);
        (void)db->ports_named("?s*", p);
    }
    return 0;
}
