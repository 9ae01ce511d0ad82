// Fuzz target: an interrupted run's -oN or -oG file as --resume reads it (cli/scan_resume),
// keeping the last 8 hosts. Whatever the text: an error or a log, never a crash; at most 8
// hosts kept, the last of them the last host.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/scan_resume.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    auto log = cli::read_resume_log(in, 8);
    if (!log) return 0;
    if (log->reported.size() > 8) __builtin_trap();
    if (log->last.has_value() != !log->reported.empty()) __builtin_trap();
    if (log->last && log->reported.back() != *log->last) __builtin_trap();
    return 0;
}
