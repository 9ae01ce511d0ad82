// Fuzz target: capture files as whorl opens them (io::open_capture_file): classic pcap
// and pcapng (either byte order, several sections, interfaces of different link types)
// through whorl's streaming readers, anything else through libpcap (PcapSource), with and
// without a BPF filter (first byte, bit 0; compiled per link type for pcapng). Every packet
// is read to the end or to one error that names the file and an offset; never a crash,
// never more bytes than the record holds or its snapshot length allows, and every packet
// carries a link type.

#include <cstddef>
#include <cstdint>
#include <string>

#include "memory_file.hpp"
#include "packets.hpp"
#include "io/pcap_file_reader.hpp"

using namespace whorl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const MemoryFile file(data + 1, size - 1);
    if (!file.ok()) return 0;
    const std::string path = file.path();
    auto source = io::open_capture_file(path, data[0] & 1 ? "tcp or udp" : "");
    if (source) {
        (void)(*source)->datalink();
        for_each_packet(**source, [](const io::CapturedPacket& pkt) {
            if (pkt.data.size() > 262144) __builtin_trap();
            if (pkt.dlt < 0) __builtin_trap();
            volatile std::byte sink{};
            for (std::byte b : pkt.data) sink = sink ^ b;  // every byte readable
        });
    }
    return 0;
}
