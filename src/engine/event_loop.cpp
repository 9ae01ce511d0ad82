// epoll + signalfd + timers.
#include "engine/event_loop.hpp"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace whorl::engine {

Result<EventLoop> EventLoop::create(const io::Clock& clock) {
    int ep = ::epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) return fail(Errc::io, fmt::format("epoll_create1: {}", errno_text(errno)));
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    // SIGINT/SIGTERM become readable events on the signalfd while the loop runs.
    int sfd = ::signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0) {
        int err = errno;
        ::close(ep);
        return fail(Errc::io, fmt::format("signalfd: {}", errno_text(err)));
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = sfd;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
    return EventLoop(clock, ep, sfd);
}

EventLoop::EventLoop(const io::Clock& clock, int epoll_fd, int signal_fd)
    : clock_(clock), epoll_fd_(epoll_fd), signal_fd_(signal_fd) {}

EventLoop::EventLoop(EventLoop&& o) noexcept
    : clock_(o.clock_),
      epoll_fd_(std::exchange(o.epoll_fd_, -1)),
      signal_fd_(std::exchange(o.signal_fd_, -1)),
      timers_(std::move(o.timers_)),
      watchers_(std::move(o.watchers_)),
      stopped_(o.stopped_),
      interrupted_(o.interrupted_) {}

EventLoop::~EventLoop() {
    if (signal_fd_ >= 0) ::close(signal_fd_);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

Result<void> EventLoop::watch(int fd, std::function<void()> on_readable) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0)
        return fail(Errc::io, fmt::format("epoll_ctl add fd {}: {}", fd, errno_text(errno)));
    watchers_[fd] = std::move(on_readable);
    return {};
}

void EventLoop::unwatch(int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    watchers_.erase(fd);
}

void EventLoop::on_signal() {
    signalfd_siginfo info{};
    while (::read(signal_fd_, &info, sizeof info) == sizeof info) interrupted_ = true;
    if (interrupted_) stopped_ = true;
}

Result<void> EventLoop::run(const std::function<bool()>& done, std::chrono::milliseconds poll_interval) {
    sigset_t mask, old;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &mask, &old);
    stopped_ = false;
    Result<void> result;
    while (!stopped_ && !done()) {
        timers_.run_due(clock_.now());
        if (stopped_ || done()) break;
        auto wait = poll_interval;
        if (auto next = timers_.next_deadline()) {
            auto until = std::chrono::ceil<std::chrono::milliseconds>(*next - clock_.now());
            wait = std::clamp(until, std::chrono::milliseconds(0), poll_interval);
        }
        epoll_event events[16];
        int n = ::epoll_wait(epoll_fd_, events, 16, static_cast<int>(wait.count()));
        if (n < 0) {
            if (errno == EINTR) continue;
            result = fail(Errc::io, fmt::format("epoll_wait: {}", errno_text(errno)));
            break;
        }
        for (int i = 0; i < n; ++i)
            if (events[i].data.fd == signal_fd_) on_signal();
        // Every source is drained on every turn: libpcap's selectable fd does not promise a
        // wakeup per packet, and the wait above is bounded by poll_interval.
        std::vector<int> fds;
        for (const auto& w : watchers_) fds.push_back(w.first);
        for (int fd : fds)
            if (auto it = watchers_.find(fd); it != watchers_.end()) it->second();
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (interrupted_) return fail(Errc::interrupted, "interrupted");
    return result;
}

}  // namespace whorl::engine
