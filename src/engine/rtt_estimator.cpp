// Smoothed RTT and retransmission timeout.
#include "engine/rtt_estimator.hpp"

#include <algorithm>

namespace whorl::engine {

using std::chrono::microseconds;

void RttEstimator::add_sample(microseconds rtt) {
    if (rtt.count() < 0) return;
    // A sample far above the current timeout is more likely a late reply to an earlier
    // transmission than a real RTT; Nmap ignores such outliers too.
    if (srtt_ && rtt > 3 * timeout_ && rtt > microseconds(1'000'000)) return;
    if (!srtt_) {
        srtt_ = rtt;
        rttvar_ = std::clamp(rtt, microseconds(5000), microseconds(2'000'000));
    } else {
        microseconds delta = rtt - *srtt_;
        *srtt_ += delta / 8;
        rttvar_ += (microseconds(std::abs(delta.count())) - rttvar_) / 4;
    }
    timeout_ = std::clamp(*srtt_ + 4 * rttvar_, limits_.min, limits_.max);
    ++samples_;
}

void RttEstimator::back_off() { timeout_ = std::min(timeout_ * 2, limits_.max); }

}  // namespace whorl::engine
