// Fuzz target for the OS-detection reply path: one OS scan of a (fake) host runs on a fake
// clock and a recording sink; the input is turned into hostile replies that match real
// probes (so they pass the probe tracker): TCP answers with arbitrary flags, windows,
// options, data offsets and payloads, echo replies, port unreachables quoting arbitrary
// bytes. The round must finish and be matched against nmap-os-db without any sanitizer
// report, whatever the replies say.
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "base/log.hpp"
#include "fake_scan_io.hpp"
#include "fp/db/os_db.hpp"
#include "io/clock.hpp"
#include "io/packet_sink.hpp"
#include "scan/os_scan.hpp"
#include "wire/frame.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"

namespace {

using namespace whorl;

using fuzz::FakeClock;
using fuzz::Input;
using fuzz::RecordingSink;

const fp::db::OsDb& database() {
    static const fp::db::OsDb db = [] {
        auto r = fp::db::OsDb::load_installed();
        return r ? std::move(*r) : fp::db::OsDb{};
    }();
    return db;
}

// A reply to probe `p` (an IPv4 packet we sent) with fields from the input.
std::optional<std::vector<std::byte>> reply_to(const std::vector<std::byte>& p, Input& in) {
    if (p.size() < 28) return std::nullopt;
    wire::Ipv4Fields ip{.src = wire::Ipv4Address::read(p, 16), .dst = wire::Ipv4Address::read(p, 12),
                        .id = in.u16(), .dont_fragment = (in.u8() & 1) != 0, .ttl = in.u8()};
    std::vector<std::byte> out(1600);
    std::optional<std::size_t> n;
    std::uint8_t protocol = std::to_integer<std::uint8_t>(p[9]);
    if (protocol == 6) {
        wire::TcpFields tcp;
        tcp.src_port = load_be16(p, 22);
        tcp.dst_port = load_be16(p, 20);
        tcp.seq = in.u32();
        tcp.ack = in.u32();
        tcp.flags = static_cast<std::uint16_t>(in.u16() & 0x0FFF);
        tcp.window = in.u16();
        tcp.urgent_pointer = in.u16();
        std::uint8_t opt_len = in.u8() % 41;
        tcp.options = in.take(opt_len);
        if (in.u8() & 1) tcp.data_offset = static_cast<std::uint8_t>(in.u8() % 16);
        n = wire::build_tcp(out, ip, tcp, in.take(in.u8()));
    } else if (protocol == 1) {
        wire::EchoFields echo{0, in.u8(), load_be16(p, 24), load_be16(p, 26)};
        n = wire::build_icmp4_echo(out, ip, echo, in.take(in.u8()));
    } else if (protocol == 17) {
        // A port unreachable quoting (a mangled copy of) the UDP probe.
        std::vector<std::byte> quote(p.begin(), p.end());
        quote.resize(std::min<std::size_t>(quote.size(), in.u16() % 400));
        for (int i = 0, k = in.u8() % 16; i < k && !quote.empty(); ++i) quote[in.u16() % quote.size()] = std::byte{in.u8()};
        wire::IcmpFields icmp{3, 3, in.u32(), std::nullopt};
        n = wire::build_icmp4(out, ip, icmp, quote);
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
    target.address = *IpAddress::parse("198.51.100.2");
    target.open_port = 22;
    target.closed_port = 81;
    target.directly_connected = true;
    scan::OsScanOptions options;
    options.settings.max_tries = 2;
    scan::OsScan os({{target, std::chrono::microseconds(300)}}, *IpAddress::parse("198.51.100.1"), options,
                    [] -> const fp::db::OsDb& { return database(); }, sink, clock, quiet, 42);
    std::size_t answered = 0;
    for (int step = 0; step < 2000 && !os.done(); ++step) {
        os.poll();
        // Answer some of what was sent so far, in an order the input picks.
        while (!in.done() && answered < sink.sent.size()) {
            std::size_t which = answered + in.u8() % (sink.sent.size() - answered);
            if (auto r = reply_to(sink.sent[which], in)) os.on_frame(wire::decode_frame(wire::LinkType::raw, *r));
            ++answered;
        }
        auto next = os.next_wakeup();
        clock.t = next && *next > clock.t ? *next : clock.t + std::chrono::milliseconds(1);
    }
    if (os.done()) (void)os.result(0);
    return 0;
}
