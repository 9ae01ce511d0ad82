// Fuzz target: the User-Agent classifier and the Sec-CH-UA-Platform(-Version) hint. The
// input is a User-Agent; up to its first newline it is also the platform hint and the
// rest the platform version. Never a crash; strengths stay in 0..1, a bot or tool (family
// unknown) has strength 0, and the kept detail is bounded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fp/http/user_agent.hpp"

using namespace whorl::fp::passive;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto e = classify_user_agent(text)) {
        if (e->strength < 0 || e->strength > 1 || e->detail.size() > 300) __builtin_trap();
        if (e->family == OsFamily::unknown && e->strength != 0) __builtin_trap();
        if (e->name.empty()) __builtin_trap();
    }
    auto nl = text.find('\n');
    std::string_view platform = text.substr(0, nl);
    std::string_view version = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (auto h = classify_platform_hint(platform, version)) {
        if (h->family == OsFamily::unknown || h->name.empty()) __builtin_trap();
    }
    return 0;
}
