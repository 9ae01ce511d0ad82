// Additive increase, multiplicative decrease.
#include "engine/congestion_window.hpp"

#include <algorithm>

namespace whorl::engine {

void CongestionWindow::on_answer() {
    if (cwnd_ < ssthresh_) cwnd_ += 1;
    else cwnd_ += 1 / cwnd_;
    cwnd_ = std::min(cwnd_, p_.max);
}

void CongestionWindow::on_drop() {
    ssthresh_ = std::max(cwnd_ / 2, 2.0);
    cwnd_ = std::max(cwnd_ / 2, p_.min);
}

}  // namespace whorl::engine
