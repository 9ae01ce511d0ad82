// Writes the synthetic passive-benchmark traffic (passive_traffic.hpp) to a pcap file, for
// bench/run_passive_vs_p0f.sh. Usage: bench_passive_pcap_gen OUT.pcap [PACKETS [V6_HOSTS]]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "passive_traffic.hpp"

namespace {

void put32(std::FILE* f, std::uint32_t v) { std::fwrite(&v, 4, 1, f); }  // native order
void put16(std::FILE* f, std::uint16_t v) { std::fwrite(&v, 2, 1, f); }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s OUT.pcap [PACKETS [V6_HOSTS]]\n", argv[0]);
        return 2;
    }
    whorl::bench::TrafficSpec spec;
    if (argc > 2) spec.packets = std::strtoull(argv[2], nullptr, 10);
    if (argc > 3) spec.v6_clients = static_cast<std::uint32_t>(std::strtoul(argv[3], nullptr, 10));
    std::FILE* f = std::fopen(argv[1], "wb");
    if (!f) {
        std::perror(argv[1]);
        return 1;
    }
    std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
    put32(f, 0xa1b2c3d4);  // microsecond pcap, native byte order
    put16(f, 2);
    put16(f, 4);
    put32(f, 0);
    put32(f, 0);
    put32(f, 65535);
    put32(f, 1);  // LINKTYPE_ETHERNET
    std::uint64_t count = 0;
    whorl::bench::generate_traffic(spec, [&](std::int64_t t, whorl::Bytes frame) {
        put32(f, static_cast<std::uint32_t>(t / 1000000));
        put32(f, static_cast<std::uint32_t>(t % 1000000));
        put32(f, static_cast<std::uint32_t>(frame.size()));
        put32(f, static_cast<std::uint32_t>(frame.size()));
        std::fwrite(frame.data(), 1, frame.size(), f);
        ++count;
    });
    if (std::fclose(f) != 0) {
        std::perror(argv[1]);
        return 1;
    }
    std::printf("%llu packets\n", static_cast<unsigned long long>(count));
    return 0;
}
