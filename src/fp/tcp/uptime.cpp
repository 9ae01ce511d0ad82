// TCP timestamp clock frequency and uptime with p0f 3.09b's limits and rounding.
#include "fp/tcp/uptime.hpp"

namespace whorl::fp::passive {

std::uint32_t round_ts_frequency(std::uint32_t f) {
    if (f == 0) return 1;
    if (f <= 10) return f;
    if (f <= 50) return (f + 3) / 5 * 5;
    if (f <= 100) return (f + 7) / 10 * 10;
    if (f <= 500) return (f + 33) / 50 * 50;
    return (f + 67) / 100 * 100;
}

UptimeEstimate estimate_uptime(std::uint32_t prev_ts, std::uint64_t prev_ms, std::uint32_t cur_ts,
                               std::uint64_t cur_ms) {
    UptimeEstimate e;
    if (prev_ts == 0 || cur_ts == 0) {
        e.status = UptimeStatus::no_timestamp;
        return e;
    }
    const std::uint64_t ms_diff = cur_ms - prev_ms;  // wraps when time went backwards
    const std::uint32_t ts_diff = cur_ts - prev_ts;
    const std::uint32_t back = ~ts_diff;  // how far the counter went backwards, minus one
    if (ms_diff < kMinTsWaitMs || ms_diff > kMaxTsWaitMs) return e;
    constexpr std::uint32_t kGraceTicks = static_cast<std::uint32_t>(kMaxTsFreq) / kTsGraceMs;
    if (ts_diff < 5 || (ms_diff < kTsGraceMs && back / 1000 < kGraceTicks)) return e;

    const double ms = static_cast<double>(ms_diff);
    e.raw_freq = ts_diff > back ? back * -1000.0 / ms : ts_diff * 1000.0 / ms;
    if (e.raw_freq < kMinTsFreq || e.raw_freq > kMaxTsFreq) {
        e.status = UptimeStatus::bad_frequency;
        return e;
    }
    e.status = UptimeStatus::estimated;
    e.freq = round_ts_frequency(static_cast<std::uint32_t>(e.raw_freq));
    e.up_min = cur_ts / e.freq / 60;
    e.up_mod_days = 0xFFFFFFFFu / (e.freq * 60u * 60u * 24u);
    return e;
}

}  // namespace whorl::fp::passive
