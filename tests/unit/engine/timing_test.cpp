// RTT estimation, congestion window and rate limiting.
#include <gtest/gtest.h>

#include "engine/congestion_window.hpp"
#include "engine/rate_limiter.hpp"
#include "engine/rtt_estimator.hpp"

namespace whorl::engine {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(RttEstimator, InitialTimeoutThenSmoothedAndClamped) {
    RttEstimator e;
    EXPECT_EQ(e.timeout(), microseconds(1'000'000));
    e.add_sample(microseconds(200));  // a LAN: the timeout floor of 100 ms applies
    EXPECT_EQ(*e.srtt(), microseconds(200));
    EXPECT_EQ(e.timeout(), microseconds(100'000));
    for (int i = 0; i < 60; ++i) e.add_sample(microseconds(50'000));
    EXPECT_NEAR(static_cast<double>(e.srtt()->count()), 50'000, 100);
    EXPECT_GE(e.timeout(), microseconds(100'000));
    RttEstimator wan;
    wan.add_sample(microseconds(300'000));
    EXPECT_EQ(wan.timeout(), microseconds(300'000 + 4 * 300'000));
    wan.back_off();
    EXPECT_EQ(wan.timeout(), microseconds(3'000'000));
}

TEST(CongestionWindow, SlowStartThenAvoidanceAndHalvingOnDrops) {
    CongestionWindow w;
    EXPECT_TRUE(w.may_send(9));
    EXPECT_FALSE(w.may_send(10));
    for (int i = 0; i < 65; ++i) w.on_answer();
    EXPECT_DOUBLE_EQ(w.window(), 75);
    w.on_answer();
    EXPECT_NEAR(w.window(), 75 + 1.0 / 75, 1e-9);
    w.on_drop();
    EXPECT_NEAR(w.window(), 37.5 + 0.5 / 75, 1e-9);
    for (int i = 0; i < 20; ++i) w.on_drop();
    EXPECT_DOUBLE_EQ(w.window(), 1);
    EXPECT_TRUE(w.may_send(0));
}

TEST(RateLimiter, MaxRateSpacesProbes) {
    RateLimiter r(std::nullopt, 100.0);  // 100 per second: one per 10 ms
    io::MonoTime t{};
    EXPECT_TRUE(r.take(t));
    EXPECT_FALSE(r.take(t));
    EXPECT_FALSE(r.take(t + milliseconds(5)));
    EXPECT_EQ(r.next_allowed(t + milliseconds(5)), t + milliseconds(10));
    EXPECT_TRUE(r.take(t + milliseconds(11)));
    int sent = 0;
    for (int ms = 12; ms <= 1011; ++ms)
        if (r.take(t + milliseconds(ms))) ++sent;
    EXPECT_NEAR(sent, 100, 2);
}

TEST(RateLimiter, MinRateSaysWhenBehind) {
    RateLimiter r(1000.0, std::nullopt);
    io::MonoTime t{};
    EXPECT_TRUE(r.behind_minimum(t, t + milliseconds(100), 50));
    EXPECT_FALSE(r.behind_minimum(t, t + milliseconds(100), 150));
    EXPECT_TRUE(r.take(t));
}

}  // namespace
}  // namespace whorl::engine
