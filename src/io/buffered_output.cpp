// Buffered descriptor output and p0f-style log file opening; see buffered_output.hpp.
#include "io/buffered_output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

namespace whorl::io {

BufferedOutput::BufferedOutput(int fd, bool owned, std::string name)
    : fd_(fd), owned_(owned), name_(std::move(name)) {
    buffer_.reserve(kFlushAt + 64 * 1024);
}

BufferedOutput::~BufferedOutput() {
    flush_now();
    if (owned_) ::close(fd_);
}

Result<std::unique_ptr<BufferedOutput>> BufferedOutput::open_append(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int err = errno;
        return fail(err == EACCES || err == EPERM ? Errc::permission : Errc::io,
                    fmt::format("cannot open log file: {}", errno_text(err)), path);
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail(Errc::io, "log file is not a regular file", path);
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return fail(Errc::io, "log file is being written by another process", path);
    }
    return std::unique_ptr<BufferedOutput>(new BufferedOutput(fd, true, path));
}

std::unique_ptr<BufferedOutput> BufferedOutput::for_fd(int fd, std::string name) {
    return std::unique_ptr<BufferedOutput>(new BufferedOutput(fd, false, std::move(name)));
}

void BufferedOutput::flush_now() {
    std::size_t done = 0;
    while (done < buffer_.size() && error_ == 0) {
        const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
}

Result<void> BufferedOutput::flush() {
    flush_now();
    if (error_ != 0) return fail(Errc::io, fmt::format("write failed: {}", errno_text(error_)), name_);
    return {};
}

}  // namespace whorl::io
