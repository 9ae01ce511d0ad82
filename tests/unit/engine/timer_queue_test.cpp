// TimerQueue ordering, cancellation and timers scheduled from callbacks.
#include "engine/timer_queue.hpp"

#include <string>

#include <gtest/gtest.h>

namespace whorl::engine {
namespace {

using std::chrono::milliseconds;

TEST(TimerQueue, RunsDueTimersInDeadlineThenScheduleOrder) {
    TimerQueue q;
    io::MonoTime t0{};
    std::string trace;
    q.schedule(t0 + milliseconds(20), [&] { trace += "c"; });
    q.schedule(t0 + milliseconds(10), [&] { trace += "a"; });
    q.schedule(t0 + milliseconds(10), [&] { trace += "b"; });
    EXPECT_EQ(q.next_deadline(), t0 + milliseconds(10));
    EXPECT_EQ(q.run_due(t0 + milliseconds(9)), 0u);
    EXPECT_EQ(q.run_due(t0 + milliseconds(10)), 2u);
    EXPECT_EQ(trace, "ab");
    EXPECT_EQ(q.run_due(t0 + milliseconds(100)), 1u);
    EXPECT_EQ(trace, "abc");
    EXPECT_FALSE(q.next_deadline());
}

TEST(TimerQueue, CancelledTimersNeverRun) {
    TimerQueue q;
    io::MonoTime t0{};
    int ran = 0;
    auto id = q.schedule(t0 + milliseconds(5), [&] { ++ran; });
    q.schedule(t0 + milliseconds(6), [&] { ++ran; });
    EXPECT_TRUE(q.cancel(id));
    EXPECT_FALSE(q.cancel(id));
    EXPECT_EQ(q.next_deadline(), t0 + milliseconds(6));
    q.run_due(t0 + milliseconds(10));
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(q.pending(), 0u);
}

TEST(TimerQueue, CallbacksMayScheduleMoreWork) {
    TimerQueue q;
    io::MonoTime t0{};
    int ran = 0;
    q.schedule(t0, [&] {
        ++ran;
        q.schedule(t0, [&] { ++ran; });                     // due now: runs in this pass
        q.schedule(t0 + milliseconds(50), [&] { ++ran; });  // later
    });
    EXPECT_EQ(q.run_due(t0), 2u);
    EXPECT_EQ(ran, 2);
    EXPECT_EQ(q.pending(), 1u);
}

}  // namespace
}  // namespace whorl::engine
