// Google Benchmark: the passive pipeline per packet, on the synthetic SYN / SYN+ACK traffic of
// passive_traffic.hpp held in memory (no pcap reading), against the shipped p0f.fp.
// Items/s = packets per second on one core.
//   BM_Pipeline          decode -> flows and hosts -> p0f matching, NAT, uptime; no output
//   BM_PipelineLog       the same plus p0f's -o log text into a buffer written to /dev/null
//   BM_PipelineConsole   the same with p0f's console blocks instead
//   BM_PipelineJson      the same with JSON lines instead
//   BM_PipelineTls       a TLS-heavy capture: the lab's six TLS 1.3 connections
//                        (tests/fixtures/pcap/tls/clients.pcap) replayed 200 times, hellos
//                        parsed, JA4 and mercury strings built, the evidence stage on;
//   BM_PipelineTlsOff    the same capture with TLS off (p0f's work alone), for the ratio
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "fp/p0f/p0f_database.hpp"
#include "io/buffered_output.hpp"
#include "io/pcap_source.hpp"
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

// The TLS capture's frames, replayed `kTlsReplays` times a second apart.
constexpr int kTlsReplays = 200;

const Capture* tls_capture() {
    static const std::optional<Capture> c = []() -> std::optional<Capture> {
        auto src = io::PcapSource::open_file(std::string(WHORL_SOURCE_DIR) + "/tests/fixtures/pcap/tls/clients.pcap");
        if (!src) return std::nullopt;
        std::vector<std::pair<std::int64_t, std::vector<std::byte>>> frames;
        while (true) {
            auto pkt = (*src)->next();
            if (!pkt || !*pkt) break;
            frames.emplace_back(static_cast<std::int64_t>((**pkt).timestamp.count()), std::vector<std::byte>((**pkt).data.begin(), (**pkt).data.end()));
        }
        Capture out;
        for (int r = 0; r < kTlsReplays; ++r)
            for (const auto& [t, bytes] : frames) {
                out.frames.push_back({t + r * 1000000LL, out.bytes.size(), bytes.size()});
                out.bytes.insert(out.bytes.end(), bytes.begin(), bytes.end());
            }
        return out;
    }();
    return c ? &*c : nullptr;
}

void run_tls(benchmark::State& state, bool tls) {
    const auto* db = database();
    const Capture* c = tls_capture();
    if (!db || !c) {
        state.SkipWithError("no /etc/p0f/p0f.fp or no TLS capture");
        return;
    }
    auto stage = fp::passive::EvidenceStage::create({}, *db);
    if (!stage) {
        state.SkipWithError("no evidence stage");
        return;
    }
    (void)(*stage)->classify_tls("(0303)()()");  // mercury's table loads here, not in the timing
    fp::passive::PassiveConfig config;
    config.tls = tls;
    std::uint64_t tls_observations = 0;
    for (auto _ : state) {
        NullSink sink;
        fp::passive::PassivePipeline p(*db, config, sink, stage->get());
        for (const auto& f : c->frames)
            p.process(wire::LinkType::ethernet, f.time_us, Bytes(c->bytes.data() + f.offset, f.size),
                      static_cast<std::uint32_t>(f.size));
        tls_observations = p.stats().observations;
        benchmark::DoNotOptimize(tls_observations);
    }
    state.counters["observations"] = static_cast<double>(tls_observations);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c->frames.size()));
}

void BM_Pipeline(benchmark::State& s) { run(s, Output::none); }
void BM_PipelineTls(benchmark::State& s) { run_tls(s, true); }
void BM_PipelineTlsOff(benchmark::State& s) { run_tls(s, false); }
void BM_PipelineLog(benchmark::State& s) { run(s, Output::log); }
void BM_PipelineConsole(benchmark::State& s) { run(s, Output::console); }
void BM_PipelineJson(benchmark::State& s) { run(s, Output::json); }

}  // namespace

BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineLog)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineConsole)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineJson)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineTls)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PipelineTlsOff)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
