// JetStreamPublisher: messages to JetStream streams, each with a message id (the
// Nats-Msg-Id header), published without waiting and then settled: settle() returns once
// the server has stored every one, or dropped it as a duplicate of a message with the same
// id stored within the stream's duplicate window. A message the server refused or never
// answered is sent again, with the same id, so a retry can never store it twice. While the
// connection is down, messages wait in the client's reconnect buffer; one that does not
// fit is an error (NatsClient::failure says so). Owned by its NatsClient.
#pragma once

#include <nats/nats.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/error.hpp"

namespace whorl::fleet {

class NatsClient;

class JetStreamPublisher {
public:
    static Result<std::unique_ptr<JetStreamPublisher>> open(NatsClient& client);
    ~JetStreamPublisher();
    JetStreamPublisher(const JetStreamPublisher&) = delete;
    JetStreamPublisher& operator=(const JetStreamPublisher&) = delete;

    // Sends one message and returns (settling first when kWindow are unanswered).
    Result<void> publish(const std::string& subject, const std::string& data, const std::string& id);
    // Waits until every message published so far is stored or known a duplicate.
    Result<void> settle();

    // Counts since the publisher was opened.
    std::size_t stored() const;
    std::size_t duplicates() const;

    static constexpr std::size_t kWindow = 512;  // messages unanswered at most

private:
    explicit JetStreamPublisher(NatsClient& client) : client_(client) {}
    Result<void> send(const std::string& subject, const std::string& data, const std::string& id);
    static void on_ack(jsCtx* js, natsMsg* msg, jsPubAck* ack, jsPubAckErr* error, void* self);

    struct Message {
        std::string subject, data;
    };
    NatsClient& client_;
    jsCtx* js_ = nullptr;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Message> unsettled_;  // by id: sent, not yet stored
    std::string last_refusal_;                            // the server's last error, for messages
    std::size_t stored_ = 0, duplicates_ = 0;
};

}  // namespace whorl::fleet
