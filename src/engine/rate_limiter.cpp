// Token bucket for --max-rate, schedule check for --min-rate.
#include "engine/rate_limiter.hpp"

#include <algorithm>

namespace whorl::engine {

io::MonoTime::duration RateLimiter::interval() const {
    return std::chrono::duration_cast<io::MonoTime::duration>(std::chrono::duration<double>(1.0 / *max_rate_));
}

bool RateLimiter::take(io::MonoTime now) {
    if (!max_rate_) return true;
    // Credit never accumulates beyond ~10 ms worth, so a pause is not followed by a flood.
    auto burst = std::max(interval(), io::MonoTime::duration(std::chrono::milliseconds(10)));
    if (!next_ || *next_ < now - burst + interval()) next_ = now - burst + interval();
    if (now < *next_) return false;
    *next_ += interval();
    return true;
}

io::MonoTime RateLimiter::next_allowed(io::MonoTime now) const {
    if (!max_rate_ || !next_ || *next_ <= now) return now;
    return *next_;
}

bool RateLimiter::behind_minimum(io::MonoTime start, io::MonoTime now, long long sent) const {
    if (!min_rate_) return false;
    double elapsed = std::chrono::duration<double>(now - start).count();
    return static_cast<double>(sent) < elapsed * *min_rate_;
}

}  // namespace whorl::engine
