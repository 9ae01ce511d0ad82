// Publishing with message ids and settling (see the header).
#include "fleet/jetstream_publisher.hpp"

#include <chrono>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "fleet/nats_client.hpp"

namespace whorl::fleet {
namespace {

// settle(): rounds of up to 10 s each, about two minutes in all, as long as the client
// keeps reconnecting; between rounds a short pause (a cluster electing a stream leader
// answers "no responders" for a moment).
constexpr int kSettleRounds = 12;
constexpr std::int64_t kSettleWaitMs = 10000;
constexpr auto kRetryPause = std::chrono::milliseconds(250);

}  // namespace

Result<std::unique_ptr<JetStreamPublisher>> JetStreamPublisher::open(NatsClient& client) {
    std::unique_ptr<JetStreamPublisher> p(new JetStreamPublisher(client));
    jsOptions o;
    jsOptions_Init(&o);
    o.PublishAsync.MaxPending = static_cast<int64_t>(2 * kWindow);  // never reached: publish() settles at kWindow
    o.PublishAsync.AckHandler = &JetStreamPublisher::on_ack;
    o.PublishAsync.AckHandlerClosure = p.get();
    natsStatus s = natsConnection_JetStream(&p->js_, client.connection(), &o);
    if (s != NATS_OK) return unexpected(client.failure(s, "opening JetStream"));
    return p;
}

JetStreamPublisher::~JetStreamPublisher() {
    if (js_) jsCtx_Destroy(js_);
}

void JetStreamPublisher::on_ack(jsCtx*, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* closure) {
    auto* self = static_cast<JetStreamPublisher*>(closure);
    const char* id = nullptr;
    natsMsgHeader_Get(msg, "Nats-Msg-Id", &id);
    {
        std::lock_guard lock(self->mutex_);
        if (ack && id) {
            if (self->unsettled_.erase(id) > 0) ++(ack->Duplicate ? self->duplicates_ : self->stored_);
        } else if (error) {
            // Left unsettled: settle() sends it again.
            self->last_refusal_ = error->ErrText && *error->ErrText ? error->ErrText : natsStatus_GetText(error->Err);
        }
    }
    natsMsg_Destroy(msg);
}

Result<void> JetStreamPublisher::send(const std::string& subject, const std::string& data, const std::string& id) {
    natsMsg* msg = nullptr;
    natsStatus s = natsMsg_Create(&msg, subject.c_str(), nullptr, data.data(), static_cast<int>(data.size()));
    if (s == NATS_OK) s = natsMsgHeader_Set(msg, "Nats-Msg-Id", id.c_str());
    if (s == NATS_OK) s = js_PublishMsgAsync(js_, &msg, nullptr);
    natsMsg_Destroy(msg);  // nothing when the client took it
    if (s != NATS_OK) return unexpected(client_.failure(s, fmt::format("publishing to {}", subject)));
    return {};
}

Result<void> JetStreamPublisher::publish(const std::string& subject, const std::string& data, const std::string& id) {
    bool full = false;
    {
        std::lock_guard lock(mutex_);
        full = unsettled_.size() >= kWindow;
    }
    if (full)
        if (auto r = settle(); !r) return r;
    {
        std::lock_guard lock(mutex_);
        unsettled_.insert_or_assign(id, Message{subject, data});
    }
    if (auto r = send(subject, data, id); !r) {
        std::lock_guard lock(mutex_);
        unsettled_.erase(id);
        return r;
    }
    return {};
}

Result<void> JetStreamPublisher::settle() {
    for (int round = 0; round < kSettleRounds; ++round) {
        jsPubOptions wait;
        jsPubOptions_Init(&wait);
        wait.MaxWait = kSettleWaitMs;
        natsStatus s = js_PublishAsyncComplete(js_, &wait);
        if (s == NATS_TIMEOUT) {
            // Unanswered: taken back from the client (copies are kept here) and sent again.
            natsMsgList pending{};
            if (js_PublishAsyncGetPendingList(&pending, js_) == NATS_OK) natsMsgList_Destroy(&pending);
        } else if (s != NATS_OK) {
            return unexpected(client_.failure(s, "waiting for JetStream to store what was published"));
        }
        std::vector<std::pair<std::string, Message>> again;
        {
            std::lock_guard lock(mutex_);
            if (unsettled_.empty()) return {};
            again.assign(unsettled_.begin(), unsettled_.end());
        }
        if (natsConnection_IsClosed(client_.connection()))
            return unexpected(client_.failure(NATS_CONNECTION_CLOSED, "publishing"));
        std::this_thread::sleep_for(kRetryPause);
        for (const auto& [id, m] : again)
            if (auto r = send(m.subject, m.data, id); !r) return r;
    }
    std::lock_guard lock(mutex_);
    return fail(Errc::io, fmt::format("JetStream at {} did not store {} messages in {} s{}", client_.settings().servers,
                                      unsettled_.size(), kSettleRounds * kSettleWaitMs / 1000,
                                      last_refusal_.empty() ? "" : " (last refusal: " + last_refusal_ + ")"));
}

std::size_t JetStreamPublisher::stored() const {
    std::lock_guard lock(mutex_);
    return stored_;
}

std::size_t JetStreamPublisher::duplicates() const {
    std::lock_guard lock(mutex_);
    return duplicates_;
}

}  // namespace whorl::fleet
