// FileReadBuffer: a regular file streamed with read(2) through one buffer, for the capture
// file readers (classic pcap and pcapng). The caller asks for `need` bytes from its read
// position, looks at them in place and consumes what it has parsed; the buffer grows only
// for a unit larger than it (the readers cap their units), so memory does not follow the
// file's size. It also notices a file that shrank while being read (logrotate's
// copytruncate, a capture cut by another tool) so the reader can say so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl::io {

class FileReadBuffer {
public:
    FileReadBuffer() = default;
    ~FileReadBuffer();
    FileReadBuffer(const FileReadBuffer&) = delete;
    FileReadBuffer& operator=(const FileReadBuffer&) = delete;

    // Opens `path` when it is a regular file of at least `min_size` bytes, with a buffer of
    // `capacity` bytes (or the file's size if smaller); false (not an error) for anything
    // else: missing, a pipe, too short.
    bool open(const std::string& path, std::size_t min_size, std::size_t capacity);

    // Makes `need` unread bytes available at data(); false when the file ends before that
    // (a failed read(2) is an error). Bytes handed out before the call may move.
    Result<bool> fill(std::size_t need);

    const std::byte* data() const { return buffer_.data() + begin_; }
    std::size_t available() const { return end_ - begin_; }
    void consume(std::size_t n) {
        begin_ += n;
        offset_ += n;
    }

    // The file offset of data(), and "path: offset N" for errors about what starts there.
    std::uint64_t offset() const { return offset_; }
    std::string where() const;
    const std::string& path() const { return path_; }
    std::size_t capacity() const { return buffer_.size(); }

    // After fill() returned false: whether the file is now shorter than when it was opened,
    // and the error that says so (every whole `unit` before the offset was read).
    bool shrank() const { return offset_ + available() < size_at_open_; }
    Error shrank_error(std::string_view unit) const;

private:
    int fd_ = -1;
    std::string path_;
    std::vector<std::byte> buffer_;
    std::size_t begin_ = 0, end_ = 0;  // unread bytes: buffer_[begin_, end_)
    std::uint64_t offset_ = 0;         // file offset of buffer_[begin_]
    std::uint64_t size_at_open_ = 0;
};

}  // namespace whorl::io
