// The capture loop for files and live interfaces; see capture_loop.hpp.
#include "engine/capture_loop.hpp"

#include <chrono>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "engine/event_loop.hpp"
#include "engine/signal_watch.hpp"

namespace whorl::engine {

namespace {

constexpr int kSignalCheckEvery = 4096;  // packets between two looks at the signalfd
constexpr int kLiveBatch = 8192;         // packets per turn of the event loop at most

// Files (and sources without a selectable descriptor): read until the end.
Result<CaptureEnd> run_polled(io::PacketSource& source, CaptureConsumer& consumer) {
    SignalWatch signals;
    for (int n = 0;; ++n) {
        if (n % kSignalCheckEvery == 0 && signals.raised()) return CaptureEnd::interrupted;
        auto pkt = source.next();
        if (!pkt) return unexpected(pkt.error());
        if (*pkt) {
            consumer.on_packet(**pkt);
            continue;
        }
        if (source.at_end()) return CaptureEnd::end_of_input;
        consumer.on_idle();  // live source with nothing ready
        if (signals.raised()) return CaptureEnd::interrupted;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

// Live: wait on the capture descriptor; drain what is ready, then report idleness.
Result<CaptureEnd> run_live(io::PacketSource& source, CaptureConsumer& consumer,
                            const io::Clock& clock) {
    auto loop = EventLoop::create(clock);
    if (!loop) return unexpected(loop.error());
    std::optional<Error> failure;
    auto drain = [&] {
        for (int n = 0; n < kLiveBatch; ++n) {
            auto pkt = source.next();
            if (!pkt) {
                failure = pkt.error();
                loop->stop();
                break;
            }
            if (!*pkt) break;
            consumer.on_packet(**pkt);
        }
        consumer.on_idle();
    };
    if (auto r = loop->watch(source.selectable_fd(), drain); !r) return unexpected(r.error());
    auto r = loop->run([&] { return source.at_end(); }, std::chrono::milliseconds(100));
    if (failure) return unexpected(*failure);
    if (!r) {
        if (r.error().code == Errc::interrupted) return CaptureEnd::interrupted;
        return unexpected(r.error());
    }
    return CaptureEnd::end_of_input;
}

}  // namespace

Result<CaptureEnd> run_capture(io::PacketSource& source, CaptureConsumer& consumer,
                               const io::Clock& clock) {
    if (source.selectable_fd() < 0) return run_polled(source, consumer);
    return run_live(source, consumer, clock);
}

}  // namespace whorl::engine
