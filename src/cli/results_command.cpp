// whorl results (see the header).
#include "cli/results_command.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "base/log.hpp"
#include "cli/fleet_options.hpp"
#include "cli/options.hpp"
#include "engine/signal_watch.hpp"
#include "fleet/nats_client.hpp"
#include "fleet/results_reader.hpp"

namespace whorl::cli {
namespace {

constexpr std::string_view kResultsUsage = "whorl results --jetstream URL --queue NAME [--json FILE|-]";

struct ResultsCli {
    FleetOptions fleet;
    std::string json = "-";
    bool help = false;
};

std::vector<OptionSpec> results_options(ResultsCli& r) {
    std::vector<OptionSpec> t{
        {{"json"}, true, false, "<file|->", "write the JSON lines there (default: standard output)", "",
         [&r](std::string_view v) -> Result<void> { r.json = std::string(v); return {}; }},
        {{"h", "help"}, false, false, "", "this help", "", [&r](std::string_view) -> Result<void> { r.help = true; return {}; }},
    };
    append_fleet_options(t, r.fleet, "THE QUEUE");
    return t;
}

}  // namespace

Result<int> run_results(std::span<const std::string> args, const Streams& io) {
    ResultsCli r;
    auto specs = results_options(r);
    auto positional = parse_options(specs, args);
    if (!positional) return unexpected(positional.error());
    if (r.help || args.empty()) {
        fmt::print(io.out, "{}", format_help(kResultsUsage, specs));
        return 0;
    }
    if (!positional->empty()) return fail(Errc::usage, fmt::format("whorl results takes no targets ('{}')", positional->front()));
    auto names = fleet_queue(r.fleet);
    if (!names) return unexpected(names.error());
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, std::fclose);
    std::FILE* out = io.out;
    if (r.json != "-") {
        file.reset(std::fopen(r.json.c_str(), "w"));
        if (!file) return fail(Errc::io, fmt::format("cannot open {} for writing: {}", r.json, std::strerror(errno)));
        out = file.get();
    }
    engine::SignalWatch signals;  // before the NATS client's threads
    fleet::NatsSettings settings = r.fleet.nats;
    settings.client_name = "whorl results";
    Logger log(LogLevel::warning, io.err);
    auto client = fleet::NatsClient::connect(settings, [&log](const std::string& line) { log.warn("{}", line); });
    if (!client) return unexpected(client.error());
    auto count = fleet::read_results(**client, *names, [&](std::string_view data) -> Result<void> {
        if (signals.raised()) return fail(Errc::interrupted, "interrupted");
        std::fwrite(data.data(), 1, data.size(), out);
        std::fputc('\n', out);
        return {};
    });
    if (!count) return unexpected(count.error());
    if (std::fflush(out) != 0 || std::ferror(out))
        return fail(Errc::io, fmt::format("cannot write {}: {}", r.json == "-" ? "standard output" : r.json, std::strerror(errno)));
    if (file && std::fclose(file.release()) != 0)
        return fail(Errc::io, fmt::format("cannot write {}: {}", r.json, std::strerror(errno)));
    return 0;
}

}  // namespace whorl::cli
