// The fleet worker's loop (see the header).
#include "cli/fleet_worker.hpp"

#include <unistd.h>

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "cli/scan_outputs.hpp"
#include "cli/scan_session.hpp"
#include "engine/signal_watch.hpp"
#include "fleet/block_message.hpp"
#include "fleet/jetstream_publisher.hpp"
#include "fleet/nats_client.hpp"
#include "fleet/result_message.hpp"
#include "fleet/work_queue.hpp"
#include "io/capabilities.hpp"

namespace whorl::cli {
namespace {

// How long a fetch waits for a block before the worker asks whether the queue is done.
constexpr std::chrono::milliseconds kIdleWait{1000};

std::string worker_name() {
    char host[256] = "";
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return fmt::format("{}:{}", host[0] ? host : "localhost", ::getpid());
}

// What one block came to.
struct BlockOutcome {
    std::size_t hosts = 0, up = 0;
    bool interrupted = false;
};

// Scans one block as `whorl [options] TARGETS` would and publishes each host's result as
// its group ends. The error of the scan or of a publish ends the worker.
Result<BlockOutcome> scan_block(const ScanConfig& c, const fleet::Block& block, const fleet::ResultContext& context,
                                const fleet::QueueNames& names, fleet::JetStreamPublisher& publisher, const Logger& log) {
    ScanConfig bc = c;
    bc.fleet = {};
    bc.ipv6 = block.ipv6;
    bc.targets.clear();
    std::map<IpAddress, std::string> given_names;
    for (const auto& t : block.targets) {
        bc.targets.push_back(t.address.to_string());
        if (!t.hostname.empty()) given_names.emplace(t.address, t.hostname);
    }
    const report::OutputOptions options = output_options(c);
    BlockOutcome outcome;
    Result<void> published;
    SessionCallbacks cb;
    cb.on_host = [&](const report::ScanReport&, const report::HostReport& h) {
        ++outcome.hosts;
        outcome.up += h.up;
        if (!published) return;
        report::HostReport host = h;
        if (auto n = given_names.find(h.address); n != given_names.end()) host.user_hostname = n->second;
        published = publisher.publish(names.results_subject, fleet::encode_result(context, host, options),
                                      fleet::result_message_id(block.id, h.address));
    };
    auto report = run_scan_session(bc, log, cb);
    if (!report) return unexpected(report.error());
    if (!published) return unexpected(published.error());
    outcome.interrupted = report->interrupted;
    return outcome;
}

}  // namespace

Result<int> run_fleet_worker(const ScanConfig& c, const Streams& io) {
    auto names = fleet_queue(c.fleet);
    if (!names) return unexpected(names.error());
    // Before the NATS client starts its threads: they inherit SIGINT and SIGTERM blocked,
    // so a signal stays for this loop (and the scan's event loop) to read.
    engine::SignalWatch signals;
    LogLevel level = c.debugging ? LogLevel::debug : c.verbose ? LogLevel::verbose : LogLevel::warning;
    Logger log(level, io.err, io.out);
    if (::geteuid() == 0 || c.privileged || !c.user.empty()) {
        auto kept = io::keep_only_network_capabilities(c.user);
        if (!kept) return unexpected(kept.error());
    }
    fleet::NatsSettings settings = c.fleet.nats;
    const std::string worker = worker_name();
    settings.client_name = "whorl worker " + worker;
    auto client = fleet::NatsClient::connect(settings, [&log](const std::string& line) { log.warn("{}", line); });
    if (!client) return unexpected(client.error());
    auto queue = fleet::WorkQueue::open(**client, *names);
    if (!queue) return unexpected(queue.error());
    auto publisher = (*client)->publisher();
    if (!publisher) return unexpected(publisher.error());
    // The server hears from a worker that is still at its block every third of the wait.
    const auto keep_alive = std::max<std::chrono::milliseconds>((*queue)->ack_wait() / 3, std::chrono::milliseconds(100));
    log.verbose("whorl worker {}: queue {} at {}, acknowledgement wait {} ms", worker, names->queue,
                settings.servers, (*queue)->ack_wait().count());
    std::size_t blocks = 0, hosts = 0;
    bool interrupted = false;
    while (!(interrupted = signals.raised())) {
        auto next = (*queue)->next(kIdleWait);
        if (!next) return unexpected(next.error());
        if (!*next) {
            auto done = (*queue)->drained();
            if (!done) return unexpected(done.error());
            if (*done) break;
            continue;
        }
        fleet::Delivery& delivery = **next;
        auto block = fleet::decode_block(delivery.data());
        if (!block) {
            // Never scanned and never delivered again: a block no worker can read.
            log.warn("whorl worker: dropping a message of queue {}: {}", names->queue, block.error().message);
            delivery.terminate();
            continue;
        }
        const fleet::ResultContext context{names->queue, block->id, delivery.times_delivered(), worker, c.command_line};
        const std::size_t duplicates_before = (*publisher)->duplicates();
        Result<BlockOutcome> outcome;
        {
            fleet::AckKeeper keeper(delivery, keep_alive);
            outcome = scan_block(c, *block, context, *names, **publisher, log);
        }
        // Whatever was published is stored before the block goes back or is acknowledged.
        auto settled = (*publisher)->settle();
        if (!outcome || !settled || outcome->interrupted || signals.raised()) {
            delivery.nak();  // another worker scans it again at once; stored results stay once
            if (!outcome) return unexpected(outcome.error());
            if (!settled) return unexpected(settled.error());
            interrupted = true;
            break;
        }
        if (auto acked = delivery.ack(); !acked)
            log.warn("whorl worker: block {}: {}; it will be scanned again and its results dropped as duplicates",
                     block->id, acked.error().describe());
        ++blocks;
        hosts += outcome->hosts;
        fmt::print(io.out, "block {}: {} hosts ({} up), delivery {}, {} results stored, {} duplicates\n", block->id,
                   outcome->hosts, outcome->up, context.delivery,
                   outcome->hosts - ((*publisher)->duplicates() - duplicates_before),
                   (*publisher)->duplicates() - duplicates_before);
        std::fflush(io.out);
    }
    fmt::print(io.out, "whorl worker {}: {} blocks, {} hosts{}\n", worker, blocks, hosts,
               interrupted ? "; interrupted, the block in hand handed back" : "; the queue is done");
    return interrupted ? exit_status(Errc::interrupted) : 0;
}

}  // namespace whorl::cli
