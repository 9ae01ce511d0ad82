// Blocking SIGINT/SIGTERM and reading them from a signalfd; see signal_watch.hpp.
#include "engine/signal_watch.hpp"

#include <sys/signalfd.h>
#include <unistd.h>

namespace whorl::engine {

SignalWatch::SignalWatch() {
    sigemptyset(&mask_);
    sigaddset(&mask_, SIGINT);
    sigaddset(&mask_, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &mask_, &old_);
    fd_ = ::signalfd(-1, &mask_, SFD_NONBLOCK | SFD_CLOEXEC);
}

SignalWatch::~SignalWatch() {
    if (fd_ >= 0) ::close(fd_);
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

bool SignalWatch::raised() {
    signalfd_siginfo info{};
    while (fd_ >= 0 && ::read(fd_, &info, sizeof info) == sizeof info) raised_ = true;
    return raised_;
}

}  // namespace whorl::engine
