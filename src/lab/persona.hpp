// Personas: how a lab host's Linux stack is made to look like another system, with
// per-namespace sysctls (TTL, timestamps, SACK, window scaling, ECN, buffers, ICMP) and the
// link MTU. A table of named personas serves tests, benchmarks and the demo.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace whorl::lab {

struct Persona {
    std::string name;
    std::string description;
    std::vector<std::pair<std::string, std::string>> sysctls;  // "net.ipv4.ip_default_ttl", "128"
    int mtu = 1500;
};

std::span<const Persona> builtin_personas();
std::optional<Persona> find_persona(std::string_view name);

}  // namespace whorl::lab
