// wire/ speed: decode_frame (+ the TCP option walk, as the passive path does it per SYN),
// building a probe from scratch, and patching a built template.
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "wire/ethernet.hpp"
#include "wire/frame.hpp"
#include "wire/packet_builder.hpp"
#include "wire/packet_patch.hpp"
#include "wire/tcp_options.hpp"
#include "wire/vlan.hpp"

namespace {

using namespace whorl;
using namespace whorl::wire;

const std::array<std::byte, 20> kLinuxSynOptions = {
    std::byte{2}, std::byte{4}, std::byte{5}, std::byte{0xb4}, std::byte{4}, std::byte{2},
    std::byte{8}, std::byte{10}, std::byte{0}, std::byte{1}, std::byte{2}, std::byte{3},
    std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}, std::byte{1}, std::byte{3},
    std::byte{3}, std::byte{7}};

Ipv4Fields ip4() {
    Ipv4Fields ip;
    ip.src = *Ipv4Address::parse("198.51.100.1");
    ip.dst = *Ipv4Address::parse("198.51.100.2");
    ip.dont_fragment = true;
    ip.id = 0x1234;
    return ip;
}

TcpFields syn() {
    TcpFields t{40000, 80, 1000, 0, 0x002, 64240};
    t.options = kLinuxSynOptions;
    return t;
}

// Ethernet (+ optional 802.1Q tag) + IPv4 + a Linux SYN: 74 or 78 bytes.
std::vector<std::byte> ethernet_syn(bool vlan) {
    std::vector<std::byte> f(128);
    const MacAddress a{{2, 0, 0, 0, 0, 1}}, b{{2, 0, 0, 0, 0, 2}};
    std::size_t n = *write_ethernet(f, b, a, vlan ? ethertype::kVlan : ethertype::kIpv4);
    if (vlan) n += *write_vlan_tag(MutableBytes(f).subspan(n), 100, ethertype::kIpv4);
    n += *build_tcp(MutableBytes(f).subspan(n), ip4(), syn());
    f.resize(n);
    return f;
}

void BM_DecodeFrame(benchmark::State& state) {
    const auto frame = ethernet_syn(state.range(0) != 0);
    for (auto _ : state) {
        auto f = decode_frame(LinkType::ethernet, frame);
        benchmark::DoNotOptimize(f.tcp->window());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeFrame)->Arg(0)->Arg(1);

void BM_DecodeFrameAndOptions(benchmark::State& state) {
    const auto frame = ethernet_syn(false);
    for (auto _ : state) {
        auto f = decode_frame(LinkType::ethernet, frame);
        auto o = TcpOptions::parse(f.tcp->options());
        benchmark::DoNotOptimize(o.mss());
        benchmark::DoNotOptimize(o.count());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeFrameAndOptions);

void BM_BuildSyn(benchmark::State& state) {
    std::array<std::byte, 128> out{};
    const auto ip = ip4();
    const auto tcp = syn();
    for (auto _ : state) {
        auto n = build_tcp(out, ip, tcp);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildSyn);

void BM_PatchTemplate(benchmark::State& state) {
    std::array<std::byte, 128> tmpl{}, pkt{};
    const std::size_t n = *build_tcp(tmpl, ip4(), syn());
    const auto layout = *PacketLayout::of(Bytes(tmpl).first(n));
    (void)layout;
    std::uint32_t i = 0;
    for (auto _ : state) {
        std::copy_n(tmpl.begin(), n, pkt.begin());
        auto p = PacketPatcher::attach(MutableBytes(pkt).first(n));
        p->set_ip_id(static_cast<std::uint16_t>(i));
        p->set_ports(static_cast<std::uint16_t>(40000 + (i & 0xFF)), 80);
        p->set_tcp_seq(i * 2654435761u);
        ++i;
        benchmark::DoNotOptimize(pkt.data());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PatchTemplate);

}  // namespace

BENCHMARK_MAIN();
