// EventLoop: the one epoll loop of a scan. It owns readiness callbacks for file
// descriptors (the pcap fd), a TimerQueue, and a signalfd for SIGINT/SIGTERM, and knows
// nothing of what the packets mean. Time comes from the injected Clock.
#pragma once

#include <functional>
#include <unordered_map>

#include "base/error.hpp"
#include "engine/timer_queue.hpp"
#include "io/clock.hpp"

namespace whorl::engine {

class EventLoop {
public:
    static Result<EventLoop> create(const io::Clock& clock);
    EventLoop(EventLoop&& other) noexcept;
    EventLoop& operator=(EventLoop&&) = delete;
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;
    ~EventLoop();

    const io::Clock& clock() const { return clock_; }
    TimerQueue& timers() { return timers_; }

    Result<void> watch(int fd, std::function<void()> on_readable);
    void unwatch(int fd);

    // Until stop() is called, `done` returns true, or SIGINT/SIGTERM arrives: waits for the
    // earliest of fd readiness and the next timer, and dispatches. `poll_interval` bounds
    // each wait (libpcap's selectable fd may not wake for every packet).
    Result<void> run(const std::function<bool()>& done,
                     std::chrono::milliseconds poll_interval = std::chrono::milliseconds(10));
    void stop() { stopped_ = true; }
    bool interrupted() const { return interrupted_; }

private:
    EventLoop(const io::Clock& clock, int epoll_fd, int signal_fd);
    void on_signal();

    const io::Clock& clock_;
    int epoll_fd_ = -1;
    int signal_fd_ = -1;
    TimerQueue timers_;
    std::unordered_map<int, std::function<void()>> watchers_;
    bool stopped_ = false;
    bool interrupted_ = false;
};

}  // namespace whorl::engine
