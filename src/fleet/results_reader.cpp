// A queue's results, read once through (see the header).
#include "fleet/results_reader.hpp"

#include <random>

#include <fmt/format.h>

namespace whorl::fleet {
namespace {

constexpr std::int64_t kStallMs = 10000;
constexpr int kResultsBatch = 256;
constexpr std::int64_t kCreateWaitMs = 30000;
constexpr std::int64_t kReaderIdleNanos = std::int64_t{300} * 1000000000;  // 5 minutes

// The reader's consumer and subscription, deleted however the read ends.
class ResultsConsumer {
public:
    ResultsConsumer(NatsClient& client, const QueueNames& names)
        : client_(client), names_(names), name_(fmt::format("whorl-results-{:08x}", std::random_device{}())) {}
    ~ResultsConsumer() {
        if (sub_) natsSubscription_Destroy(sub_);
        if (created_) js_DeleteConsumer(client_.jetstream(), names_.results_stream.c_str(), name_.c_str(), nullptr, nullptr);
    }
    ResultsConsumer(const ResultsConsumer&) = delete;
    ResultsConsumer& operator=(const ResultsConsumer&) = delete;

    Result<void> open() {
        jsConsumerConfig c;
        jsConsumerConfig_Init(&c);
        c.Durable = name_.c_str();
        c.AckPolicy = js_AckNone;
        c.DeliverPolicy = js_DeliverAll;
        c.InactiveThreshold = kReaderIdleNanos;
        // A new consumer's replicas elect their leader first; in a cluster with a node down
        // that may take one election timeout (several seconds) before the server answers.
        jsOptions wait;
        jsOptions_Init(&wait);
        wait.Wait = kCreateWaitMs;
        jsConsumerInfo* ci = nullptr;
        jsErrCode code{};
        natsStatus s = js_AddConsumer(&ci, client_.jetstream(), names_.results_stream.c_str(), &c, &wait, &code);
        jsConsumerInfo_Destroy(ci);
        if (s != NATS_OK) return unexpected(client_.failure(s, fmt::format("reading {}", names_.results_stream), code));
        created_ = true;
        jsSubOptions so;
        jsSubOptions_Init(&so);
        so.Stream = names_.results_stream.c_str();
        so.Consumer = name_.c_str();
        s = js_PullSubscribe(&sub_, client_.jetstream(), names_.results_subject.c_str(), name_.c_str(), nullptr, &so, &code);
        if (s != NATS_OK) return unexpected(client_.failure(s, fmt::format("reading {}", names_.results_stream), code));
        return {};
    }
    natsSubscription* subscription() const { return sub_; }

private:
    NatsClient& client_;
    const QueueNames& names_;
    std::string name_;
    bool created_ = false;
    natsSubscription* sub_ = nullptr;
};

// The messages of one fetch, released however the read ends.
struct FetchedResults {
    natsMsgList list{};
    ~FetchedResults() { natsMsgList_Destroy(&list); }
};

std::uint64_t stream_sequence(natsMsg* msg) {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg) != NATS_OK) return 0;
    const std::uint64_t seq = meta->Sequence.Stream;
    jsMsgMetaData_Destroy(meta);
    return seq;
}

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

    ResultsConsumer consumer(client, n);
    if (auto r = consumer.open(); !r) return unexpected(r.error());
    std::uint64_t seen = 0;
    for (;;) {
        FetchedResults batch;
        s = natsSubscription_Fetch(&batch.list, consumer.subscription(), kResultsBatch, kStallMs, &code);
        if (s == NATS_TIMEOUT)
            return fail(Errc::io, fmt::format("{} at {} stopped delivering after {} of its {} messages",
                                              n.results_stream, client.settings().servers, seen, count));
        if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("reading {}", n.results_stream), code));
        for (int i = 0; i < batch.list.Count; ++i) {
            natsMsg* m = batch.list.Msgs[i];
            ++seen;
            auto r = each({natsMsg_GetData(m), static_cast<std::size_t>(natsMsg_GetDataLength(m))});
            if (!r) return unexpected(r.error());
            if (stream_sequence(m) >= last) return seen;
        }
    }
}

}  // namespace whorl::fleet
