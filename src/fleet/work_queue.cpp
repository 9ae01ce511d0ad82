// The queue's streams and consumer, and a worker's fetching of blocks (see the header).
#include "fleet/work_queue.hpp"

#include <fmt/format.h>

namespace whorl::fleet {
namespace {

constexpr std::int64_t kNanosPerMs = 1000000;

std::int64_t nanos(std::chrono::milliseconds d) { return static_cast<std::int64_t>(d.count()) * kNanosPerMs; }

// Stream info or nullptr when the stream does not exist.
Result<jsStreamInfo*> stream_info(NatsClient& client, const std::string& stream) {
    jsStreamInfo* si = nullptr;
    jsErrCode code{};
    natsStatus s = js_GetStreamInfo(&si, client.jetstream(), stream.c_str(), nullptr, &code);
    if (s == NATS_NOT_FOUND || code == JSStreamNotFoundErr) return static_cast<jsStreamInfo*>(nullptr);
    if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("reading stream {}", stream), code));
    return si;
}

Result<void> add_stream(NatsClient& client, const std::string& name, const std::string& subject,
                        jsRetentionPolicy retention, int replicas, std::chrono::milliseconds duplicates) {
    jsStreamConfig c;
    jsStreamConfig_Init(&c);
    const char* subjects[] = {subject.c_str()};
    c.Name = name.c_str();
    c.Subjects = subjects;
    c.SubjectsLen = 1;
    c.Retention = retention;
    c.Storage = js_FileStorage;
    c.Replicas = replicas;
    c.Duplicates = nanos(duplicates);
    jsStreamInfo* si = nullptr;
    jsErrCode code{};
    natsStatus s = js_AddStream(&si, client.jetstream(), &c, nullptr, &code);
    jsStreamInfo_Destroy(si);
    if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("creating stream {}", name), code));
    return {};
}

// The stream exists with the retention a queue needs, or is made.
Result<bool> ensure_stream(NatsClient& client, const std::string& name, const std::string& subject,
                           jsRetentionPolicy retention, int replicas, std::chrono::milliseconds duplicates,
                           std::uint64_t* messages) {
    auto si = stream_info(client, name);
    if (!si) return unexpected(si.error());
    if (!*si) {
        if (auto r = add_stream(client, name, subject, retention, replicas, duplicates); !r) return unexpected(r.error());
        return true;
    }
    const bool same = (*si)->Config && (*si)->Config->Retention == retention;
    if (messages) *messages = (*si)->State.Msgs;
    jsStreamInfo_Destroy(*si);
    if (!same)
        return fail(Errc::usage, fmt::format("stream {} at {} exists and is not a whorl queue's {} stream", name,
                                             client.settings().servers,
                                             retention == js_WorkQueuePolicy ? "work-queue" : "results"));
    return false;
}

}  // namespace

Result<QueueState> create_queue(NatsClient& client, const QueueNames& n, const QueueSetup& setup) {
    QueueState state;
    auto made = ensure_stream(client, n.blocks_stream, n.blocks_subject, js_WorkQueuePolicy, setup.replicas,
                              kBlockDuplicateWindow, &state.blocks_waiting);
    if (!made) return unexpected(made.error());
    state.created = *made;
    auto results = ensure_stream(client, n.results_stream, n.results_subject, js_LimitsPolicy, setup.replicas,
                                 kResultDuplicateWindow, nullptr);
    if (!results) return unexpected(results.error());

    jsConsumerInfo* ci = nullptr;
    jsErrCode code{};
    natsStatus s = js_GetConsumerInfo(&ci, client.jetstream(), n.blocks_stream.c_str(), n.consumer.c_str(), nullptr, &code);
    if (s != NATS_OK && s != NATS_NOT_FOUND && code != JSConsumerNotFoundErr)
        return unexpected(client.failure(s, fmt::format("reading consumer {} of {}", n.consumer, n.blocks_stream), code));
    const bool exists = s == NATS_OK && ci && ci->Config;
    const std::int64_t had_wait = exists ? ci->Config->AckWait : 0;
    jsConsumerInfo_Destroy(ci);
    ci = nullptr;
    state.ack_wait = exists ? std::chrono::milliseconds(had_wait / kNanosPerMs) : setup.ack_wait;
    if (exists && (!setup.ack_wait_given || had_wait == nanos(setup.ack_wait))) return state;

    jsConsumerConfig c;
    jsConsumerConfig_Init(&c);
    c.Durable = n.consumer.c_str();
    c.AckPolicy = js_AckExplicit;
    c.AckWait = nanos(setup.ack_wait);
    c.MaxDeliver = -1;  // a block goes round until a worker acknowledges it
    c.FilterSubject = n.blocks_subject.c_str();
    c.DeliverPolicy = js_DeliverAll;
    s = exists ? js_UpdateConsumer(&ci, client.jetstream(), n.blocks_stream.c_str(), &c, nullptr, &code)
               : js_AddConsumer(&ci, client.jetstream(), n.blocks_stream.c_str(), &c, nullptr, &code);
    jsConsumerInfo_Destroy(ci);
    if (s != NATS_OK)
        return unexpected(client.failure(s, fmt::format("creating consumer {} of {}", n.consumer, n.blocks_stream), code));
    state.ack_wait = setup.ack_wait;
    return state;
}

Delivery::~Delivery() {
    if (msg_) natsMsg_Destroy(msg_);
}

std::string_view Delivery::data() const {
    return {natsMsg_GetData(msg_), static_cast<std::size_t>(natsMsg_GetDataLength(msg_))};
}

std::uint64_t Delivery::times_delivered() const {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, msg_) != NATS_OK) return 1;
    const std::uint64_t n = meta->NumDelivered;
    jsMsgMetaData_Destroy(meta);
    return n;
}

void Delivery::in_progress() const { natsMsg_InProgress(msg_, nullptr); }

Result<void> Delivery::ack() {
    jsErrCode code{};
    natsStatus s = natsMsg_AckSync(msg_, nullptr, &code);
    if (s != NATS_OK) return unexpected(client_->failure(s, "acknowledging a block", code));
    return {};
}

void Delivery::nak() { natsMsg_Nak(msg_, nullptr); }

void Delivery::terminate() { natsMsg_Term(msg_, nullptr); }

AckKeeper::AckKeeper(const Delivery& delivery, std::chrono::milliseconds interval) {
    thread_ = std::thread([this, &delivery, interval] {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, interval, [this] { return stop_; })) delivery.in_progress();
    });
}

AckKeeper::~AckKeeper() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

Result<std::unique_ptr<WorkQueue>> WorkQueue::open(NatsClient& client, const QueueNames& n) {
    for (const std::string* stream : {&n.blocks_stream, &n.results_stream}) {
        auto si = stream_info(client, *stream);
        if (!si) return unexpected(si.error());
        if (!*si)
            return fail(Errc::not_found, fmt::format("no queue '{}' at {}: its stream {} does not exist (whorl submit "
                                                     "--jetstream URL --queue {} TARGETS makes it)",
                                                     n.queue, client.settings().servers, *stream, n.queue));
        jsStreamInfo_Destroy(*si);
    }
    std::unique_ptr<WorkQueue> q(new WorkQueue(client, n));
    jsConsumerInfo* ci = nullptr;
    jsErrCode code{};
    natsStatus s = js_GetConsumerInfo(&ci, client.jetstream(), n.blocks_stream.c_str(), n.consumer.c_str(), nullptr, &code);
    if (s == NATS_NOT_FOUND || code == JSConsumerNotFoundErr)
        return fail(Errc::not_found, fmt::format("queue '{}' at {} has no consumer {} (whorl submit makes it)", n.queue,
                                                 client.settings().servers, n.consumer));
    if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("reading consumer {}", n.consumer), code));
    q->ack_wait_ = std::chrono::milliseconds(ci->Config ? ci->Config->AckWait / kNanosPerMs : 30000);
    jsConsumerInfo_Destroy(ci);
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = n.blocks_stream.c_str();
    so.Consumer = n.consumer.c_str();
    s = js_PullSubscribe(&q->sub_, client.jetstream(), n.blocks_subject.c_str(), n.consumer.c_str(), nullptr, &so, &code);
    if (s != NATS_OK) return unexpected(client.failure(s, fmt::format("binding to consumer {}", n.consumer), code));
    return q;
}

WorkQueue::~WorkQueue() {
    if (sub_) natsSubscription_Destroy(sub_);
}

Result<std::optional<Delivery>> WorkQueue::next(std::chrono::milliseconds wait) {
    natsMsgList list{};
    jsErrCode code{};
    natsStatus s = natsSubscription_Fetch(&list, sub_, 1, static_cast<std::int64_t>(wait.count()), &code);
    if (s == NATS_OK && list.Count > 0) {
        Delivery d(client_, list.Msgs[0]);
        list.Msgs[0] = nullptr;  // now the Delivery's
        natsMsgList_Destroy(&list);
        return std::optional<Delivery>(std::move(d));
    }
    natsMsgList_Destroy(&list);
    if (natsConnection_IsClosed(client_.connection()))
        return unexpected(client_.failure(NATS_CONNECTION_CLOSED, "fetching a block"));
    return std::optional<Delivery>();
}

Result<bool> WorkQueue::drained() {
    jsConsumerInfo* ci = nullptr;
    jsErrCode code{};
    natsStatus s = js_GetConsumerInfo(&ci, client_.jetstream(), names_.blocks_stream.c_str(), names_.consumer.c_str(),
                                      nullptr, &code);
    if (s == NATS_NOT_FOUND || code == JSConsumerNotFoundErr || code == JSStreamNotFoundErr)
        return fail(Errc::not_found, fmt::format("queue '{}' at {} was deleted while workers ran", names_.queue,
                                                 client_.settings().servers));
    if (s != NATS_OK) {
        if (natsConnection_IsClosed(client_.connection()))
            return unexpected(client_.failure(NATS_CONNECTION_CLOSED, "reading the queue's state"));
        return false;  // asked again after the next fetch
    }
    const bool done = ci->NumPending == 0 && ci->NumAckPending == 0;
    jsConsumerInfo_Destroy(ci);
    return done;
}

}  // namespace whorl::fleet
