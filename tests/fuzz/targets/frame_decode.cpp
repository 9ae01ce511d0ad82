// libFuzzer target: decode_frame on the input for every link type, then every accessor of
// every view it produced (nested ICMP quotes and the TCP option walk included), so that
// the sanitizers see any read outside the input, and Nmap's reader checks (reply_check) on
// the frame and on the bytes as a TCP header. The results are folded into a volatile sink
// so nothing is optimised away.
#include <cstddef>
#include <cstdint>

#include <vector>

#include "wire/frame.hpp"
#include "wire/packet_patch.hpp"
#include "wire/reply_check.hpp"
#include "wire/tcp_options.hpp"

namespace {

using namespace whorl;
using namespace whorl::wire;

struct Sink {
    std::uint64_t v = 0;
    void add(std::uint64_t x) { v = v * 31 + x; }
    void add(Bytes b) {
        add(b.size());
        if (!b.empty()) add(std::to_integer<std::uint8_t>(b.front()) + std::to_integer<std::uint8_t>(b.back()));
    }
};

void touch(Sink& s, const Ipv4View& ip) {
    s.add(ip.version() + ip.ihl() + ip.header_length() + ip.tos() + ip.dscp() + ip.ecn());
    s.add(ip.total_length() + ip.id() + ip.reserved_flag() + ip.dont_fragment() + ip.more_fragments());
    s.add(ip.fragment_offset() + ip.ttl() + ip.protocol() + ip.checksum() + ip.src().value + ip.dst().value);
    s.add(ip.header()); s.add(ip.options()); s.add(ip.payload()); s.add(ip.trailer()); s.add(ip.packet());
    s.add(ip.quirks().raw());
}

void touch(Sink& s, const Ipv6View& ip, const Ipv6Extensions& x) {
    s.add(ip.version() + ip.traffic_class() + ip.dscp() + ip.ecn() + ip.flow_label());
    s.add(ip.payload_length() + ip.next_header() + ip.hop_limit() + ip.src().octets[15] + ip.dst().octets[0]);
    s.add(ip.header()); s.add(ip.payload()); s.add(ip.trailer()); s.add(ip.packet()); s.add(ip.quirks().raw());
    for (const auto& h : x.headers()) s.add(h.type + h.offset + h.length);
    s.add(x.upper_protocol() + x.upper_offset() + static_cast<unsigned>(x.end()) + x.quirks().raw());
    if (x.fragment()) s.add(x.fragment()->offset + x.fragment()->more + x.fragment()->identification);
}

void touch(Sink& s, const QuotedTransport& q) {
    s.add(q.bytes());
    s.add(q.src_port().value_or(1) + q.dst_port().value_or(2) + q.tcp_seq().value_or(3));
    s.add(q.udp_length().value_or(4) + q.udp_checksum().value_or(5));
}

void touch(Sink& s, const TcpView& t) {
    s.add(t.src_port() + t.dst_port() + t.seq() + t.ack() + t.data_offset() + t.header_length());
    s.add(t.flags() + t.flags_byte() + t.reserved_bits() + t.fin() + t.syn() + t.rst() + t.psh());
    s.add(t.ack_flag() + t.urg() + t.ece() + t.cwr() + t.ns() + t.window() + t.checksum() + t.urgent_pointer());
    s.add(t.header()); s.add(t.options()); s.add(t.payload()); s.add(t.segment()); s.add(t.quirks().raw());
    const TcpOptions o = TcpOptions::parse(t.options());
    for (const auto& opt : o.list()) {
        s.add(opt.kind + opt.offset + opt.length + opt.size + opt.has_length + opt.cut);
        s.add(o.value(opt));
    }
    s.add(o.mss().value_or(7) + o.window_scale().value_or(8) + o.sack_permitted());
    if (auto ts = o.timestamps()) s.add(ts->tsval + ts->tsecr);
    for (std::size_t i = 0; i < o.sack_block_count(); ++i) s.add(o.sack_block(i).first + o.sack_block(i).second);
    s.add(o.eol_offset().value_or(9) + o.eol_padding() + o.quirks().raw() + o.malformed());
}

void touch(Sink& s, const Icmp4View& i) {
    s.add(i.type() + i.code() + i.checksum() + i.rest_of_header() + i.id() + i.sequence());
    s.add(i.next_hop_mtu() + i.pointer() + i.is_echo() + i.is_timestamp() + i.is_error() + i.checksum_ok());
    s.add(i.payload()); s.add(i.message());
    if (auto ts = i.timestamps()) s.add(ts->originate + ts->receive + ts->transmit);
    if (auto q = i.quote()) {
        touch(s, q->ip);
        touch(s, q->transport);
    }
}

void touch(Sink& s, const Icmp6View& i, const Ipv6View& ip) {
    s.add(i.type() + i.code() + i.checksum() + i.rest_of_header() + i.id() + i.sequence());
    s.add(i.mtu() + i.pointer() + i.is_echo() + i.is_error() + i.checksum_ok(ip.src(), ip.dst()));
    s.add(i.payload()); s.add(i.message());
    if (auto q = i.quote()) {
        touch(s, q->ip, q->extensions);
        touch(s, q->transport);
    }
}

void touch(Sink& s, const DecodedFrame& f) {
    const LinkInfo& l = f.link;
    s.add(l.network_offset + l.ethertype + static_cast<unsigned>(f.issue) + f.issue_offset);
    if (l.src_mac) s.add(l.src_mac->octets[5]);
    if (l.dst_mac) s.add(l.dst_mac->octets[0]);
    for (const auto& t : l.vlans.tags()) s.add(t.tpid + t.vid() + t.priority() + t.drop_eligible());
    s.add(l.vlans.depth() + l.vlans.inner_type() + l.sll_packet_type.value_or(0) + l.arphrd_type.value_or(0));
    s.add(l.interface_index.value_or(0) + l.loopback_family.value_or(0));
    s.add(f.transport_protocol + f.transport_offset + f.truncated() + f.ip_version() + f.complete());
    s.add(frame_issue_name(f.issue).size());
    s.add(transport_checksum_ok(f).value_or(true) + 2u * transport_checksum_ok(f).has_value());
    if (f.ipv4) touch(s, *f.ipv4);
    if (f.ipv6) {
        touch(s, *f.ipv6, f.ipv6_extensions);
        s.add(f.ipv6_extensions.checksum_destination(f.ipv6->dst(), f.ipv6->payload()).octets[15]);
    }
    if (f.tcp) touch(s, *f.tcp);
    if (f.udp) {
        s.add(f.udp->src_port() + f.udp->dst_port() + f.udp->length() + f.udp->checksum() + f.udp->quirks().raw());
        s.add(f.udp->header()); s.add(f.udp->payload()); s.add(f.udp->datagram());
    }
    if (f.icmp4) touch(s, *f.icmp4);
    if (f.icmp6 && f.ipv6) touch(s, *f.icmp6, *f.ipv6);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Bytes input(reinterpret_cast<const std::byte*>(data), size);
    Sink s;
    for (LinkType t : kAllLinkTypes) {
        auto f = decode_frame(t, input);
        touch(s, f);
        s.add(nmap_reader_accepts(f));
    }
    s.add(nmap_tcp_header_valid(input));
    // The option walk on its own, for areas the frame path cannot produce (over 40 bytes).
    const TcpOptions o = TcpOptions::parse(input);
    s.add(o.count() + o.quirks().raw());
    // Template patching on a copy of the input taken as an IP packet.
    std::vector<std::byte> copy(input.begin(), input.end());
    if (auto p = PacketPatcher::attach(copy)) {
        p->set_ip_id(0x1234);
        p->set_ttl(3);
        p->set_tos(4);
        s.add(p->set_ports(1, 2) + p->set_tcp_seq(5) + p->set_tcp_ack(6) + p->set_echo(7, 8));
        p->recompute_checksums();
        s.add(copy.empty() ? 0 : std::to_integer<std::uint8_t>(copy.back()));
    }
    volatile std::uint64_t sink = s.v;
    (void)sink;
    return 0;
}
