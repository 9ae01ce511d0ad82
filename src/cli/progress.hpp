// Progress while a scan runs: Nmap's "--stats-every" lines on standard output, and a live
// one-line status on an interactive terminal (standard error), cleared when output comes.
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace whorl::cli {

class ProgressPrinter {
public:
    ProgressPrinter(std::FILE* out, std::FILE* err, std::optional<std::chrono::milliseconds> stats_every,
                    bool live);

    void update(std::string_view phase, double fraction, std::size_t completed, std::size_t up, std::size_t undergoing);
    // Erases the live line (before a host report is printed).
    void clear();

private:
    std::string stats_lines(std::string_view phase, double fraction, std::size_t completed, std::size_t up,
                            std::size_t undergoing, std::chrono::steady_clock::time_point now) const;

    std::FILE* out_;
    std::FILE* err_;
    std::optional<std::chrono::milliseconds> stats_every_;
    bool live_;
    std::chrono::steady_clock::time_point start_, last_stats_, last_live_;
    bool live_shown_ = false;
};

// "0:00:05" as Nmap prints durations.
std::string clock_text(std::chrono::seconds s);

}  // namespace whorl::cli
