// Fuzz target: uap-core's regexes.yaml reader (fp/http/uap_os.hpp). The input is a YAML
// text; whatever it holds, it is one error with a location or a set of compiled parsers,
// never a crash; compiled parsers are then run on a few User-Agents and on the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fp/http/uap_os.hpp"

using namespace whorl::fp::passive;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto p = UapOsParsers::parse(text, "fuzz.yaml");
    if (!p) {
        if (p.error().where.empty()) __builtin_trap();
        return 0;
    }
    if (p->size() == 0) __builtin_trap();
    for (std::string_view ua : {std::string_view("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"),
                                std::string_view("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X)"), text}) {
        if (auto os = p->parse_user_agent(ua))
            if (os->family.empty()) __builtin_trap();
    }
    return 0;
}
