// TimerQueue: callbacks due at monotonic times, run in deadline order (ties in the order
// they were scheduled), cancellable by id. Pure data: the caller says what time it is.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

#include "io/clock.hpp"

namespace whorl::engine {

class TimerQueue {
public:
    using Id = std::uint64_t;

    Id schedule(io::MonoTime when, std::function<void()> callback);
    // False if the timer already ran or was cancelled.
    bool cancel(Id id);

    std::optional<io::MonoTime> next_deadline();
    // Runs every timer due at `now` (including ones scheduled by the callbacks themselves,
    // if they are due too). Returns how many ran.
    std::size_t run_due(io::MonoTime now);

    std::size_t pending() const { return callbacks_.size(); }

private:
    struct Entry {
        io::MonoTime when;
        Id id;
        bool operator>(const Entry& o) const { return when != o.when ? when > o.when : id > o.id; }
    };
    void drop_cancelled();

    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap_;
    std::unordered_map<Id, std::function<void()>> callbacks_;
    Id next_id_ = 1;
};

}  // namespace whorl::engine
