// A queue's results, read once through (see the header).
#include "fleet/results_reader.hpp"

#include <fmt/format.h>

namespace whorl::fleet {
namespace {

constexpr std::int64_t kStallMs = 10000;

// The results subscription and the message in hand, released however the read ends.
struct OrderedRead {
    natsSubscription* sub = nullptr;
    natsMsg* msg = nullptr;
    ~OrderedRead() {
        if (msg) natsMsg_Destroy(msg);
        if (sub) natsSubscription_Destroy(sub);
    }
};

}  // namespace

Result<std::uint64_t> read_results(NatsClient& client, const QueueNames& n,
                                   const std::function<Result<void>(std::string_view data)>& each) {
    jsStreamInfo* si = nullptr;
    jsErrCode code{};
    natsStatus s = js_GetStreamInfo(&si, client.jetstream(), n.results_stream.c_str(), nullptr, &code);
    if (s == NATS_NOT_FOUND || code == JSStreamNotFoundErr)
        return fail(Errc::not_found, fmt::format("no queue '{}' at {}: its results stream {} does not exist", n.queue,
                                                 client.settings().servers, n.results_stream));
    if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("reading stream {}", n.results_stream), code));
    const std::uint64_t last = si->State.LastSeq, count = si->State.Msgs;
    jsStreamInfo_Destroy(si);
    if (count == 0) return std::uint64_t{0};

    OrderedRead read;
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = n.results_stream.c_str();
    so.Ordered = true;
    s = js_SubscribeSync(&read.sub, client.jetstream(), n.results_subject.c_str(), nullptr, &so, &code);
    if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("reading {}", n.results_stream), code));
    std::uint64_t seen = 0;
    for (;;) {
        s = natsSubscription_NextMsg(&read.msg, read.sub, kStallMs);
        if (s == NATS_TIMEOUT)
            return fail(Errc::io, fmt::format("{} at {} stopped delivering after {} of its {} messages",
                                              n.results_stream, client.settings().servers, seen, count));
        if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("reading {}", n.results_stream)));
        jsMsgMetaData* meta = nullptr;
        std::uint64_t seq = 0;
        if (natsMsg_GetMetaData(&meta, read.msg) == NATS_OK) {
            seq = meta->Sequence.Stream;
            jsMsgMetaData_Destroy(meta);
        }
        ++seen;
        auto r = each({natsMsg_GetData(read.msg), static_cast<std::size_t>(natsMsg_GetDataLength(read.msg))});
        natsMsg_Destroy(read.msg);
        read.msg = nullptr;
        if (!r) return unexpected(r.error());
        if (seq >= last) return seen;
    }
}

}  // namespace whorl::fleet
