// RateLimiter: --max-rate as a token bucket (a small burst allowed) and --min-rate as a
// floor the scanner must keep up even when the congestion window says wait.
#pragma once

#include <optional>

#include "io/clock.hpp"

namespace whorl::engine {

class RateLimiter {
public:
    RateLimiter(std::optional<double> min_rate, std::optional<double> max_rate)
        : min_rate_(min_rate), max_rate_(max_rate) {}

    // Whether one more probe may go now under --max-rate (consumes a token if so).
    bool take(io::MonoTime now);
    // The earliest time the next probe may go under --max-rate.
    io::MonoTime next_allowed(io::MonoTime now) const;
    // Whether --min-rate demands a probe now regardless of the congestion window.
    bool behind_minimum(io::MonoTime start, io::MonoTime now, long long sent) const;

private:
    io::MonoTime::duration interval() const;

    std::optional<double> min_rate_, max_rate_;
    std::optional<io::MonoTime> next_;  // when the next probe may go, in exact clock ticks
};

}  // namespace whorl::engine
