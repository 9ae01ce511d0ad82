// TimerQueue: a binary heap of deadlines with lazy deletion of cancelled entries.
#include "engine/timer_queue.hpp"

namespace whorl::engine {

TimerQueue::Id TimerQueue::schedule(io::MonoTime when, std::function<void()> callback) {
    Id id = next_id_++;
    heap_.push(Entry{when, id});
    callbacks_.emplace(id, std::move(callback));
    return id;
}

bool TimerQueue::cancel(Id id) { return callbacks_.erase(id) > 0; }

void TimerQueue::drop_cancelled() {
    while (!heap_.empty() && !callbacks_.contains(heap_.top().id)) heap_.pop();
}

std::optional<io::MonoTime> TimerQueue::next_deadline() {
    drop_cancelled();
    if (heap_.empty()) return std::nullopt;
    return heap_.top().when;
}

std::size_t TimerQueue::run_due(io::MonoTime now) {
    std::size_t ran = 0;
    while (true) {
        drop_cancelled();
        if (heap_.empty() || heap_.top().when > now) return ran;
        Id id = heap_.top().id;
        heap_.pop();
        auto node = callbacks_.extract(id);
        node.mapped()();
        ++ran;
    }
}

}  // namespace whorl::engine
