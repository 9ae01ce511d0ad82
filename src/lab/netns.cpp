// setns(2) on the calling thread, with the previous namespace restored on scope exit.
#include "lab/netns.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include <fmt/format.h>

namespace whorl::lab {

Result<NetnsGuard> NetnsGuard::enter(const std::string& name) {
    int previous = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (previous < 0) return fail(Errc::io, fmt::format("cannot open current network namespace: {}", errno_text(errno)));
    std::string path = "/run/netns/" + name;
    int target = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0) {
        int err = errno;
        ::close(previous);
        return fail(err == ENOENT ? Errc::not_found : Errc::io, fmt::format("no network namespace: {}", errno_text(err)), name);
    }
    int rc = ::setns(target, CLONE_NEWNET);
    int err = errno;
    ::close(target);
    if (rc != 0) {
        ::close(previous);
        return fail(err == EPERM ? Errc::permission : Errc::io, fmt::format("setns: {}", errno_text(err)), name);
    }
    return NetnsGuard(previous);
}

NetnsGuard::NetnsGuard(NetnsGuard&& other) noexcept : previous_fd_(std::exchange(other.previous_fd_, -1)) {}

NetnsGuard::~NetnsGuard() {
    if (previous_fd_ < 0) return;
    ::setns(previous_fd_, CLONE_NEWNET);
    ::close(previous_fd_);
}

}  // namespace whorl::lab
