// nmap-os-db: loading the database, and matching one fingerprint against all of it, for
// each database at hand side by side in one run: Debian 12's (Nmap 7.93, 5,678 prints,
// 7.93's rules) and Debian 13's (Nmap 7.95, 6,036 prints in the 7.94.2+ grammar, 7.95's
// rules; fetched by tools/nmap-oracle.sh db, or $WHORL_NMAP795_DATADIR). And whorl's own
// verdict: loading the database with whorl's own prints and fitting the model (what a
// scan or `whorl match` does once), and one host's verdict once loaded. And the passive
// SYN+ACK signatures `whorl passive` derives from the database at start.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/p0f/nmap_synack.hpp"
#include "fp/verdict/os_verdict.hpp"

namespace {

using namespace whorl;

// Linux 6.x in a network namespace, default sysctls (imperfect: best 96% in 7.93's
// database), and the same host with tcp_timestamps=2 (a perfect "Linux 5.3 - 5.4" there).
constexpr std::string_view kLinux =
    "SCAN(V=7.93%E=4%D=11/24%OT=80%CT=1%CU=44535%PV=N%DS=1%DC=D%G=Y%M=BA36CD%TM=6B06069B%P=x86_64-pc-linux-gnu)"
    "SEQ(SP=102%GCD=1%ISR=109%TI=Z%CI=Z%II=I%TS=21)"
    "OPS(O1=M5B4ST11NWA%O2=M5B4ST11NWA%O3=M5B4NNT11NWA%O4=M5B4ST11NWA%O5=M5B4ST11NWA%O6=M5B4ST11)"
    "WIN(W1=FE88%W2=FE88%W3=FE88%W4=FE88%W5=FE88%W6=FE88)ECN(R=Y%DF=Y%T=40%W=FAF0%O=M5B4NNSNWA%CC=Y%Q=)"
    "T1(R=Y%DF=Y%T=40%S=O%A=S+%F=AS%RD=0%Q=)T2(R=N)T3(R=N)T4(R=Y%DF=Y%T=40%W=0%S=A%A=Z%F=R%O=%RD=0%Q=)"
    "T5(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)T6(R=Y%DF=Y%T=40%W=0%S=A%A=Z%F=R%O=%RD=0%Q=)"
    "T7(R=Y%DF=Y%T=40%W=0%S=Z%A=S+%F=AR%O=%RD=0%Q=)"
    "U1(R=Y%DF=N%T=40%IPL=164%UN=0%RIPL=G%RID=G%RIPCK=G%RUCK=G%RUD=G)IE(R=Y%DFI=N%T=40%CD=S)";

std::string linux_with_ts_a() {
    std::string text(kLinux);
    text.replace(text.find("TS=21"), 5, "TS=A");
    return text;
}

// The databases to compare: name -> path.
std::map<std::string, std::string> databases() {
    std::map<std::string, std::string> out;
    if (auto p = fp::db::find_nmap_file("nmap-os-db")) out["nmap793"] = *p;
    std::string dir;
    if (const char* d = std::getenv("WHORL_NMAP795_DATADIR"); d && *d)
        dir = d;
    else
        dir = "/var/cache/whorl-oracles/nmap-7.95/share/nmap";
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir + "/nmap-os-db", ec)) out["nmap795"] = dir + "/nmap-os-db";
    return out;
}

struct LoadedDb {
    std::string path, text;
    fp::db::OsDb db;
};

void bench_parse(benchmark::State& state, const std::string& path) {
    auto text = read_file(path);
    if (!text) return state.SkipWithError("cannot read the database");
    for (auto _ : state) {
        auto db = fp::db::OsDb::parse(*text, path);
        benchmark::DoNotOptimize(db);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text->size()));
}

void bench_match(benchmark::State& state, const fp::db::OsDb* db, std::string text, bool classify) {
    auto fp = fp::Fingerprint::parse(text);
    if (!fp) return state.SkipWithError("bad fingerprint");
    fp::match::OsMatcher matcher(*db);
    for (auto _ : state) {
        auto r = matcher.match(*fp);
        if (classify) {
            auto c = fp::match::classify(*db, r);
            benchmark::DoNotOptimize(c);
        }
        benchmark::DoNotOptimize(r);
    }
    auto r = matcher.match(*fp);
    state.counters["prints"] = static_cast<double>(db->prints().size());
    state.counters["perfect"] = r.perfect;
    state.counters["best_pct"] = r.matches.empty() ? 0 : fp::match::accuracy_percent(r.matches.front().accuracy);
}

// nmap-os-db parsed, whorl's own prints read after it and the verdict model fitted: what
// fp::verdict::OsKnowledge::load does the first time (later loads in a process share it).
void bench_load_with_verdict(benchmark::State& state, const std::string& path) {
    auto text = read_file(path);
    auto own_dir = fp::db::whorl_data_dir();
    auto own = own_dir ? read_file(*own_dir + "/whorl-os-db") : Result<std::string>(std::string());
    if (!text || !own) return state.SkipWithError("cannot read the databases");
    std::size_t families = 0;
    for (auto _ : state) {
        auto db = fp::db::OsDb::parse(*text, path);
        if (!db) return state.SkipWithError("bad database");
        auto both = fp::db::OsDb::with_prints_from(std::move(*db), *own, "whorl-os-db");
        if (!both) return state.SkipWithError("bad whorl-os-db");
        auto model = fp::verdict::VerdictModel::fit(*both);
        families = model.family_count();
        benchmark::DoNotOptimize(model);
    }
    state.counters["families"] = static_cast<double>(families);
}

// One host's verdict (every print scored, the classes read) with the model loaded.
void bench_verdict(benchmark::State& state, const std::string& path, std::string text) {
    auto db_text = read_file(path);
    auto own_dir = fp::db::whorl_data_dir();
    auto own = own_dir ? read_file(*own_dir + "/whorl-os-db") : Result<std::string>(std::string());
    auto fp = fp::Fingerprint::parse(text);
    if (!db_text || !own || !fp) return state.SkipWithError("cannot read the inputs");
    auto db = fp::db::OsDb::with_prints_from(*fp::db::OsDb::parse(*db_text, path), *own, "whorl-os-db");
    if (!db) return state.SkipWithError("bad databases");
    auto model = fp::verdict::VerdictModel::fit(*db);
    fp::match::OsMatcher matcher(*db);
    double p = 0;
    for (auto _ : state) {
        auto v = model.judge(matcher, *fp);
        p = v.abstained ? 0 : v.classes.front().probability;
        benchmark::DoNotOptimize(v);
    }
    state.counters["probability"] = p;
}

// Passive SYN+ACK signatures derived from a loaded database and read back by p0f.fp's
// loader: what `whorl passive` pays at start for them (fp/p0f/nmap_synack.hpp).
void bench_derive_synack(benchmark::State& state, const fp::db::OsDb* db) {
    std::size_t sigs = 0;
    for (auto _ : state) {
        auto p0f = fp::passive::synack_database(*db);
        if (!p0f) return state.SkipWithError("derived signatures do not load");
        sigs = p0f->signature_count();
        benchmark::DoNotOptimize(p0f);
    }
    state.counters["signatures"] = static_cast<double>(sigs);
}

}  // namespace

int main(int argc, char** argv) {
    static std::vector<std::unique_ptr<fp::db::OsDb>> loaded;
    for (const auto& [name, path] : databases()) {
        auto db = fp::db::OsDb::load(path);
        if (!db) {
            std::fprintf(stderr, "%s\n", db.error().describe().c_str());
            return 1;
        }
        loaded.push_back(std::make_unique<fp::db::OsDb>(std::move(*db)));
        const fp::db::OsDb* d = loaded.back().get();
        benchmark::RegisterBenchmark(("BM_ParseOsDb/" + name).c_str(), bench_parse, path)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("BM_MatchImperfectLinux/" + name).c_str(), bench_match, d, std::string(kLinux), false)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("BM_MatchLinuxTsA/" + name).c_str(), bench_match, d, linux_with_ts_a(), false)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("BM_MatchAndClassify/" + name).c_str(), bench_match, d, std::string(kLinux), true)
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("BM_LoadWithVerdictModel/" + name).c_str(), bench_load_with_verdict, path)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
        benchmark::RegisterBenchmark(("BM_VerdictImperfectLinux/" + name).c_str(), bench_verdict, path, std::string(kLinux))
            ->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("BM_DeriveSynAckSignatures/" + name).c_str(), bench_derive_synack, d)
            ->Unit(benchmark::kMillisecond);
    }
    if (loaded.empty()) std::fprintf(stderr, "no nmap-os-db found: nothing to measure\n");
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
