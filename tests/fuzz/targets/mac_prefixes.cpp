// Fuzz target: the nmap-mac-prefixes reader (scan/mac_vendors). Any text loads or fails
// with an error naming the file and line, never a crash; lookups of addresses made from the
// input answer a vendor or "Unknown".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/mac_vendors.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto db = scan::MacVendors::parse(text, "fuzz-mac-prefixes");
    if (!db) {
        if (db.error().where.empty()) __builtin_trap();
        return 0;
    }
    for (std::size_t i = 0; i + 6 <= size && i < 64; i += 6) {
        scan::MacAddress mac{data[i], data[i + 1], data[i + 2], data[i + 3], data[i + 4], data[i + 5]};
        (void)db->vendor(mac);
        (void)scan::format_mac(mac);
    }
    return 0;
}
