// Hashing of probe keys.
#include "engine/probe_tracker.hpp"

namespace whorl::engine {

std::size_t ProbeKeyHash::operator()(const ProbeKey& k) const noexcept {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the key's bytes
    auto mix = [&h](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (i * 8)) & 0xff;
            h *= 1099511628211ull;
        }
    };
    for (std::byte b : k.remote.bytes()) mix(std::to_integer<std::uint64_t>(b));
    mix((std::uint64_t{k.protocol} << 32) | (std::uint64_t{k.local_id} << 16) | k.remote_id);
    return static_cast<std::size_t>(h);
}

}  // namespace whorl::engine
