// CongestionWindow: how many probes may be outstanding at once, grown by answers (slow
// start up to ssthresh, then about one per window of answers) and halved when probes go
// unanswered, as Nmap's scan engine does it. Fractional, like Nmap's.
#pragma once

namespace whorl::engine {

struct CongestionParams {
    double initial = 10;
    double initial_ssthresh = 75;
    double max = 300;
    double min = 1;
};

class CongestionWindow {
public:
    explicit CongestionWindow(CongestionParams p = {}) : p_(p), cwnd_(p.initial), ssthresh_(p.initial_ssthresh) {}

    bool may_send(int outstanding) const { return outstanding + 0.5 < cwnd_; }
    void on_answer();
    // A probe needed a retransmission: the network may be dropping.
    void on_drop();
    // Opens the window to at least `size` at once (a host that has shown no sign of
    // congestion, only of a filter that drops everything).
    void open_to(double size) { cwnd_ = cwnd_ < size ? size : cwnd_; }
    double window() const { return cwnd_; }
    double ssthresh() const { return ssthresh_; }

private:
    CongestionParams p_;
    double cwnd_;
    double ssthresh_;
};

}  // namespace whorl::engine
