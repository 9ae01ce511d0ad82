// whorl submit (see the header).
#include "cli/submit_command.hpp"

#include <chrono>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "base/text.hpp"
#include "cli/fleet_options.hpp"
#include "cli/options.hpp"
#include "cli/scan_config.hpp"
#include "cli/scan_targets.hpp"
#include "engine/signal_watch.hpp"
#include "fleet/block_message.hpp"
#include "fleet/jetstream_publisher.hpp"
#include "fleet/nats_client.hpp"
#include "fleet/work_queue.hpp"

namespace whorl::cli {
namespace {

constexpr std::string_view kSubmitUsage =
    "whorl submit --jetstream URL --queue NAME [--block-size N] [options] {target specification}";

struct SubmitCli {
    ScanConfig targets;  // the target options only
    FleetOptions fleet;
    std::size_t block_size = 16;
    fleet::QueueSetup setup;
    bool help = false;
};

std::vector<OptionSpec> submit_options(SubmitCli& s) {
    ScanConfig& c = s.targets;
    const char* kTargets = "TARGETS (as for a scan)";
    const char* kQueue = "THE QUEUE";
    std::vector<OptionSpec> t{
        {{"iL"}, true, true, "<file>", "input from a list of hosts/networks", kTargets,
         [&c](std::string_view v) -> Result<void> { c.input_list = std::string(v); return {}; }},
        {{"exclude"}, true, false, "<host1[,host2]...>", "exclude hosts/networks", kTargets,
         [&c](std::string_view v) -> Result<void> { c.excludes.emplace_back(v); return {}; }},
        {{"excludefile"}, true, false, "<file>", "exclude the hosts listed in a file", kTargets,
         [&c](std::string_view v) -> Result<void> { c.exclude_file = std::string(v); return {}; }},
        {{"6"}, false, false, "", "IPv6 targets", kTargets, [&c](std::string_view) -> Result<void> { c.ipv6 = true; return {}; }},
        {{"randomize-hosts", "rH"}, false, false, "", "blocks of a pseudo-random order of the whole list", kTargets,
         [&c](std::string_view) -> Result<void> { c.randomize_hosts = true; return {}; }},
        {{"seed"}, true, false, "<number>", "the seed of that order", kTargets,
         [&c](std::string_view v) -> Result<void> {
             auto n = parse_uint(v);
             if (!n) return fail(Errc::usage, fmt::format("--seed takes a number from 0 to {}, not '{}'", ~std::uint64_t{0}, v));
             c.seed = *n;
             return {};
         }},
        {{"block-size"}, true, false, "<n>", "targets per block, what a worker takes at a time (default 16)", kQueue,
         [&s](std::string_view v) -> Result<void> {
             auto n = option_int("--block-size", v, 1, static_cast<long>(fleet::kMaxBlockTargets));
             if (!n) return unexpected(n.error());
             s.block_size = static_cast<std::size_t>(*n);
             return {};
         }},
        {{"ack-wait"}, true, false, "<time>",
         "a block a worker holds this long unacknowledged goes to another (default 60s; a worker at work renews it)",
         kQueue,
         [&s](std::string_view v) -> Result<void> {
             auto secs = option_seconds("--ack-wait", v);
             if (!secs) return unexpected(secs.error());
             if (!(*secs >= 1 && *secs <= 12 * 3600))
                 return fail(Errc::usage, fmt::format("--ack-wait takes 1s to 12h, not '{}'", v));
             s.setup.ack_wait = std::chrono::milliseconds(std::llround(*secs * 1000));
             s.setup.ack_wait_given = true;
             return {};
         }},
        {{"replicas"}, true, false, "<n>", "copies of the queue's streams in a NATS cluster (1-5, default 1)", kQueue,
         [&s](std::string_view v) -> Result<void> {
             auto n = option_int("--replicas", v, 1, 5);
             if (!n) return unexpected(n.error());
             s.setup.replicas = static_cast<int>(*n);
             return {};
         }},
        {{"h", "help"}, false, false, "", "this help", "", [&s](std::string_view) -> Result<void> { s.help = true; return {}; }},
    };
    append_fleet_options(t, s.fleet, kQueue);
    return t;
}

std::string submission_id() {
    std::random_device device;
    return fmt::format("{:08x}{:08x}", device(), device());
}

// Publishes the walk's targets as blocks; returns the number of targets and of blocks.
Result<std::pair<std::uint64_t, std::uint64_t>> publish_blocks(scan::walk::TargetWalk& walk, const SubmitCli& s,
                                                               const fleet::QueueNames& names,
                                                               fleet::JetStreamPublisher& publisher,
                                                               engine::SignalWatch& signals, const Logger& log) {
    const std::string submission = submission_id();
    std::uint64_t targets = 0, blocks = 0;
    fleet::Block block;
    block.ipv6 = s.targets.ipv6;
    auto flush = [&]() -> Result<void> {
        if (block.targets.empty()) return {};
        block.id = fleet::block_id(submission, blocks++);
        targets += block.targets.size();
        auto r = publisher.publish(names.blocks_subject, fleet::encode_block(block, names.queue), block.id);
        block.targets.clear();
        return r;
    };
    while (!walk.done()) {
        if (signals.raised()) return fail(Errc::interrupted, fmt::format("interrupted after {} blocks", blocks));
        std::vector<std::string> unresolved;
        auto next = walk.next(s.block_size - block.targets.size(), unresolved);
        for (const auto& u : unresolved) log.warn("Failed to resolve \"{}\".", u);
        if (!next) return unexpected(next.error());
        for (auto& t : *next) block.targets.push_back({t.address, std::move(t.hostname)});
        if (block.targets.size() >= s.block_size)
            if (auto r = flush(); !r) return unexpected(r.error());
    }
    if (auto r = flush(); !r) return unexpected(r.error());
    if (auto r = publisher.settle(); !r) return unexpected(r.error());
    return std::pair{targets, blocks};
}

}  // namespace

Result<int> run_submit(std::span<const std::string> args, const Streams& io) {
    SubmitCli s;
    auto specs = submit_options(s);
    auto positional = parse_options(specs, args);
    if (!positional) return unexpected(positional.error());
    if (s.help || args.empty()) {
        fmt::print(io.out, "{}", format_help(kSubmitUsage, specs));
        return 0;
    }
    auto names = fleet_queue(s.fleet);
    if (!names) return unexpected(names.error());
    s.targets.targets = *positional;
    if (s.targets.targets.empty() && s.targets.input_list.empty())
        return fail(Errc::usage, "whorl submit needs targets (or -iL FILE)");
    engine::SignalWatch signals;  // before the NATS client's threads, which inherit it
    Logger log(LogLevel::warning, io.err, io.out);
    std::optional<std::uint64_t> seed = s.targets.seed;
    if (!seed && s.targets.randomize_hosts) seed = (std::uint64_t{std::random_device{}()} << 32) | std::random_device{}();
    auto walk = open_target_walk(s.targets, seed, log);
    if (!walk) return unexpected(walk.error());
    fleet::NatsSettings settings = s.fleet.nats;
    settings.client_name = "whorl submit";
    auto client = fleet::NatsClient::connect(settings, [&log](const std::string& line) { log.warn("{}", line); });
    if (!client) return unexpected(client.error());
    auto state = fleet::create_queue(**client, *names, s.setup);
    if (!state) return unexpected(state.error());
    auto publisher = (*client)->publisher();
    if (!publisher) return unexpected(publisher.error());
    auto done = publish_blocks(*walk, s, *names, **publisher, signals, log);
    if (!done) return unexpected(done.error());
    fmt::print(io.out, "queue {} at {}: {} targets in {} blocks of up to {} ({} queue{}, acknowledgement wait {} s); "
               "results in stream {}\n",
               names->queue, settings.servers, done->first, done->second, s.block_size,
               state->created ? "a new" : "the existing", state->created ? "" : fmt::format(" with {} blocks before", state->blocks_waiting),
               static_cast<double>(state->ack_wait.count()) / 1000, names->results_stream);
    return 0;
}

}  // namespace whorl::cli
