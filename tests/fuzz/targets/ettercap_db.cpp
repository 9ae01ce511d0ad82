// Fuzz target: the etter.finger.os loader, then both lookups. Any text loads or fails with
// an error at file:line, never crashes; what loads is sorted, every key is found exactly
// by Ettercap's lookup, and a key built from the input's first bytes matches with one of
// the three strengths only.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fp/tcp/ettercap_db.hpp"

using namespace whorl::fp::passive;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto db = EttercapDb::parse(text, "fuzz.os");
    if (!db) {
        if (db.error().where.empty()) __builtin_trap();
        return 0;
    }
    const auto& entries = db->entries();
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].key.size() != 28 || entries[i].os.empty()) __builtin_trap();
        if (i && entries[i - 1].key > entries[i].key) __builtin_trap();
        auto hit = db->ettercap_search(entries[i].key);
        if (!hit || hit->kind != EttercapLookup::Kind::exact) __builtin_trap();
    }
    if (size >= 8) {
        EttercapKeyInput in;
        in.window = static_cast<std::uint16_t>(data[0] << 8 | data[1]);
        if (data[2] & 1) in.mss = static_cast<std::uint16_t>(data[3] << 8 | data[4]);
        in.ttl = data[5];
        if (data[2] & 2) in.wscale = data[6];
        in.sack_permitted = data[2] & 4;
        in.nop = data[2] & 8;
        in.df = data[2] & 16;
        in.timestamp = data[2] & 32;
        in.syn_ack = data[2] & 64;
        in.header_length = data[7];
        std::string key = ettercap_key(in);
        if (key.size() != 28) __builtin_trap();
        if (auto e = db->match(in)) {
            if (e->strength != 1.0 && e->strength != 0.8 && e->strength != 0.5) __builtin_trap();
        }
        (void)db->ettercap_search(key);
    }
    return 0;
}
