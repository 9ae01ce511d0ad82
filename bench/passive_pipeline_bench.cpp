// Google Benchmark: the passive pipeline per packet, on the synthetic SYN / SYN+ACK traffic of
// passive_traffic.hpp held in memory (no pcap reading), against the shipped p0f.fp.
// Items/s = packets per second on one core.
//   BM_Pipeline          decode -> flows and hosts -> p0f matching, NAT, uptime; no output
//   BM_PipelineLog       the same plus p0f's -o log text into a buffer written to /dev/null
//   BM_PipelineConsole   the same with p0f's console blocks instead
//   BM_PipelineJson      the same with JSON lines instead
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "fp/p0f/p0f_database.hpp"
#include "io/buffered_output.hpp"
#include "passive/passive_pipeline.hpp"
#include "passive_traffic.hpp"
#include "report/p0f_text.hpp"
#include "report/passive_json.hpp"

using namespace whorl;

namespace {

struct Capture {
    std::vector<std::byte> bytes;
    struct Frame {
        std::int64_t time_us;
        std::size_t offset, size;
    };
    std::vector<Frame> frames;
};

const Capture& capture() {
    static const Capture c = [] {
        Capture out;
        bench::TrafficSpec spec;
        spec.packets = 400000;
        bench::generate_traffic(spec, [&](std::int64_t t, Bytes f) {
            out.frames.push_back({t, out.bytes.size(), f.size()});
            out.bytes.insert(out.bytes.end(), f.begin(), f.end());
        });
        return out;
    }();
    return c;
}

const fp::passive::P0fDatabase* database() {
    static const auto db = fp::passive::P0fDatabase::load_default();
    return db ? &*db : nullptr;
}

class NullSink final : public fp::passive::ObservationSink {
public:
    void observe(const fp::passive::Observation& o) override { benchmark::DoNotOptimize(&o); }
};

// A writer followed by its output's flush check, as cli/'s Fanout runs them (the report
// writers only append to the buffer; the owner of the stream drains it).
class Drained final : public fp::passive::ObservationSink {
public:
    Drained(fp::passive::ObservationSink& writer, io::BufferedOutput& out)
        : writer_(writer), out_(out) {}
    void observe(const fp::passive::Observation& o) override {
        writer_.observe(o);
        out_.maybe_flush();
    }

private:
    fp::passive::ObservationSink& writer_;
    io::BufferedOutput& out_;
};

enum class Output { none, log, console, json };

void run(benchmark::State& state, Output output) {
    const auto* db = database();
    if (!db) {
        state.SkipWithError("no /etc/p0f/p0f.fp");
        return;
    }
    const Capture& c = capture();
    const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    for (auto _ : state) {
        auto out = io::BufferedOutput::for_fd(null_fd, "/dev/null");
        NullSink null_sink;
        std::unique_ptr<fp::passive::ObservationSink> writer;
        if (output == Output::log || output == Output::console)
            writer = std::make_unique<report::P0fTextWriter>(
                *db, out->buffer(), output == Output::log ? report::P0fTextStyle::log : report::P0fTextStyle::console);
        else if (output == Output::json)
            writer = std::make_unique<report::PassiveJsonWriter>(*db, out->buffer());
        std::optional<Drained> drained;
        if (writer) drained.emplace(*writer, *out);
        fp::passive::ObservationSink& sink = drained ? static_cast<fp::passive::ObservationSink&>(*drained)
                                                     : null_sink;
        fp::passive::PassivePipeline p(*db, {}, sink);
        for (const auto& f : c.frames)
            p.process(wire::LinkType::ethernet, f.time_us, Bytes(c.bytes.data() + f.offset, f.size),
                      static_cast<std::uint32_t>(f.size));
        (void)out->flush();
        benchmark::DoNotOptimize(p.stats().observations);
    }
    ::close(null_fd);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.frames.size()));
}

void BM_Pipeline(benchmark::State& s) { run(s, Output::none); }
void BM_PipelineLog(benchmark::State& s) { run(s, Output::log); }
void BM_PipelineConsole(benchmark::State& s) { run(s, Output::console); }
void BM_PipelineJson(benchmark::State& s) { run(s, Output::json); }

}  // namespace

BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineLog)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineConsole)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineJson)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
