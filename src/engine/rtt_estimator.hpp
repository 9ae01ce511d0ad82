// RttEstimator: a smoothed round-trip time and the retransmission timeout derived from it,
// in the manner of RFC 6298 as Nmap applies it (timeout = srtt + 4 * rttvar, clamped to
// [min, max], with an initial timeout before the first sample).
#pragma once

#include <chrono>
#include <optional>

namespace whorl::engine {

struct RttLimits {
    std::chrono::microseconds initial{1'000'000};
    std::chrono::microseconds min{100'000};
    std::chrono::microseconds max{10'000'000};
};

class RttEstimator {
public:
    explicit RttEstimator(RttLimits limits = {}) : limits_(limits), timeout_(limits.initial) {}

    void add_sample(std::chrono::microseconds rtt);
    std::chrono::microseconds timeout() const { return timeout_; }
    std::optional<std::chrono::microseconds> srtt() const { return srtt_; }
    std::chrono::microseconds rttvar() const { return rttvar_; }
    int samples() const { return samples_; }
    // Doubles the timeout after a loss without a sample (Karn), up to the maximum.
    void back_off();

private:
    RttLimits limits_;
    std::optional<std::chrono::microseconds> srtt_;
    std::chrono::microseconds rttvar_{0};
    std::chrono::microseconds timeout_;
    int samples_ = 0;
};

}  // namespace whorl::engine
