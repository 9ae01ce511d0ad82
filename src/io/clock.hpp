// Clock: the only source of time for the engine and the scanners, so tests can drive them
// with a fake clock. Monotonic time for timers and RTTs, wall time for reports.
#pragma once

#include <chrono>

namespace whorl::io {

using MonoTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

class Clock {
public:
    virtual ~Clock() = default;
    virtual MonoTime now() const = 0;
    virtual WallTime wall() const = 0;
};

class SystemClock final : public Clock {
public:
    MonoTime now() const override { return std::chrono::steady_clock::now(); }
    WallTime wall() const override { return std::chrono::system_clock::now(); }
};

}  // namespace whorl::io
