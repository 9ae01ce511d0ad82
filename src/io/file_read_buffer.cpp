// A regular file read through one bounded buffer; see file_read_buffer.hpp.
#include "io/file_read_buffer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace whorl::io {

FileReadBuffer::~FileReadBuffer() {
    if (fd_ >= 0) ::close(fd_);
}

bool FileReadBuffer::open(const std::string& path, std::size_t min_size, std::size_t capacity) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(min_size)) {
        ::close(fd);
        return false;
    }
    fd_ = fd;
    path_ = path;
    size_at_open_ = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    // A file smaller than the buffer needs no more than itself.
    buffer_.resize(size_at_open_ < capacity ? static_cast<std::size_t>(size_at_open_) : capacity);
    return true;
}

Result<bool> FileReadBuffer::fill(std::size_t need) {
    if (end_ - begin_ >= need) return true;
    // Move what is left to the front (what was handed out before is no longer needed),
    // grow only for a unit larger than the buffer, and read until `need` or the end. A unit
    // the file is too short for (a truncated file, a crafted length) grows the buffer only
    // to what the file holds; should the file have grown since, to `need` after all.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    const std::uint64_t in_file = size_at_open_ > offset_ ? size_at_open_ - offset_ : 0;
    const std::size_t grow_to = in_file < need ? static_cast<std::size_t>(in_file) : need;
    if (buffer_.size() < grow_to) buffer_.resize(grow_to);
    while (end_ < need) {
        if (end_ == buffer_.size()) buffer_.resize(need);
        ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::io, std::strerror(errno), fmt::format("{}: offset {}", path_, offset_ + end_));
        if (n == 0) return false;
        end_ += static_cast<std::size_t>(n);
    }
    return true;
}

std::string FileReadBuffer::where() const { return fmt::format("{}: offset {}", path_, offset_); }

Error FileReadBuffer::shrank_error(std::string_view unit) const {
    struct stat st {};
    const std::uint64_t now = ::fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
    return Error{Errc::io,
                 fmt::format("the capture shrank while being read (from {} to {} bytes); every whole {} "
                             "before this offset was read",
                             size_at_open_, now, unit),
                 where()};
}

}  // namespace whorl::io
