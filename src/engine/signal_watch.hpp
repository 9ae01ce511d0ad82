// SIGINT and SIGTERM held back for as long as a SignalWatch lives: they stay pending (the
// event loop's signalfd reads them) instead of killing the process between two loops, so
// a command that has opened its output files always gets to close them.
#pragma once

#include <signal.h>

namespace whorl::engine {

class SignalWatch {
public:
    SignalWatch();
    ~SignalWatch();
    SignalWatch(const SignalWatch&) = delete;
    SignalWatch& operator=(const SignalWatch&) = delete;

    // True once SIGINT or SIGTERM has arrived and been read here (reading consumes it, so an
    // event loop that already read it leaves nothing for this one).
    bool raised();

private:
    sigset_t mask_{}, old_{};
    int fd_ = -1;
    bool raised_ = false;
};

}  // namespace whorl::engine
