// Progress lines.
#include "cli/progress.hpp"

#include <ctime>

#include <fmt/format.h>

namespace whorl::cli {

std::string clock_text(std::chrono::seconds s) {
    long long t = s.count();
    return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

ProgressPrinter::ProgressPrinter(std::FILE* out, std::FILE* err, std::optional<std::chrono::milliseconds> every, bool live)
    : out_(out), err_(err), stats_every_(every), live_(live), start_(std::chrono::steady_clock::now()),
      last_stats_(start_), last_live_(start_) {}

std::string ProgressPrinter::stats_lines(std::string_view phase, double fraction, std::size_t completed, std::size_t up,
                                         std::size_t undergoing, std::chrono::steady_clock::time_point now) const {
    auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - start_);
    std::string s = fmt::format("Stats: {} elapsed; {} hosts completed ({} up), {} undergoing {}\n", clock_text(elapsed),
                                completed, up, undergoing, phase);
    if (fraction > 0.0001 && fraction < 1) {
        double total = std::chrono::duration<double>(now - start_).count() / fraction;
        auto remaining = std::chrono::seconds(static_cast<long long>(total * (1 - fraction)));
        std::time_t etc = std::time(nullptr) + remaining.count();
        std::tm local{};
        localtime_r(&etc, &local);
        s += fmt::format("{} Timing: About {:.2f}% done; ETC: {:02}:{:02} ({} remaining)\n", phase, fraction * 100,
                         local.tm_hour, local.tm_min, clock_text(remaining));
    }
    return s;
}

void ProgressPrinter::update(std::string_view phase, double fraction, std::size_t completed, std::size_t up,
                             std::size_t undergoing) {
    auto now = std::chrono::steady_clock::now();
    if (stats_every_ && now - last_stats_ >= *stats_every_) {
        clear();
        fmt::print(out_, "{}", stats_lines(phase, fraction, completed, up, undergoing, now));
        std::fflush(out_);
        last_stats_ = now;
    }
    // The live line only for scans that last, refreshed four times a second.
    if (live_ && now - start_ >= std::chrono::seconds(1) && now - last_live_ >= std::chrono::milliseconds(250)) {
        auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(now - start_);
        fmt::print(err_, "\r\033[K{}: {:.1f}% done, {} elapsed", phase, fraction * 100, clock_text(elapsed));
        std::fflush(err_);
        live_shown_ = true;
        last_live_ = now;
    }
}

void ProgressPrinter::clear() {
    if (!live_shown_) return;
    fmt::print(err_, "\r\033[K");
    std::fflush(err_);
    live_shown_ = false;
}

}  // namespace whorl::cli
