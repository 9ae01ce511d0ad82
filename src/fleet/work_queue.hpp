// The queue's two sides on JetStream (docs/decisions/0029).
//  - create_queue (whorl submit): the work stream NAME (WorkQueue retention: a block is
//    gone once a worker acknowledges it), its durable pull consumer whorl-workers (explicit
//    acknowledgement, an acknowledgement wait, redelivery without limit) and the results
//    stream NAME-results, each made where missing.
//  - WorkQueue (a worker): bound to that consumer, it fetches one block at a time. A
//    Delivery is acknowledged once its results are stored, or handed back (nak) for another
//    worker at once; a worker that dies holds its block until the acknowledgement wait
//    runs out, and the server then gives it to another. While a block is scanned an
//    AckKeeper tells the server every third of the wait that the work goes on.
#pragma once

#include <nats/nats.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>
#include <thread>

#include "base/error.hpp"
#include "fleet/nats_client.hpp"
#include "fleet/queue_names.hpp"

namespace whorl::fleet {

struct QueueSetup {
    int replicas = 1;  // of each stream, in a cluster
    std::chrono::milliseconds ack_wait = std::chrono::seconds(60);
    bool ack_wait_given = false;  // an existing consumer's wait is changed only when asked
};

// What create_queue found or made, for the submitter's messages.
struct QueueState {
    bool created = false;               // the work stream did not exist
    std::uint64_t blocks_waiting = 0;   // messages in the work stream before submitting
    std::chrono::milliseconds ack_wait{};
};

// Duplicate windows: a block published twice by a retrying submitter within 10 minutes,
// and a host's result published twice within 24 hours (a block scanned again after its
// worker died), are stored once.
inline constexpr std::chrono::minutes kBlockDuplicateWindow{10};
inline constexpr std::chrono::hours kResultDuplicateWindow{24};

Result<QueueState> create_queue(NatsClient& client, const QueueNames& names, const QueueSetup& setup);

// One block as delivered to this worker; acknowledged, handed back or left (then
// redelivered after the acknowledgement wait) by the time it goes.
class Delivery {
public:
    Delivery(NatsClient& client, natsMsg* msg) : client_(&client), msg_(msg) {}
    Delivery(Delivery&& o) noexcept : client_(o.client_), msg_(std::exchange(o.msg_, nullptr)) {}
    Delivery& operator=(Delivery&&) = delete;
    ~Delivery();

    std::string_view data() const;
    std::uint64_t times_delivered() const;  // 1 the first time
    // Tells the server the block is still being scanned (restarts the acknowledgement wait).
    void in_progress() const;
    // The block is done: acknowledged, and the server confirmed it.
    Result<void> ack();
    // Handed back: the server delivers it again at once (to any worker).
    void nak();
    // A block that cannot be read: never delivered again.
    void terminate();

private:
    NatsClient* client_;
    natsMsg* msg_;
};

// Calls Delivery::in_progress every `interval` on its own thread until it goes.
class AckKeeper {
public:
    AckKeeper(const Delivery& delivery, std::chrono::milliseconds interval);
    ~AckKeeper();
    AckKeeper(const AckKeeper&) = delete;
    AckKeeper& operator=(const AckKeeper&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

class WorkQueue {
public:
    // Errors when the queue's streams or consumer do not exist ("whorl submit" makes them).
    static Result<std::unique_ptr<WorkQueue>> open(NatsClient& client, const QueueNames& names);
    ~WorkQueue();
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    std::chrono::milliseconds ack_wait() const { return ack_wait_; }
    const QueueNames& names() const { return names_; }

    // The next block, or nullopt when none came within `wait` (or the server could not be
    // asked just then: the client is reconnecting). An error only when the connection is
    // closed for good.
    Result<std::optional<Delivery>> next(std::chrono::milliseconds wait);
    // True when no block waits and no worker holds one unacknowledged: the queue is done.
    Result<bool> drained();

private:
    WorkQueue(NatsClient& client, QueueNames names) : client_(client), names_(std::move(names)) {}
    NatsClient& client_;
    QueueNames names_;
    natsSubscription* sub_ = nullptr;
    std::chrono::milliseconds ack_wait_{};
};

}  // namespace whorl::fleet
