// classify_icmp_echo: what an ICMP echo says about its sender. The payload of a request is
// written by the sender's ping program, and the common ones are recognisable:
//   Windows ping.exe    32 bytes "abcdefghijklmnopqrstuvwabcdefghi" (the 23 letters a..w
//                       repeated for -l N), initial TTL 128
//   Linux iputils ping  56 bytes: struct timeval (16 bytes on 64-bit) then bytes
//                       0x10, 0x11, ... (byte i = i), initial TTL 64
//   BSD / macOS ping    56 bytes: an 8-byte struct tv32 then 0x08, 0x09, ... (byte i = i),
//                       initial TTL 64
//   busybox ping        56 bytes of zeros after an optional 4-byte timestamp, TTL 64
//   Cisco IOS ping      72 bytes (100-byte datagram) of the 0xABCD pattern, TTL 255
//   Nmap                empty payload (host discovery -PE), 120 or 150 zero bytes (OS
//                       detection IE probes): a tool, not an OS
// A reply echoes the requester's payload, so only its TTL speaks for the replier, and a
// TTL alone only separates 128 (Windows) and 255 (network gear) from the crowded 64.
// Strengths stay modest (icmp's source weight is low too): a payload is a program's
// habit, and programs are ported.
#include "fp/icmp/icmp_echo.hpp"

#include <string>

namespace whorl::fp::passive {
namespace {

constexpr double kPatternAndTtl = 0.8, kPatternOnly = 0.5, kTtl128 = 0.4, kTtl255 = 0.3;

std::uint8_t initial_ttl_class(std::uint8_t ttl) {
    if (ttl <= 32) return 32;
    if (ttl <= 64) return 64;
    if (ttl <= 128) return 128;
    return 255;
}

std::uint8_t byte_at(Bytes p, std::size_t i) { return std::to_integer<std::uint8_t>(p[i]); }

bool windows_pattern(Bytes p) {
    if (p.size() < 16) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (byte_at(p, i) != 'a' + i % 23) return false;
    return true;
}

// byte i == i (mod 256) from `from` to the end, with at least 16 such bytes.
bool counting_from(Bytes p, std::size_t from) {
    if (p.size() < from + 16) return false;
    for (std::size_t i = from; i < p.size(); ++i)
        if (byte_at(p, i) != static_cast<std::uint8_t>(i)) return false;
    return true;
}

bool zeros_from(Bytes p, std::size_t from) {
    if (p.size() < from + 16) return false;
    for (std::size_t i = from; i < p.size(); ++i)
        if (byte_at(p, i) != 0) return false;
    return true;
}

bool cisco_pattern(Bytes p) {
    if (p.size() < 16) return false;
    std::size_t hits = 0;
    for (std::size_t i = 0; i + 1 < p.size(); i += 2)
        if (byte_at(p, i) == 0xAB && byte_at(p, i + 1) == 0xCD) ++hits;
    return hits * 2 * 10 >= p.size() * 8;  // at least 80 % of the payload
}

Evidence icmp_evidence(OsFamily f, std::string name, std::string flavor, double strength, std::string detail) {
    Evidence e;
    e.source = EvidenceSource::icmp;
    e.family = f;
    e.name = std::move(name);
    e.flavor = std::move(flavor);
    e.strength = strength;
    e.detail = std::move(detail);
    return e;
}

struct Habit {
    OsFamily family;
    std::string_view name, flavor, program;
    std::uint8_t ttl_class;  // the initial TTL of the OS that ships the program
};

std::optional<Habit> request_habit(Bytes p) {
    if (windows_pattern(p)) return Habit{OsFamily::windows, "Windows", "", "Windows ping.exe", 128};
    if (counting_from(p, 8)) return Habit{OsFamily::macos, "macOS", "or FreeBSD (BSD ping)", "BSD ping", 64};
    if (counting_from(p, 16)) return Habit{OsFamily::linux, "Linux", "", "iputils ping", 64};
    if (cisco_pattern(p)) return Habit{OsFamily::network_device, "Cisco IOS", "", "Cisco IOS ping", 255};
    if (p.size() == 56 && (zeros_from(p, 0) || zeros_from(p, 4)))
        return Habit{OsFamily::linux, "Linux", "busybox", "busybox ping", 64};
    return std::nullopt;
}

}  // namespace

std::optional<Evidence> classify_icmp_echo(std::uint8_t ttl, Bytes payload, bool is_request) {
    std::uint8_t ittl = initial_ttl_class(ttl);
    std::string where = "echo " + std::string(is_request ? "request" : "reply") + ", TTL " + std::to_string(ttl) +
                        " (initial " + std::to_string(ittl) + "), " + std::to_string(payload.size()) + "-byte payload";
    if (is_request) {
        if (payload.empty() || ((payload.size() == 120 || payload.size() == 150) && zeros_from(payload, 0)))
            return icmp_evidence(OsFamily::unknown, "Nmap", payload.empty() ? "host discovery probe" : "OS detection probe", 0.0,
                        where);
        if (auto h = request_habit(payload)) {
            bool ttl_agrees = h->ttl_class == ittl;
            return icmp_evidence(h->family, std::string(h->name), std::string(h->flavor), ttl_agrees ? kPatternAndTtl : kPatternOnly,
                        where + ", " + std::string(h->program) + (ttl_agrees ? "" : " but an unusual TTL"));
        }
    }
    // The TTL alone.
    if (ittl == 128) return icmp_evidence(OsFamily::windows, "Windows", "", kTtl128, where);
    if (ittl == 255) return icmp_evidence(OsFamily::network_device, "network device", "or Solaris/AIX (initial TTL 255)", kTtl255, where);
    return std::nullopt;
}

}  // namespace whorl::fp::passive
