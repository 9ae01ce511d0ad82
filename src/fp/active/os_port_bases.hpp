// OsPortBases: the source ports of one host's OS probes, round by round. TCP probe k
// leaves from tcp + its source offset (0-19), U1 from udp. With -g P both bases are P in
// every round, in both releases. Otherwise:
// - Nmap 7.93 draws them once per OS scan from the run's magic port: magic + a random
//   byte, magic = 33000 + random % 31000, so every round reuses the same ports. whorl
//   draws them afresh each round the same way (docs/decisions/0007: a target whose reset
//   for our SYN/ACK was lost would otherwise answer the next round from a half-open
//   connection).
// - Nmap 7.95 draws 33000 + random % 32261 once (HostOsScan's constructor) and moves both
//   bases 256 further at every reInitScanSystem, wrapping within [33000, 65261): once in
//   the constructor and once at the start of every round, the first included.
#pragma once

#include <cstdint>
#include <optional>

#include "fp/nmap_behaviour.hpp"

namespace whorl::fp::active {

struct PortBases {
    std::uint16_t tcp = 0, udp = 0;

    bool operator==(const PortBases&) const = default;
};

class OsPortBases {
public:
    static constexpr std::uint16_t kLow = 33000;      // both releases' lowest base
    static constexpr std::uint32_t kSpan795 = 32261;  // PRIME_32K: 7.95's bases wrap below 65261
    static constexpr std::uint16_t kStep795 = 256;    // 7.95's move per reInitScanSystem

    OsPortBases(NmapBehaviour behaviour, std::optional<std::uint16_t> fixed) : behaviour_(behaviour), fixed_(fixed) {}

    // The bases of the next round. `random()` returns uniformly distributed 64-bit values
    // (a std::mt19937_64 will do); it is called only for the draws the release makes.
    template <class Random>
    PortBases next_round(Random& random) {
        if (fixed_) return {*fixed_, *fixed_};
        if (behaviour_ == NmapBehaviour::v7_93) {
            auto magic = static_cast<std::uint16_t>(kLow + random() % 31000);
            return PortBases{static_cast<std::uint16_t>(magic + random() % 256),
                             static_cast<std::uint16_t>(magic + random() % 256)};
        }
        if (!drawn_) {
            current_ = PortBases{static_cast<std::uint16_t>(kLow + random() % kSpan795),
                                 static_cast<std::uint16_t>(kLow + random() % kSpan795)};
            current_ = step(current_);  // the constructor's reInitScanSystem
            drawn_ = true;
        }
        current_ = step(current_);  // startRound's
        return current_;
    }

    // 7.95's move between rounds: 256 further, wrapping within [33000, 65261).
    static std::uint16_t step795(std::uint16_t base) {
        return static_cast<std::uint16_t>(kLow + (static_cast<std::uint32_t>(base - kLow) + kStep795) % kSpan795);
    }

private:
    static PortBases step(PortBases b) { return {step795(b.tcp), step795(b.udp)}; }

    NmapBehaviour behaviour_;
    std::optional<std::uint16_t> fixed_;
    bool drawn_ = false;  // 7.95: the bases were drawn
    PortBases current_;   // 7.95: the last round's
};

}  // namespace whorl::fp::active
