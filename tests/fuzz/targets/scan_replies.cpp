// Fuzz target: the active scan's reply handlers. A SYN scan and a host discovery (ARP and
// pings) of two lab addresses have sent their first probes; the input is a series of
// frames ([2-byte length][bytes]) that go, as in a scan, through Nmap's reader checks
// (wire/reply_check) to both drivers' on_frame, the clock moving on between them. With
// bit 0 of the first byte, a TCP segment from a target gets the port and acknowledgement
// of the SYN that went to it (the keyed cookie a fuzzer could not guess), so answers reach
// the port state machine; bit 1 reads the frames as Ethernet, else as raw IP. Whatever the
// frames: no crash, no read outside them, and the drivers keep answering poll().
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/log.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "scan/discovery_driver.hpp"
#include "scan/syn_scan_driver.hpp"
#include "wire/frame.hpp"
#include "wire/reply_check.hpp"

using namespace whorl;

namespace {

struct RecordingSink final : io::PacketSink {
    std::vector<std::vector<std::byte>> sent;
    Result<void> send(Bytes ip_packet, const IpAddress&) override {
        sent.emplace_back(ip_packet.begin(), ip_packet.end());
        return {};
    }
};

struct FakeClock final : io::Clock {
    io::MonoTime t{std::chrono::seconds(1000)};
    io::MonoTime now() const override { return t; }
    io::WallTime wall() const override { return io::WallTime{std::chrono::seconds(1700000000)} + (t.time_since_epoch()); }
};

unsigned be16(const std::byte* p) { return std::to_integer<unsigned>(p[0]) << 8 | std::to_integer<unsigned>(p[1]); }

// The SYN this segment answers (sent to its source address and port): its source port and
// sequence number, written into the segment's destination port and acknowledgement.
void answer_a_sent_syn(const RecordingSink& sink, std::vector<std::byte>& frame, const wire::DecodedFrame& f) {
    if (!f.ipv4 || !f.tcp) return;
    const std::size_t tcp = f.transport_offset;
    if (tcp + 20 > frame.size()) return;
    for (const auto& p : sink.sent) {
        if (p.size() < 40 || (std::to_integer<unsigned>(p[0]) >> 4) != 4 || std::to_integer<unsigned>(p[9]) != 6) continue;
        const std::size_t ihl = (std::to_integer<unsigned>(p[0]) & 15) * 4u;
        if (p.size() < ihl + 20 || std::memcmp(p.data() + 16, frame.data() + f.link.network_offset + 12, 4) != 0) continue;
        if (be16(p.data() + ihl + 2) != f.tcp->src_port()) continue;
        std::memcpy(frame.data() + tcp + 2, p.data() + ihl, 2);  // our source port
        std::uint32_t seq;
        std::memcpy(&seq, p.data() + ihl + 4, 4);
        seq = __builtin_bswap32(__builtin_bswap32(seq) + 1);
        std::memcpy(frame.data() + tcp + 8, &seq, 4);
        return;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool fix_up = data[0] & 1;
    const wire::LinkType link = data[0] & 2 ? wire::LinkType::ethernet : wire::LinkType::raw;
    RecordingSink sink;
    FakeClock clock;
    Logger quiet(LogLevel::quiet);
    const std::vector<IpAddress> targets = {*IpAddress::parse("198.51.100.2"), *IpAddress::parse("198.51.100.3")};
    const IpAddress source = *IpAddress::parse("198.51.100.1");
    scan::SynScanDriver syn(targets, {22, 80, 443}, scan::PortScanTiming{}, source, sink, clock, quiet, 1);
    scan::DiscoveryDriver discovery(targets, {{true, true}, {false, true}}, source, sink, nullptr, clock, quiet, 1);
    syn.poll();
    discovery.poll();
    std::size_t at = 1;
    for (int n = 0; n < 64 && at + 2 <= size; ++n) {
        const std::size_t len = std::min<std::size_t>(data[at] << 8 | data[at + 1], size - at - 2);
        std::vector<std::byte> frame(len);
        if (len > 0) std::memcpy(frame.data(), data + at + 2, len);
        at += 2 + len;
        auto f = wire::decode_frame(link, Bytes(frame.data(), frame.size()));
        if (fix_up) {
            answer_a_sent_syn(sink, frame, f);
            f = wire::decode_frame(link, Bytes(frame.data(), frame.size()));
        }
        if (!wire::nmap_reader_accepts(f)) continue;
        syn.on_frame(f);
        discovery.on_frame(f);
        clock.t += std::chrono::milliseconds(7);
        syn.poll();
        discovery.poll();
        (void)syn.next_wakeup();
        (void)discovery.next_wakeup();
    }
    (void)syn.progress();
    (void)syn.done();
    return 0;
}
