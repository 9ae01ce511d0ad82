// User-Agent to OS, side by side in one run on the same real strings (whorl's corpus,
// tests/fixtures/ua/user_agents.txt, and uap-core's own OS test corpus when installed):
// whorl's hand table (fp/http/user_agent), uap-core's regexes (fp/http/uap_os), and the two
// together as the evidence stage uses them (fp/http/ua_evidence); and compiling uap-core's
// parsers, which `whorl passive` does at the first User-Agent.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "fp/http/ua_evidence.hpp"
#include "fp/http/uap_os.hpp"
#include "fp/http/user_agent.hpp"

using namespace whorl;
using namespace whorl::fp::passive;

namespace {

// The User-Agent column of whorl's corpus, and every user_agent_string of uap-core's.
std::vector<std::string> corpus() {
    std::vector<std::string> out;
    std::ifstream ours(WHORL_SOURCE_DIR "/tests/fixtures/ua/user_agents.txt");
    for (std::string line; std::getline(ours, line);)
        if (!line.empty() && line[0] != '#')
            if (auto bar = line.rfind(" | "); bar != std::string::npos) out.push_back(line.substr(bar + 3));
    std::ifstream theirs("/usr/share/uap-core/tests/test_os.yaml");
    const std::string key = "- user_agent_string: ";
    for (std::string line; std::getline(theirs, line);) {
        auto at = line.find(key);
        if (at == std::string::npos) continue;
        std::string v = line.substr(at + key.size());
        if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"')) v = v.substr(1, v.size() - 2);
        out.push_back(v);
    }
    return out;
}

const std::vector<std::string>& strings() {
    static const std::vector<std::string> all = corpus();
    return all;
}

const UapOsParsers* parsers() {
    static auto loaded = UapOsParsers::load(UapOsParsers::kInstalledPath);
    return loaded ? &*loaded : nullptr;
}

// Every string of the corpus through `names` (true when it names an OS family).
template <class Names>
void run_corpus(benchmark::State& state, Names names) {
    std::size_t named = 0;
    for (auto _ : state) {
        named = 0;
        for (const auto& ua : strings()) named += names(ua);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * strings().size()));
    state.counters["named"] = static_cast<double>(named);
}

void BM_HandTable(benchmark::State& state) {
    run_corpus(state, [](const std::string& ua) {
        auto e = classify_user_agent(ua);
        benchmark::DoNotOptimize(e);
        return e && e->family != OsFamily::unknown;
    });
}

void BM_UapCore(benchmark::State& state) {
    const UapOsParsers* p = parsers();
    if (!p) return state.SkipWithError("uap-core not installed");
    run_corpus(state, [p](const std::string& ua) {
        auto os = p->parse_user_agent(ua);
        benchmark::DoNotOptimize(os);
        return os && uap_os_family(os->family) != OsFamily::unknown;
    });
}

void BM_Together(benchmark::State& state) {
    const UapOsParsers* p = parsers();
    if (!p) return state.SkipWithError("uap-core not installed");
    run_corpus(state, [p](const std::string& ua) {
        auto e = user_agent_evidence(p, ua);
        benchmark::DoNotOptimize(e);
        return e && e->family != OsFamily::unknown;
    });
}

void BM_LoadUapCore(benchmark::State& state) {
    for (auto _ : state) {
        auto p = UapOsParsers::load(UapOsParsers::kInstalledPath);
        if (!p) return state.SkipWithError("uap-core not installed");
        benchmark::DoNotOptimize(p);
    }
}

}  // namespace

BENCHMARK(BM_HandTable)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_UapCore)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Together)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoadUapCore)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
