// Fuzz target: the reply to a route query (io::parse_route_reply): whatever netlink
// messages the bytes make, a route or an error, never a read past them. The bytes are
// copied into a buffer aligned as recv() leaves the kernel's.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "io/route.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint64_t> aligned((size + 7) / 8 + 1);
    std::memcpy(aligned.data(), data, size);
    const auto dst = *IpAddress::parse("198.51.100.2");
    auto r = io::parse_route_reply(reinterpret_cast<const char*>(aligned.data()), size, dst);
    if (r) (void)r->interface.size();
    else if (r.error().message.empty()) __builtin_trap();
    return 0;
}
