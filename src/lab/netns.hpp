// Network namespaces by name (/run/netns/NAME, as iproute2 makes them): moving the calling
// thread into one for the lifetime of a guard, so sockets opened meanwhile live there.
#pragma once

#include <string>

#include "base/error.hpp"

namespace whorl::lab {

class NetnsGuard {
public:
    // Moves the calling thread into the named namespace.
    static Result<NetnsGuard> enter(const std::string& name);
    NetnsGuard(NetnsGuard&& other) noexcept;
    NetnsGuard& operator=(NetnsGuard&&) = delete;
    NetnsGuard(const NetnsGuard&) = delete;
    NetnsGuard& operator=(const NetnsGuard&) = delete;
    // Returns the thread to the namespace it was in before.
    ~NetnsGuard();

private:
    explicit NetnsGuard(int previous_fd) : previous_fd_(previous_fd) {}
    int previous_fd_ = -1;
};

}  // namespace whorl::lab
