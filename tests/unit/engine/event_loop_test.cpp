// EventLoop: timers fire in order on the real clock, readable fds are dispatched, and
// SIGTERM ends the loop as an interruption instead of killing the process.
#include "engine/event_loop.hpp"

#include <signal.h>
#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "engine/probe_tracker.hpp"

namespace whorl::engine {
namespace {

using std::chrono::milliseconds;

TEST(EventLoop, FiresTimersAndDispatchesReadableFds) {
    io::SystemClock clock;
    auto loop = EventLoop::create(clock);
    ASSERT_TRUE(loop) << loop.error().describe();
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::string seen;
    bool done = false;
    ASSERT_TRUE(loop->watch(fds[0], [&] {
        char c;
        while (::read(fds[0], &c, 1) == 1 && c != 0) seen += c;
    }));
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
    auto start = clock.now();
    loop->timers().schedule(start + milliseconds(30), [&] { EXPECT_EQ(::write(fds[1], "x", 1), 1); });
    loop->timers().schedule(start + milliseconds(60), [&] { done = true; });
    auto r = loop->run([&] { return done; });
    EXPECT_TRUE(r) << r.error().describe();
    EXPECT_EQ(seen, "x");
    EXPECT_GE(clock.now() - start, milliseconds(60));
    ::close(fds[0]);
    ::close(fds[1]);
}

TEST(EventLoop, SigtermIsAnInterruption) {
    io::SystemClock clock;
    auto loop = EventLoop::create(clock);
    ASSERT_TRUE(loop);
    loop->timers().schedule(clock.now() + milliseconds(20), [] { ::kill(::getpid(), SIGTERM); });
    auto r = loop->run([] { return false; });
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::interrupted);
    EXPECT_TRUE(loop->interrupted());
}

TEST(ProbeTracker, FindsProbesByTheKeyTheirRepliesCarry) {
    ProbeTracker<int> t;
    auto target = *IpAddress::parse("198.51.100.2");
    t.add({target, 6, 51847, 80}, 1);
    t.add({target, 6, 51848, 80}, 2);
    t.add({target, 1, 0x998f, 295}, 3);
    ASSERT_NE(t.find({target, 6, 51848, 80}), nullptr);
    EXPECT_EQ(*t.find({target, 6, 51848, 80}), 2);
    EXPECT_EQ(t.find({target, 6, 51848, 81}), nullptr);
    EXPECT_EQ(t.find({*IpAddress::parse("198.51.100.3"), 6, 51847, 80}), nullptr);
    t.add({target, 6, 51847, 80}, 10);  // retransmission re-registers
    EXPECT_EQ(*t.find({target, 6, 51847, 80}), 10);
    t.remove_if([](const ProbeKey& k, const int&) { return k.protocol == 6; });
    EXPECT_EQ(t.size(), 1u);
}

}  // namespace
}  // namespace whorl::engine
