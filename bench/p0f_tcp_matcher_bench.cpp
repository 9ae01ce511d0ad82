// Google Benchmark: p0f TCP matching on a realistic mix of SYNs and SYN+ACKs against the
// shipped /etc/p0f/p0f.fp. Items/s = packets matched per second on one core.
//   BM_TcpMatch          the matcher alone (inputs prepared in advance)
//   BM_TcpOptionsToMatch option walk + quirks + input + match, from raw option bytes
//   BM_TcpRawSig         formatting raw_sig + params (the log fields), for comparison
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <vector>

#include "fp/p0f/p0f_database.hpp"

using namespace whorl::fp::passive;

namespace {

struct Sample {
    TcpHeaderFields h;
    std::vector<std::byte> opts;
    std::uint8_t ttl;
    std::uint16_t window;
    bool syn_ack;
    TcpSignatureInput in;
};

std::vector<std::byte> bytes(std::initializer_list<int> v) {
    std::vector<std::byte> out;
    for (int b : v) out.push_back(static_cast<std::byte>(b));
    return out;
}

// Stacks seen on today's networks, weighted roughly like a busy edge: Linux/Android
// (mss,sok,ts,nop,ws), Windows 10/11 and 7 (mss,nop,ws,nop,nop,sok), macOS/iOS (with
// EOL padding), IPv6 variants, Linux SYN+ACKs, and 30 % unknown option layouts.
std::vector<Sample> make_mix(std::size_t n) {
    std::mt19937 rng(42);
    const auto linux_opts = bytes({2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 1, 2, 3, 0, 0, 0, 0, 1, 3, 3, 7});
    const auto win_opts = bytes({2, 4, 5, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2});
    const auto mac_opts = bytes({2, 4, 5, 0xb4, 1, 3, 3, 6, 1, 1, 8, 10, 0, 1, 2, 3, 0, 0, 0, 0, 4, 2, 0, 0});
    const auto v6_opts = bytes({2, 4, 5, 0xa0, 4, 2, 8, 10, 0, 1, 2, 3, 0, 0, 0, 0, 1, 3, 3, 7});
    std::vector<Sample> out;
    for (std::size_t i = 0; i < n; ++i) {
        Sample s{};
        s.h.ip_version = 4;
        s.h.df = true;
        s.h.ip_id = static_cast<std::uint16_t>(rng());
        s.h.seq = rng() | 1;
        s.h.tcp_flags = kTcpSyn;
        const int hops = static_cast<int>(rng() % 20);
        const unsigned pick = rng() % 100;
        if (pick < 30) { s.opts = linux_opts; s.ttl = 64 - hops; s.window = 64240; }
        else if (pick < 45) { s.opts = win_opts; s.ttl = 128 - hops; s.window = 64240; }
        else if (pick < 50) { s.opts = win_opts; s.ttl = 128 - hops; s.window = 8192; }
        else if (pick < 55) { s.opts = mac_opts; s.ttl = 64 - hops; s.window = 65535; }
        else if (pick < 62) { s.opts = v6_opts; s.ttl = 64 - hops; s.window = 64800; s.h.ip_version = 6; s.h.df = false; }
        else if (pick < 70) {
            s.opts = linux_opts; s.ttl = 64 - hops; s.window = 14600;
            s.h.tcp_flags = kTcpSyn | kTcpAck; s.h.ack = rng(); s.syn_ack = true;
        } else {
            // Unknown: a random permutation-ish layout of 1..8 options.
            const int count = 1 + static_cast<int>(rng() % 8);
            for (int k = 0; k < count; ++k) {
                switch (rng() % 5) {
                    case 0: for (int b : {2, 4, 5, 0x78}) s.opts.push_back(std::byte(b)); break;
                    case 1: s.opts.push_back(std::byte{1}); break;
                    case 2: for (int b : {3, 3, static_cast<int>(rng() % 15)}) s.opts.push_back(std::byte(b)); break;
                    case 3: for (int b : {4, 2}) s.opts.push_back(std::byte(b)); break;
                    default: for (int b : {8, 10, 1, 2, 3, 4, 0, 0, 0, 0}) s.opts.push_back(std::byte(b)); break;
                }
            }
            s.ttl = static_cast<std::uint8_t>(32 + rng() % 200);
            s.window = static_cast<std::uint16_t>(rng());
        }
        TcpOptions o = parse_tcp_options(s.opts);
        const std::uint16_t hdr = static_cast<std::uint16_t>((s.h.ip_version == 4 ? 20 : 40) + 20 + s.opts.size());
        s.in = make_tcp_input(s.h, o, s.ttl, 0, s.window, hdr, false, s.syn_ack ? 1460 : 0);
        out.push_back(std::move(s));
    }
    return out;
}

const P0fDatabase* database() {
    static auto db = P0fDatabase::load_default();
    if (!db) {
        std::fprintf(stderr, "cannot load p0f.fp: %s\n", db.error().describe().c_str());
        return nullptr;
    }
    return &*db;
}

const std::vector<Sample>& mix() {
    static const std::vector<Sample> m = make_mix(4096);
    return m;
}

void BM_TcpMatch(benchmark::State& state) {
    const P0fDatabase* db = database();
    if (!db) { state.SkipWithError("no p0f.fp"); return; }
    const auto& m = mix();
    std::size_t i = 0, matched = 0;
    for (auto _ : state) {
        const Sample& s = m[i++ & (m.size() - 1)];
        TcpMatch r = db->tcp(s.syn_ack ? Direction::response : Direction::request).match(s.in);
        matched += r.record != nullptr;
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.counters["matched_%"] = 100.0 * static_cast<double>(matched) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TcpMatch);

void BM_TcpOptionsToMatch(benchmark::State& state) {
    const P0fDatabase* db = database();
    if (!db) { state.SkipWithError("no p0f.fp"); return; }
    const auto& m = mix();
    std::size_t i = 0;
    for (auto _ : state) {
        const Sample& s = m[i++ & (m.size() - 1)];
        TcpOptions o = parse_tcp_options(s.opts);
        TcpSignatureInput in = make_tcp_input(s.h, o, s.ttl, 0, s.window, 60, false, 1460);
        TcpMatch r = db->tcp(s.syn_ack ? Direction::response : Direction::request).match(in);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TcpOptionsToMatch);

void BM_TcpRawSig(benchmark::State& state) {
    const P0fDatabase* db = database();
    if (!db) { state.SkipWithError("no p0f.fp"); return; }
    const auto& m = mix();
    std::size_t i = 0;
    for (auto _ : state) {
        const Sample& s = m[i++ & (m.size() - 1)];
        TcpMatch r = db->tcp(s.syn_ack ? Direction::response : Direction::request).match(s.in);
        std::string raw = format_tcp_raw_sig(s.in);
        std::string params = format_tcp_params(s.in, r);
        benchmark::DoNotOptimize(raw);
        benchmark::DoNotOptimize(params);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_TcpRawSig);

}  // namespace

BENCHMARK_MAIN();
