// QueueNames: the JetStream names one fleet queue uses, all derived from the queue's name
// (docs/decisions/0029): the work-queue stream NAME on subject whorl.blocks.NAME, its one
// durable pull consumer "whorl-workers", and the results stream NAME-results on subject
// whorl.results.NAME. Pure.
#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace whorl::fleet {

struct QueueNames {
    std::string queue;            // NAME
    std::string blocks_stream;    // NAME (WorkQueue retention)
    std::string blocks_subject;   // whorl.blocks.NAME
    std::string consumer;         // whorl-workers (durable, pull, explicit ack)
    std::string results_stream;   // NAME-results
    std::string results_subject;  // whorl.results.NAME
};

// A queue name is 1 to 64 letters, digits, '-' and '_' (it becomes a stream name and a
// subject token, where '.', '*', '>' and spaces mean something else).
Result<QueueNames> queue_names(std::string_view name);

}  // namespace whorl::fleet
