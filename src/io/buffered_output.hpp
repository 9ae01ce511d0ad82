// BufferedOutput: text output through a large buffer and few write(2) calls. p0f writes
// every line with its own write() (line-buffered stdout), which is most of its run time
// when the output goes to a file; whorl's writers append to buffer() and the bytes leave in
// 256 KiB writes, or when flush() is called (live mode flushes whenever the capture is idle).
// Log files are opened like p0f's -o: appended to, created with mode 0600, not through a
// symlink, and locked against a second writer.
#pragma once

#include <memory>
#include <string>

#include "base/error.hpp"

namespace whorl::io {

class BufferedOutput {
public:
    static constexpr std::size_t kFlushAt = 256 * 1024;

    // Appends to `path` (created 0600 if missing); refuses non-regular files, symlinks and
    // files another process holds the lock on.
    static Result<std::unique_ptr<BufferedOutput>> open_append(const std::string& path);
    // An already open descriptor (stdout), not closed at the end.
    static std::unique_ptr<BufferedOutput> for_fd(int fd, std::string name);

    ~BufferedOutput();
    BufferedOutput(const BufferedOutput&) = delete;
    BufferedOutput& operator=(const BufferedOutput&) = delete;

    // Writers append here, then call maybe_flush().
    std::string& buffer() { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= kFlushAt) flush_now();
    }
    // Writes out everything buffered; the first write error is kept and returned.
    Result<void> flush();
    const std::string& name() const { return name_; }

private:
    BufferedOutput(int fd, bool owned, std::string name);
    void flush_now();

    int fd_;
    bool owned_;
    std::string name_;
    std::string buffer_;
    int error_ = 0;  // errno of the first failed write
};

}  // namespace whorl::io
