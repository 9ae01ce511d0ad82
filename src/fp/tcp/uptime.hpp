// Uptime from TCP timestamps (p0f 3.09b check_ts_tcp): the TSval clock frequency between
// a host's earlier SYN (or SYN+ACK) and a later packet, p0f's rounding of it, the uptime it
// implies and the counter's wrap-around period. A pure function of the two samples.
#pragma once

#include <cstdint>

namespace whorl::fp::passive {

enum class UptimeStatus {
    estimated,      // an estimate was made
    no_timestamp,   // one of the TSvals is 0 (absent)
    skipped,        // interval outside 25 ms..10 min, fewer than 5 ticks, or a small
                    // backward jump within 100 ms (reordering): no conclusion
    bad_frequency,  // outside 0.7..1500 Hz: p0f marks the flow's clock as bad
};

struct UptimeEstimate {
    UptimeStatus status = UptimeStatus::skipped;
    double raw_freq = 0;           // ticks per second as measured ("raw_freq")
    std::uint32_t freq = 0;        // rounded frequency used for the uptime
    std::uint32_t up_min = 0;      // uptime in minutes (TSval / freq / 60)
    std::uint32_t up_mod_days = 0; // wrap-around period of the 32-bit counter, in days
};

inline constexpr double kMinTsFreq = 0.7, kMaxTsFreq = 1500;  // Hz
inline constexpr std::uint64_t kMinTsWaitMs = 25, kMaxTsWaitMs = 10 * 60 * 1000;
inline constexpr std::uint64_t kTsGraceMs = 100;

// `*_ms` are capture times in milliseconds (p0f: tv_sec * 1000 + tv_usec / 1000).
UptimeEstimate estimate_uptime(std::uint32_t prev_ts, std::uint64_t prev_ms, std::uint32_t cur_ts,
                               std::uint64_t cur_ms);

// p0f's frequency rounding: <=10 kept (0 -> 1), then to 5, 10, 50 and 100 Hz steps.
std::uint32_t round_ts_frequency(std::uint32_t freq);

}  // namespace whorl::fp::passive
