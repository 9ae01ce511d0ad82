// A leveled logger passed by reference (no global): warnings to one FILE* (stderr by
// default), verbose and debug lines to another (the same unless given: a scan sends them to
// the terminal's standard output, as Nmap does). Formatting uses fmt.
#pragma once

#include <cstdio>
#include <utility>

#include <fmt/format.h>

namespace whorl {

enum class LogLevel { quiet = 0, warning = 1, verbose = 2, debug = 3, trace = 4 };

class Logger {
public:
    explicit Logger(LogLevel level = LogLevel::warning, std::FILE* out = stderr, std::FILE* info = nullptr)
        : level_(level), out_(out), info_(info ? info : out) {}

    LogLevel level() const { return level_; }
    bool enabled(LogLevel l) const { return l <= level_; }

    template <class... Args>
    void log(LogLevel l, fmt::format_string<Args...> f, Args&&... args) const {
        if (!enabled(l)) return;
        std::FILE* to = l <= LogLevel::warning ? out_ : info_;
        fmt::print(to, f, std::forward<Args>(args)...);
        std::fputc('\n', to);
    }
    template <class... Args>
    void warn(fmt::format_string<Args...> f, Args&&... args) const {
        log(LogLevel::warning, f, std::forward<Args>(args)...);
    }
    template <class... Args>
    void verbose(fmt::format_string<Args...> f, Args&&... args) const {
        log(LogLevel::verbose, f, std::forward<Args>(args)...);
    }
    template <class... Args>
    void debug(fmt::format_string<Args...> f, Args&&... args) const {
        log(LogLevel::debug, f, std::forward<Args>(args)...);
    }

private:
    LogLevel level_;
    std::FILE* out_;
    std::FILE* info_;
};

}  // namespace whorl
