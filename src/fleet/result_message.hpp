// A host's result as one JSON message on a queue's results stream (docs/decisions/0029):
//   {"format": "whorl-result", "format_version": 1, "queue": "lab", "block": "5f3c...-000003",
//    "delivery": 1, "worker": "scanner7:4711", "args": "whorl -n -Pn -O ...", "host": {...}}
// "host" is the host object of whorl's JSON report (docs/json-output.md), as -oJ writes it;
// "delivery" counts the block's deliveries (2 or more: scanned again after a worker died
// or handed it back). Its message id, "<block>/<address>", lets JetStream store a host's
// result once however often its block is scanned.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/ip_address.hpp"
#include "report/scan_report.hpp"

namespace whorl::fleet {

inline constexpr int kResultFormatVersion = 1;

struct ResultContext {
    std::string queue;
    std::string block;
    std::uint64_t delivery = 1;
    std::string worker;  // "hostname:pid"
    std::string args;    // the worker's command line
};

// One line of JSON (no newline).
std::string encode_result(const ResultContext& context, const report::HostReport& host,
                          const report::OutputOptions& options);

// The Nats-Msg-Id of a host's result: "<block id>/<address>".
std::string result_message_id(std::string_view block, const IpAddress& address);

}  // namespace whorl::fleet
