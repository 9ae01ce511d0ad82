// The built-in persona table.
#include "lab/persona.hpp"

namespace whorl::lab {

std::span<const Persona> builtin_personas() {
    static const std::vector<Persona> kPersonas = {
        {"linux", "this kernel's defaults", {}, 1500},
        {"ttl128", "initial TTL 128 (Windows-like)", {{"net.ipv4.ip_default_ttl", "128"}}, 1500},
        {"ttl255", "initial TTL 255 (network-gear-like)", {{"net.ipv4.ip_default_ttl", "255"}}, 1500},
        {"ttl32", "initial TTL 32", {{"net.ipv4.ip_default_ttl", "32"}}, 1500},
        {"no-timestamps", "TCP timestamps off", {{"net.ipv4.tcp_timestamps", "0"}}, 1500},
        {"ts-no-offset", "TCP timestamps without per-connection random offsets (1000 Hz clock)",
         {{"net.ipv4.tcp_timestamps", "2"}}, 1500},
        {"no-sack", "SACK off", {{"net.ipv4.tcp_sack", "0"}}, 1500},
        {"no-wscale", "window scaling off", {{"net.ipv4.tcp_window_scaling", "0"}}, 1500},
        {"ecn", "ECN requested and accepted", {{"net.ipv4.tcp_ecn", "1"}}, 1500},
        {"small-rcvbuf", "small receive buffer (small advertised window)",
         {{"net.ipv4.tcp_rmem", "4096 8192 16384"}}, 1500},
        {"mtu1400", "link MTU 1400", {}, 1400},
        {"no-echo", "ignores ICMP echo requests", {{"net.ipv4.icmp_echo_ignore_all", "1"}}, 1500},
        {"bare", "TTL 128, no timestamps, no SACK, no window scaling",
         {{"net.ipv4.ip_default_ttl", "128"},
          {"net.ipv4.tcp_timestamps", "0"},
          {"net.ipv4.tcp_sack", "0"},
          {"net.ipv4.tcp_window_scaling", "0"}},
         1500},
    };
    return kPersonas;
}

std::optional<Persona> find_persona(std::string_view name) {
    for (const auto& p : builtin_personas())
        if (p.name == name) return p;
    return std::nullopt;
}

}  // namespace whorl::lab
