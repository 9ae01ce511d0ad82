// Lab capture readers (see lab_capture.hpp).
#include "support/lab_capture.hpp"

#include <gtest/gtest.h>

#include "base/bytes.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp::passive::test {

std::vector<CapturedFrame> read_pcap(const std::string& fixture_relative) {
    std::string text = whorl::test::read_fixture(fixture_relative);
    Bytes b = as_bytes(text);
    std::vector<CapturedFrame> out;
    if (b.size() < 24 || load_le32(b, 0) != 0xa1b2c3d4u) {
        ADD_FAILURE() << fixture_relative << ": not a little-endian microsecond pcap file";
        return out;
    }
    std::size_t at = 24;
    while (at + 16 <= b.size()) {
        std::uint32_t caplen = load_le32(b, at + 8);
        if (at + 16 + caplen > b.size()) {
            ADD_FAILURE() << fixture_relative << ": record at offset " << at << " runs past the end";
            break;
        }
        CapturedFrame f;
        f.time_us = static_cast<std::int64_t>(load_le32(b, at)) * 1000000 + load_le32(b, at + 4);
        f.data.assign(b.begin() + static_cast<std::ptrdiff_t>(at + 16),
                      b.begin() + static_cast<std::ptrdiff_t>(at + 16 + caplen));
        out.push_back(std::move(f));
        at += 16 + caplen;
    }
    return out;
}

TcpSignatureInput built_syn(std::uint8_t ttl, std::uint16_t window, std::uint16_t mss, std::uint8_t ws,
                            std::initializer_list<std::uint8_t> layout, std::uint8_t eol_pad, bool v6) {
    TcpSignatureInput in;
    in.ip_version = v6 ? 6 : 4;
    in.ttl = ttl;
    in.window = window;
    in.mss = mss;
    in.wscale = ws;
    for (auto k : layout) in.layout.push(k);
    in.eol_pad = eol_pad;
    if (v6)
        in.quirks.set(Quirk::flow);
    else {
        in.quirks.set(Quirk::df);
        in.quirks.set(Quirk::id_nonzero);
    }
    in.header_len = static_cast<std::uint16_t>((v6 ? 40 : 20) + 20 + 4 * ((layout.size() * 3 + 3) / 4));
    in.ts1 = 12345;
    return in;
}

std::vector<TcpSignatureInput> synacks_after_syns(const std::string& fixture_relative) {
    std::vector<TcpSignatureInput> out;
    std::uint16_t client_mss = 0;
    for (const auto& frame : read_pcap(fixture_relative)) {
        auto f = wire::decode_frame(wire::LinkType::ethernet, frame.data);
        if (!f.tcp || !f.tcp->syn()) continue;
        if (f.tcp->ack_flag()) out.push_back(tcp_input_from_frame(f, client_mss));
        else client_mss = tcp_input_from_frame(f).mss;
    }
    return out;
}

TcpSignatureInput tcp_input_from_frame(const wire::DecodedFrame& f, std::uint16_t peer_syn_mss) {
    TcpHeaderFields h;
    std::uint8_t ttl = 0, ip_opt_len = 0;
    std::size_t ip_header = 40;
    if (f.ipv4) {
        h.ip_version = 4;
        h.traffic_class = f.ipv4->tos();
        h.df = f.ipv4->dont_fragment();
        h.mbz = f.ipv4->reserved_flag();
        h.ip_id = f.ipv4->id();
        ttl = f.ipv4->ttl();
        ip_header = f.ipv4->header_length();
        ip_opt_len = static_cast<std::uint8_t>(ip_header - 20);
    } else {
        h.ip_version = 6;
        h.traffic_class = f.ipv6->traffic_class();
        h.flow_label = f.ipv6->flow_label();
        ttl = f.ipv6->hop_limit();
    }
    const wire::TcpView& t = *f.tcp;
    h.tcp_flags = t.flags_byte();
    h.tcp_ns = t.ns();
    h.seq = t.seq();
    h.ack = t.ack();
    h.urg_ptr = t.urgent_pointer();
    TcpOptions opts = parse_tcp_options(t.options());
    auto header_len = static_cast<std::uint16_t>(ip_header + t.header_length());
    return make_tcp_input(h, opts, ttl, ip_opt_len, t.window(), header_len, !t.payload().empty(), peer_syn_mss);
}

}  // namespace whorl::fp::passive::test
