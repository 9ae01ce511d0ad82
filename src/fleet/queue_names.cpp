// The JetStream names of a fleet queue (see the header).
#include "fleet/queue_names.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace whorl::fleet {

Result<QueueNames> queue_names(std::string_view name) {
    auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    };
    if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), allowed))
        return fail(Errc::usage, fmt::format("--queue takes 1 to 64 letters, digits, '-' or '_', not '{}'", name));
    // Queue A's results stream is "A-results": no queue may have that name.
    if (name.ends_with("-results"))
        return fail(Errc::usage, fmt::format("--queue '{}': a name ending in -results is another queue's results", name));
    QueueNames n;
    n.queue = std::string(name);
    n.blocks_stream = n.queue;
    n.blocks_subject = "whorl.blocks." + n.queue;
    n.consumer = "whorl-workers";
    n.results_stream = n.queue + "-results";
    n.results_subject = "whorl.results." + n.queue;
    return n;
}

}  // namespace whorl::fleet
