// Reading a queue's results stream (NAME-results) from its first message to the last one
// stored when the read began, in stream order, through a pull consumer of its own that
// is deleted afterwards (and that the server removes after 5 minutes unused, should the
// reader die). The consumer is durable, so it has the stream's replicas: in a cluster
// with a node down it still has a quorum, where an ephemeral consumer (one replica) may be
// placed on the missing node and never answer. The stream is left as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "base/error.hpp"
#include "fleet/nats_client.hpp"
#include "fleet/queue_names.hpp"

namespace whorl::fleet {

// Calls `each` with every message's data; returns how many there were. An error when the
// results stream does not exist, or stops delivering for 10 s.
Result<std::uint64_t> read_results(NatsClient& client, const QueueNames& names,
                                   const std::function<Result<void>(std::string_view data)>& each);

}  // namespace whorl::fleet
