// Fuzz target for the IPv6 OS-detection answer path: one IPv6 OS scan of a (fake) on-link
// host runs on a fake clock and a recording sink; the input is turned into hostile answers
// that match real probes: TCP segments from the probed port with arbitrary flags, numbers,
// windows, options, data offsets and payloads; echo replies and neighbor advertisements
// with arbitrary bodies; ICMPv6 errors quoting a mangled copy of any probe, extension
// headers included. The scan must end and give Nmap's IPv6 print, which must read back as
// itself, and a verdict print, without any sanitizer report.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "base/log.hpp"
#include "fake_scan_io.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "scan/os_scan6.hpp"
#include "wire/frame.hpp"
#include "wire/packet_builder.hpp"

namespace {

using namespace whorl;

using fuzz::FakeClock;
using fuzz::Input;
using fuzz::RecordingSink;

// An answer to probe `p` (an IPv6 packet we sent) with fields from the input.
std::optional<std::vector<std::byte>> answer_to(const std::vector<std::byte>& p, Input& in) {
    if (p.size() < 48) return std::nullopt;
    wire::Ipv6Fields ip{.src = wire::Ipv6Address::read(p, 24), .dst = wire::Ipv6Address::read(p, 8),
                        .traffic_class = in.u8(), .flow_label = in.u32() & 0xFFFFF, .hop_limit = in.u8()};
    std::vector<std::byte> out(1600);
    std::optional<std::size_t> n;
    const auto next = std::to_integer<std::uint8_t>(p[6]);
    const std::uint8_t kind = in.u8() % 4;
    if (kind == 0) {
        // An ICMPv6 error quoting a mangled copy of the probe.
        std::vector<std::byte> quote(p.begin(), p.end());
        quote.resize(std::min<std::size_t>(quote.size(), in.u16() % 400));
        for (int i = 0, k = in.u8() % 16; i < k && !quote.empty(); ++i) quote[in.u16() % quote.size()] = std::byte{in.u8()};
        wire::IcmpFields icmp{static_cast<std::uint8_t>(in.u8() % 5), in.u8(), in.u32(), std::nullopt};
        n = wire::build_icmp6(out, ip, icmp, quote);
    } else if (next == 6) {
        wire::TcpFields tcp;
        tcp.src_port = load_be16(p, 42);
        tcp.dst_port = load_be16(p, 40);
        tcp.seq = in.u32();
        tcp.ack = (in.u8() & 1) ? load_be32(p, 44) + 1 : in.u32();
        tcp.flags = static_cast<std::uint16_t>(in.u16() & 0x0FFF);
        tcp.window = in.u16();
        tcp.urgent_pointer = in.u16();
        tcp.options = in.take(in.u8() % 41);
        if (in.u8() & 1) tcp.data_offset = static_cast<std::uint8_t>(in.u8() % 16);
        n = wire::build_tcp(out, ip, tcp, in.take(in.u8()));
    } else {
        // An echo reply (id and sequence of the probe when it was an echo) or a neighbor
        // advertisement for the target, with a body from the input.
        const bool advert = in.u8() & 1;
        auto taken = in.take(in.u8());
        std::vector<std::byte> body(taken.begin(), taken.end());
        if (advert) {
            body.resize(std::max<std::size_t>(body.size(), 16));
            for (std::size_t i = 0; i < 16 && (in.u8() & 1); ++i) body[i] = p[24 + i];
        }
        std::uint32_t rest = in.u32();
        // IE1 (176 bytes) has its echo header at 48, IE2 (80 bytes) at 72.
        if (!advert && (p.size() == 176 || p.size() == 80) && (in.u8() & 1)) rest = load_be32(p, p.size() == 176 ? 52 : 76);
        wire::IcmpFields icmp{static_cast<std::uint8_t>(advert ? 136 : 129), in.u8(), rest, std::nullopt};
        n = wire::build_icmp6(out, ip, icmp, body);
    }
    if (!n) return std::nullopt;
    out.resize(*n);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in{data, size};
    FakeClock clock;
    RecordingSink sink;
    Logger quiet(LogLevel::quiet);
    fp::active::OsTarget target;
    target.address = *IpAddress::parse("2001:db8::2");
    target.open_port = 22;
    target.closed_port = 81;
    target.directly_connected = true;
    target.mac = std::array<std::uint8_t, 6>{2, 0x57, 0x4c, 0, 0, 2};
    scan::OsScanOptions options;
    options.settings.max_tries = 1;
    scan::OsScan6 os({{target, std::nullopt, std::nullopt}}, *IpAddress::parse("2001:db8::1"), options, sink, clock,
                     quiet, 42);
    std::size_t answered = 0;
    for (int step = 0; step < 5000 && !os.done(); ++step) {
        os.poll();
        while (!in.done() && answered < sink.sent.size()) {
            std::size_t which = answered + in.u8() % (sink.sent.size() - answered);
            if (auto r = answer_to(sink.sent[which], in)) os.on_frame(wire::decode_frame(wire::LinkType::raw, *r));
            ++answered;
        }
        auto next = os.next_wakeup();
        clock.t = next && *next > clock.t ? *next : clock.t + std::chrono::milliseconds(1);
    }
    if (!os.done()) std::abort();  // every probe is given up after its retransmissions
    auto final = os.result(0, fp::NmapBehaviour::v7_93);
    auto again = fp::Fingerprint::parse(final.fingerprint.text(fp::FingerprintLayout::wrapped));
    if (!again || *again != final.fingerprint) std::abort();
    (void)final.verdict_print.text(fp::FingerprintLayout::unwrapped);
    return 0;
}
