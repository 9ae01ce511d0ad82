// Synthetic passive-benchmark traffic; see passive_traffic.hpp.
#include "passive_traffic.hpp"

#include <array>
#include <random>

#include "wire/packet_builder.hpp"
#include "wire/tcp.hpp"

namespace whorl::bench {

namespace {

using Opts = std::vector<std::uint8_t>;

struct Stack {
    std::uint16_t window;
    std::uint8_t ttl;
    bool df;
    Opts options;      // a TS option's TSval is patched in at ts_offset
    int ts_offset;     // -1: no timestamp option
};

// MSS 1460 (IPv4) is rewritten to 1440 for IPv6 at offset 2..3 when present first.
std::vector<Stack> client_stacks() {
    return {
        {64240, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7}, 8},       // Linux 5
        {29200, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7}, 8},       // Linux 3.11+
        {64240, 128, true, {2, 4, 5, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2}, -1},                              // Windows 10
        {8192, 128, true, {2, 4, 5, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2}, -1},                               // Windows 7
        {65535, 64, true, {2, 4, 5, 0xb4, 1, 3, 3, 6, 1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 4, 2, 0, 0}, 12},  // macOS
        {65535, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 9}, 8},       // Android
        {65535, 64, true, {2, 4, 5, 0xb4, 1, 3, 3, 6, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0}, 12},      // FreeBSD
        {5840, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 2}, 8},        // Linux 2.6
        {65535, 128, true, {2, 4, 5, 0xb4, 1, 1, 4, 2}, -1},                                          // Windows XP
        {1024, 0, false, {2, 4, 5, 0xb4}, -1},                                                        // nmap SYN
    };
}

std::vector<Stack> server_stacks() {
    return {
        {65160, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7}, 8},
        {28960, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7}, 8},
        {8192, 128, true, {2, 4, 5, 0xb4, 1, 3, 3, 8, 4, 2, 0, 0}, -1},
        {65535, 64, true, {2, 4, 5, 0xb4, 1, 3, 3, 6, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0}, 12},
        {14480, 64, true, {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7}, 8},
    };
}

// A random but well-formed option layout (a host whose stack p0f.fp does not know).
Stack random_stack(std::mt19937_64& rng) {
    Stack s{static_cast<std::uint16_t>(rng() % 65535 + 1), std::array<std::uint8_t, 3>{64, 128, 255}[rng() % 3],
            (rng() % 4) != 0, {}, -1};
    const int n = 1 + static_cast<int>(rng() % 7);
    for (int i = 0; i < n && s.options.size() < 32; ++i) {
        switch (rng() % 6) {
            case 0: s.options.push_back(1); break;
            case 1: s.options.insert(s.options.end(), {2, 4, 5, static_cast<std::uint8_t>(rng() % 256)}); break;
            case 2: s.options.insert(s.options.end(), {3, 3, static_cast<std::uint8_t>(rng() % 15)}); break;
            case 3: s.options.insert(s.options.end(), {4, 2}); break;
            case 4:
                if (s.ts_offset >= 0) break;
                s.ts_offset = static_cast<int>(s.options.size()) + 2;
                s.options.insert(s.options.end(), {8, 10, 0, 0, 0, 0, 0, 0, 0, 0});
                break;
            default: s.options.insert(s.options.end(), {static_cast<std::uint8_t>(20 + rng() % 200), 2}); break;
        }
    }
    while (s.options.size() % 4) s.options.push_back(0);
    return s;
}

struct Host {
    bool v6;
    wire::Ipv4Address v4;
    wire::Ipv6Address v6addr;
    Stack stack;
    std::uint8_t hops;
    std::uint32_t ts_base, ts_hz;
    std::uint16_t next_port;
};

Host make_host(bool v6, std::uint32_t index, const Stack& stack, std::mt19937_64& rng) {
    Host h{v6, {}, {}, stack, static_cast<std::uint8_t>(rng() % 20), static_cast<std::uint32_t>(rng()),
           std::array<std::uint32_t, 3>{100, 250, 1000}[rng() % 3],
           static_cast<std::uint16_t>(32768 + rng() % 20000)};
    if (!v6) {
        h.v4 = {0xC6336400u + 1 + index % 240};  // 198.51.100.1 - 198.51.100.240
    } else {
        h.v6addr.octets = {0x20, 0x01, 0x0d, 0xb8, 0, 1};
        for (int i = 8; i < 16; ++i) h.v6addr.octets[i] = static_cast<std::uint8_t>(rng());
        h.v6addr.octets[12] = static_cast<std::uint8_t>(index >> 8);
        h.v6addr.octets[13] = static_cast<std::uint8_t>(index);
    }
    if (stack.ttl == 0) h.stack.ttl = static_cast<std::uint8_t>(37 + rng() % 28);  // nmap
    if (v6 && h.stack.options.size() >= 4 && h.stack.options[0] == 2) {
        h.stack.options[2] = 0x05;
        h.stack.options[3] = 0xa0;  // MSS 1440
    }
    return h;
}

// Ethernet + IP + TCP for one segment of `from`'s stack.
std::size_t build_frame(std::array<std::byte, 256>& buf, const Host& from, const Host& to,
                        std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack,
                        bool syn_ack, std::uint32_t tsval, std::uint32_t tsecr, std::uint16_t ip_id) {
    Opts opts = from.stack.options;
    if (from.stack.ts_offset >= 0) {
        auto put = [&](int at, std::uint32_t v) {
            for (int i = 0; i < 4; ++i) opts[static_cast<std::size_t>(at + i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
        };
        put(from.stack.ts_offset, tsval);
        put(from.stack.ts_offset + 4, syn_ack ? tsecr : 0);
    }
    wire::TcpFields tcp;
    tcp.src_port = sport;
    tcp.dst_port = dport;
    tcp.seq = seq;
    tcp.ack = ack;
    tcp.flags = syn_ack ? (wire::tcp_flag::kSyn | wire::tcp_flag::kAck) : wire::tcp_flag::kSyn;
    tcp.window = from.stack.window;
    tcp.options = std::as_bytes(std::span(opts));
    const MutableBytes out = MutableBytes(buf).subspan(14);
    std::optional<std::size_t> n;
    const std::uint8_t ttl = static_cast<std::uint8_t>(from.stack.ttl - from.hops);
    if (!from.v6) {
        wire::Ipv4Fields ip{.src = from.v4, .dst = to.v4, .id = ip_id, .dont_fragment = from.stack.df, .ttl = ttl};
        n = wire::build_tcp(out, ip, tcp);
    } else {
        wire::Ipv6Fields ip{.src = from.v6addr, .dst = to.v6addr, .hop_limit = ttl};
        n = wire::build_tcp(out, ip, tcp);
    }
    static constexpr std::uint8_t kEth[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
    for (int i = 0; i < 12; ++i) buf[static_cast<std::size_t>(i)] = std::byte{kEth[i]};
    buf[12] = std::byte{static_cast<std::uint8_t>(from.v6 ? 0x86 : 0x08)};
    buf[13] = std::byte{static_cast<std::uint8_t>(from.v6 ? 0xdd : 0x00)};
    return 14 + n.value_or(0);
}

}  // namespace

void generate_traffic(const TrafficSpec& spec,
                      const std::function<void(std::int64_t time_us, Bytes frame)>& frame) {
    std::mt19937_64 rng(spec.seed);
    const auto clients = client_stacks();
    const auto servers = server_stacks();
    auto pick_stack = [&]() -> Stack {
        if (std::uniform_real_distribution<>(0, 1)(rng) < spec.random_layouts) return random_stack(rng);
        return clients[rng() % clients.size()];
    };
    std::vector<Host> v4, v6, srv4, srv6;
    for (std::uint32_t i = 0; i < spec.v4_clients; ++i) v4.push_back(make_host(false, i, pick_stack(), rng));
    for (std::uint32_t i = 0; i < spec.v6_clients; ++i) v6.push_back(make_host(true, i, pick_stack(), rng));
    for (std::uint32_t i = 0; i < 6; ++i) {
        srv4.push_back(make_host(false, 0, servers[i % servers.size()], rng));
        srv4.back().v4 = {0xC6336400u + 241 + i};  // 198.51.100.241 -
        srv6.push_back(make_host(true, 0, servers[i % servers.size()], rng));
        srv6.back().v6addr.octets = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(i + 1)};
    }
    const std::int64_t start_us = 1700000000LL * 1000000;
    const std::int64_t gap_us = 1000000 / std::max<std::uint32_t>(spec.connections_per_second, 1);
    std::array<std::byte, 256> buf{};
    std::uniform_real_distribution<> coin(0, 1);
    for (std::uint64_t c = 0; c * 2 < spec.packets; ++c) {
        const bool use_v6 = coin(rng) < spec.v6_share && !v6.empty();
        auto& pool = use_v6 ? v6 : v4;
        Host& cli = pool[rng() % pool.size()];
        const Host& srv = (use_v6 ? srv6 : srv4)[rng() % 6];
        const std::int64_t t = start_us + static_cast<std::int64_t>(c) * gap_us;
        const std::uint32_t elapsed_ms = static_cast<std::uint32_t>((t - start_us) / 1000);
        const std::uint32_t cli_ts = cli.ts_base + static_cast<std::uint32_t>(std::uint64_t{elapsed_ms} * cli.ts_hz / 1000);
        const std::uint32_t srv_ts = srv.ts_base + elapsed_ms;
        const std::uint16_t sport = cli.next_port++;
        if (cli.next_port < 32768) cli.next_port = 32768;
        const std::uint16_t dport = std::array<std::uint16_t, 4>{80, 443, 22, 8080}[rng() % 4];
        const std::uint32_t seq = static_cast<std::uint32_t>(rng()), srv_seq = static_cast<std::uint32_t>(rng());
        std::size_t n = build_frame(buf, cli, srv, sport, dport, seq, 0, false, cli_ts, 0,
                                    static_cast<std::uint16_t>(rng() | 1));
        frame(t, Bytes(buf.data(), n));
        n = build_frame(buf, srv, cli, dport, sport, srv_seq, seq + 1, true, srv_ts, cli_ts,
                        static_cast<std::uint16_t>(rng() | 1));
        frame(t + 20, Bytes(buf.data(), n));
    }
}

}  // namespace whorl::bench
