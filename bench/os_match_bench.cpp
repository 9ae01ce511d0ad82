// nmap-os-db: loading the database, and matching one fingerprint against all of it
// (5,678 prints in the Debian 7.93 database).
#include <benchmark/benchmark.h>

#include <cstdio>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"

namespace {

using namespace whorl;

// Linux 6.x in a network namespace, default sysctls (imperfect: best 96%), and the same
// host with tcp_timestamps=2 (a perfect "Linux 5.3 - 5.4").
constexpr std::string_view kLinux =
    "SCAN(V=7.93%E=4%D=11/24%OT=80%CT=1%CU=44535%PV=N%DS=1%DC=D%G=Y%M=BA36CD%TM=6B06069B%P=x86_64-pc-linux-gnu)"
    "SEQ(SP=102%GCD=1%ISR=109%TI=Z%CI=Z%II=I%TS=21)"
    "OPS(O1=M5B4ST11NWA%O2=M5B4ST11NWA%O3=M5B4NNT11NWA%O4=M5B4ST11NWA%O5=M5B4ST11NWA%O6=M5B4ST11)"
    "WIN(W1=FE88%W2=FE88%W3=FE88%W4=FE88%W5=FE88%W6=FE88)ECN(R=Y%DF=Y%T=40%W=FAF0%O=M5B4NNSNWA%CC=Y%Q=)"
    "T1(R=Y%DF=Y%T=40%S=O%A=S+%F=AS%RD=0%Q=)T2(R=N)T3(R=N)T4(R=Y%DF=Y%T=40%W=0%S=A%A=Z%F=R%O=%RD=0%Q=)"
    "T5(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)T6(R=Y%DF=Y%T=40%W=0%S=A%A=Z%F=R%O=%RD=0%Q=)"
    "T7(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)"
    "U1(R=Y%DF=N%T=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)IE(R=Y%DFI=N%T=40%CD=S)";

const fp::db::OsDb* installed_db() {
    static const auto db = fp::db::OsDb::load_installed();
    return db ? &*db : nullptr;
}

void BM_ParseOsDb(benchmark::State& state) {
    auto path = fp::db::find_nmap_file("nmap-os-db");
    if (!path) return state.SkipWithError("nmap-os-db not installed");
    auto text = read_file(*path);
    for (auto _ : state) {
        auto db = fp::db::OsDb::parse(*text, *path);
        benchmark::DoNotOptimize(db);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text->size()));
}
BENCHMARK(BM_ParseOsDb)->Unit(benchmark::kMillisecond);

void BM_LoadOsDbFile(benchmark::State& state) {
    for (auto _ : state) {
        auto db = fp::db::OsDb::load_installed();
        if (!db) return state.SkipWithError("nmap-os-db not installed");
        benchmark::DoNotOptimize(db);
    }
}
BENCHMARK(BM_LoadOsDbFile)->Unit(benchmark::kMillisecond);

void match_bench(benchmark::State& state, std::string_view text, bool perfect_expected) {
    const fp::db::OsDb* db = installed_db();
    if (!db) return state.SkipWithError("nmap-os-db not installed");
    auto fp = fp::Fingerprint::parse(text);
    if (!fp) return state.SkipWithError("bad fingerprint");
    fp::match::OsMatcher matcher(*db);
    for (auto _ : state) {
        auto r = matcher.match(*fp);
        benchmark::DoNotOptimize(r);
    }
    auto r = matcher.match(*fp);
    if ((r.perfect > 0) != perfect_expected) state.SkipWithError("unexpected result");
    state.counters["prints"] = static_cast<double>(db->prints().size());
}

void BM_MatchImperfectLinux(benchmark::State& state) { match_bench(state, kLinux, false); }
BENCHMARK(BM_MatchImperfectLinux)->Unit(benchmark::kMicrosecond);

void BM_MatchPerfectLinux(benchmark::State& state) {
    std::string text(kLinux);
    text.replace(text.find("TS=21"), 5, "TS=A");
    match_bench(state, text, true);
}
BENCHMARK(BM_MatchPerfectLinux)->Unit(benchmark::kMicrosecond);

void BM_MatchAndClassify(benchmark::State& state) {
    const fp::db::OsDb* db = installed_db();
    if (!db) return state.SkipWithError("nmap-os-db not installed");
    auto fp = fp::Fingerprint::parse(kLinux);
    fp::match::OsMatcher matcher(*db);
    for (auto _ : state) {
        auto r = matcher.match(*fp);
        auto c = fp::match::classify(*db, r);
        benchmark::DoNotOptimize(c);
    }
}
BENCHMARK(BM_MatchAndClassify)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
