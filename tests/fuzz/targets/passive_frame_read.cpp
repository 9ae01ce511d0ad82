// Differential fuzz target: for every link type, fp::passive::read_plain_tcp_frame on the
// input must say exactly what wire::decode_frame followed by read_tcp_packet says (the same
// skip reason, and for an accepted segment the same fields, options and payload) under
// either set of p0f rules, and p0f's capture filter must pass every frame it takes. Any
// difference traps.
#include <cstddef>
#include <cstdint>

#include "fp/tcp/tcp_packet.hpp"
#include "wire/frame.hpp"

namespace {

using namespace whorl;
using namespace whorl::fp::passive;

bool same(const TcpHeaderFields& a, const TcpHeaderFields& b) {
    return a.ip_version == b.ip_version && a.traffic_class == b.traffic_class && a.df == b.df &&
           a.mbz == b.mbz && a.ip_id == b.ip_id && a.flow_label == b.flow_label && a.tcp_flags == b.tcp_flags &&
           a.tcp_ns == b.tcp_ns && a.seq == b.seq && a.ack == b.ack && a.urg_ptr == b.urg_ptr;
}

bool same(const TcpOptions& a, const TcpOptions& b) {
    return a.layout == b.layout && a.eol_pad == b.eol_pad && a.mss == b.mss && a.wscale == b.wscale &&
           a.has_ts == b.has_ts && a.ts1 == b.ts1 && a.ts2 == b.ts2 && a.ts1_zero == b.ts1_zero &&
           a.ts2_nonzero == b.ts2_nonzero && a.exws == b.exws && a.bad == b.bad && a.eol_nonzero == b.eol_nonzero;
}

bool same(const TcpPacket& a, const TcpPacket& b) {
    return a.src == b.src && a.dst == b.dst && a.sport == b.sport && a.dport == b.dport &&
           a.tcp_type == b.tcp_type && a.seq == b.seq && a.window == b.window && a.ttl == b.ttl &&
           a.ip_opt_len == b.ip_opt_len && a.total_header == b.total_header && same(a.header, b.header) &&
           same(a.options, b.options) && a.payload.data() == b.payload.data() && a.payload.size() == b.payload.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Bytes frame(reinterpret_cast<const std::byte*>(data), size);
    for (wire::LinkType link : wire::kAllLinkTypes) {
        TcpPacket fast;
        const auto plain = read_plain_tcp_frame(link, frame, fast);
        if (!plain) continue;
        const wire::DecodedFrame f = wire::decode_frame(link, frame);
        if (!p0f_filter_passes(f)) __builtin_trap();
        for (const bool lenient : {true, false}) {
            TcpPacket full;
            const TcpPacketRules rules{lenient, lenient};
            const TcpPacketSkip skip = read_tcp_packet(f, rules, full);
            if (skip != *plain) __builtin_trap();
            if (skip == TcpPacketSkip::none && !same(fast, full)) __builtin_trap();
        }
    }
    return 0;
}
