// run_capture over fake sources: a file-like source is read to its end, an error stops the
// loop after the packets before it, and SIGTERM (blocked, then seen on the signalfd) ends
// the run as "interrupted" without killing the process.
#include "engine/capture_loop.hpp"

#include <signal.h>

#include <gtest/gtest.h>

#include <vector>

namespace whorl::engine {
namespace {

class FakeSource final : public io::PacketSource {
public:
    FakeSource(int packets, int fail_at = -1) : packets_(packets), fail_at_(fail_at) {}
    int datalink() const override { return 1; }
    Result<std::optional<io::CapturedPacket>> next() override {
        if (served_ == fail_at_) {
            at_end_ = true;
            return fail(Errc::parse, "corrupt capture: test", "fake: offset 42");
        }
        if (served_ >= packets_) {
            at_end_ = true;
            return std::nullopt;
        }
        io::CapturedPacket p;
        p.data = Bytes(bytes_.data(), bytes_.size());
        p.wire_length = static_cast<std::uint32_t>(bytes_.size());
        p.timestamp = std::chrono::microseconds(1000000 + served_++);
        return p;
    }
    bool at_end() const override { return at_end_; }
    int selectable_fd() const override { return -1; }
    io::CaptureStats stats() const override { return {}; }

private:
    int packets_, fail_at_, served_ = 0;
    bool at_end_ = false;
    std::vector<std::byte> bytes_ = std::vector<std::byte>(60);
};

class Counter final : public CaptureConsumer {
public:
    explicit Counter(int raise_at = -1) : raise_at_(raise_at) {}
    void on_packet(const io::CapturedPacket& p) override {
        EXPECT_EQ(p.data.size(), 60u);
        if (++packets == raise_at_) ::raise(SIGTERM);
    }
    int packets = 0;

private:
    int raise_at_;
};

TEST(CaptureLoop, ReadsAFileLikeSourceToItsEnd) {
    FakeSource src(10000);
    Counter c;
    io::SystemClock clock;
    auto r = run_capture(src, c, clock);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(*r, CaptureEnd::end_of_input);
    EXPECT_EQ(c.packets, 10000);
}

TEST(CaptureLoop, AnErrorEndsTheRunAfterThePacketsBeforeIt) {
    FakeSource src(100, 37);
    Counter c;
    io::SystemClock clock;
    auto r = run_capture(src, c, clock);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where, "fake: offset 42");
    EXPECT_EQ(c.packets, 37);
}

TEST(CaptureLoop, SigtermInterruptsCleanly) {
    FakeSource src(1000000);
    Counter c(5000);  // raised while SIGTERM is blocked: seen at the next check
    io::SystemClock clock;
    auto r = run_capture(src, c, clock);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(*r, CaptureEnd::interrupted);
    EXPECT_GE(c.packets, 5000);
    EXPECT_LT(c.packets, 5000 + 4096 + 1);
    // The signal was consumed: nothing is pending once the loop has restored the mask.
    sigset_t pending;
    sigpending(&pending);
    EXPECT_FALSE(sigismember(&pending, SIGTERM));
}

}  // namespace
}  // namespace whorl::engine
