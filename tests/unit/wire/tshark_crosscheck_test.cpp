// Cross-check of decode_frame against Wireshark: every packet of the pcaps in
// tests/fixtures/pcap/wire (made by tools/gen_wire_fixtures.py) and tests/fixtures/pcap/lab
// (real stacks in the lab, tools/capture-lab-traffic.sh) is read with libpcap and
// decoded, and ~50 fields are compared with `tshark -T fields` on the same file. The
// comparison is skipped (with a message) if tshark is not installed.
//
// Where the two disagree by design, the field is not compared, and each such place says
// why: the TCP option walk follows p0f (MSS/WS/SACKOK/TS consumed at their nominal size,
// nothing after EOL) where Wireshark follows the length octet and goes on after EOL, so
// option kinds and values are compared only for option areas whose walk is clean.
#include <pcap/pcap.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/fixtures.hpp"
#include "wire/frame.hpp"
#include "wire/tcp_options.hpp"

namespace whorl::wire {
namespace {

using Values = std::vector<std::string>;
// nullopt: no opinion (not compared); otherwise the values tshark must print, in order.
using Extractor = std::function<std::optional<Values>(const DecodedFrame&)>;

std::string fmt(const char* f, unsigned long v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}
std::string dec(unsigned long v) { return fmt("%lu", v); }

// The outer ICMPv6 header's field and, for an error quoting an ICMPv6 message, the quoted
// one's. echo_only: the field exists only in echo requests and replies.
template <class Get>
std::optional<Values> icmp6_fields(const DecodedFrame& f, Get get, bool echo_only) {
    if (!f.icmp6) return std::nullopt;
    Values v;
    auto add = [&](Bytes h) {
        unsigned type = load_u8(h, 0);
        if (!echo_only || type == 128 || type == 129) v.push_back(get(h));
    };
    Bytes outer = f.frame.subspan(f.transport_offset);
    if (outer.size() >= 8) add(outer);
    if (auto q = f.icmp6->quote(); q && q->extensions.upper_protocol() == 58 && q->transport.bytes().size() >= 8)
        add(q->transport.bytes());
    return v;
}

// The outer IPv4 view and, for ICMP errors, the quoted one (tshark lists both).
std::vector<Ipv4View> v4s(const DecodedFrame& f) {
    std::vector<Ipv4View> out;
    if (f.ipv4) out.push_back(*f.ipv4);
    if (f.icmp4)
        if (auto q = f.icmp4->quote()) out.push_back(q->ip);
    return out;
}
std::vector<Ipv6View> v6s(const DecodedFrame& f) {
    std::vector<Ipv6View> out;
    if (f.ipv6) out.push_back(*f.ipv6);
    if (f.icmp6)
        if (auto q = f.icmp6->quote()) out.push_back(q->ip);
    return out;
}

template <class V, class Fn>
std::optional<Values> each(const std::vector<V>& views, Fn fn) {
    Values out;
    for (const auto& v : views) out.push_back(fn(v));
    return out;
}

std::optional<QuotedTransport> quoted(const DecodedFrame& f) {
    if (f.icmp4)
        if (auto q = f.icmp4->quote()) return q->transport;
    if (f.icmp6)
        if (auto q = f.icmp6->quote()) return q->transport;
    return std::nullopt;
}

std::uint8_t quoted_protocol(const DecodedFrame& f) {
    if (f.icmp4)
        if (auto q = f.icmp4->quote()) return q->ip.protocol();
    if (f.icmp6)
        if (auto q = f.icmp6->quote()) return q->extensions.upper_protocol();
    return 0;
}

std::optional<Values> opt(bool present, const std::string& v) {
    return present ? Values{v} : Values{};
}

// TCP options, only when our walk found nothing malformed (see the file comment).
std::optional<TcpOptions> clean_options(const DecodedFrame& f) {
    if (!f.tcp || f.tcp->quirks().any()) return std::nullopt;
    auto o = TcpOptions::parse(f.tcp->options());
    if (o.malformed() || o.eol_offset()) return std::nullopt;
    return o;
}

std::vector<std::pair<std::string, Extractor>> fields() {
    using F = const DecodedFrame&;
    return {
        {"eth.src", [](F f) { return opt(f.link.type == LinkType::ethernet && f.link.src_mac, f.link.src_mac ? f.link.src_mac->to_string() : ""); }},
        {"eth.dst", [](F f) { return opt(f.link.dst_mac.has_value(), f.link.dst_mac ? f.link.dst_mac->to_string() : ""); }},
        {"vlan.id", [](F f) { Values v; for (auto t : f.link.vlans.tags()) if (t.tpid != 0x88A8) v.push_back(dec(t.vid())); return std::optional(v); }},
        {"ieee8021ad.id", [](F f) { Values v; for (auto t : f.link.vlans.tags()) if (t.tpid == 0x88A8) v.push_back(dec(t.vid())); return std::optional(v); }},
        {"sll.pkttype", [](F f) { return opt(f.link.sll_packet_type.has_value(), dec(f.link.sll_packet_type.value_or(0))); }},
        {"sll.hatype", [](F f) { return opt(f.link.arphrd_type.has_value(), dec(f.link.arphrd_type.value_or(0))); }},
        {"sll.ifindex", [](F f) { return opt(f.link.interface_index.has_value(), dec(f.link.interface_index.value_or(0))); }},
        {"null.family", [](F f) { return opt(f.link.loopback_family.has_value(), dec(f.link.loopback_family.value_or(0))); }},
        {"ip.src", [](F f) { return each(v4s(f), [](auto& v) { return v.src().to_string(); }); }},
        {"ip.dst", [](F f) { return each(v4s(f), [](auto& v) { return v.dst().to_string(); }); }},
        {"ip.id", [](F f) { return each(v4s(f), [](auto& v) { return fmt("0x%04lx", v.id()); }); }},
        {"ip.ttl", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.ttl()); }); }},
        {"ip.proto", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.protocol()); }); }},
        {"ip.dsfield", [](F f) { return each(v4s(f), [](auto& v) { return fmt("0x%02lx", v.tos()); }); }},
        {"ip.hdr_len", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.header_length()); }); }},
        {"ip.len", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.total_length()); }); }},
        {"ip.flags.rb", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.reserved_flag()); }); }},
        {"ip.flags.df", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.dont_fragment()); }); }},
        {"ip.flags.mf", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.more_fragments()); }); }},
        {"ip.frag_offset", [](F f) { return each(v4s(f), [](auto& v) { return dec(v.fragment_offset()); }); }},
        {"ip.checksum", [](F f) { return each(v4s(f), [](auto& v) { return fmt("0x%04lx", v.checksum()); }); }},
        {"ipv6.src", [](F f) { return each(v6s(f), [](auto& v) { return v.src().to_string(); }); }},
        {"ipv6.dst", [](F f) { return each(v6s(f), [](auto& v) { return v.dst().to_string(); }); }},
        {"ipv6.flow", [](F f) { return each(v6s(f), [](auto& v) { return fmt("0x%06lx", v.flow_label()); }); }},
        {"ipv6.tclass", [](F f) { return each(v6s(f), [](auto& v) { return fmt("0x%08lx", v.traffic_class()); }); }},
        {"ipv6.plen", [](F f) { return each(v6s(f), [](auto& v) { return dec(v.payload_length()); }); }},
        {"ipv6.nxt", [](F f) { return each(v6s(f), [](auto& v) { return dec(v.next_header()); }); }},
        {"ipv6.hlim", [](F f) { return each(v6s(f), [](auto& v) { return dec(v.hop_limit()); }); }},
        {"ipv6.fraghdr.offset", [](F f) { auto& x = f.ipv6_extensions; return opt(f.ipv6 && x.fragment(), dec(x.fragment() ? x.fragment()->offset : 0)); }},
        {"ipv6.fraghdr.more", [](F f) { auto& x = f.ipv6_extensions; return opt(f.ipv6 && x.fragment(), dec(x.fragment() ? x.fragment()->more : 0)); }},
        {"ipv6.fraghdr.ident", [](F f) { auto& x = f.ipv6_extensions; return opt(f.ipv6 && x.fragment(), fmt("0x%08lx", x.fragment() ? x.fragment()->identification : 0)); }},
        {"tcp.srcport", [](F f) -> std::optional<Values> {
             if (f.tcp) return Values{dec(f.tcp->src_port())};
             if (quoted_protocol(f) == 6) return Values{dec(quoted(f)->src_port().value())};
             return Values{}; }},
        {"tcp.dstport", [](F f) -> std::optional<Values> {
             if (f.tcp) return Values{dec(f.tcp->dst_port())};
             if (quoted_protocol(f) == 6) return Values{dec(quoted(f)->dst_port().value())};
             return Values{}; }},
        {"tcp.seq_raw", [](F f) { return opt(f.tcp.has_value(), dec(f.tcp ? f.tcp->seq() : 0)); }},
        {"tcp.ack_raw", [](F f) -> std::optional<Values> {
             // Wireshark prints the raw ack only when the ACK flag is set.
             if (!f.tcp) return Values{};
             if (!f.tcp->ack_flag()) return std::nullopt;
             return Values{dec(f.tcp->ack())}; }},
        {"tcp.hdr_len", [](F f) { return opt(f.tcp.has_value(), dec(f.tcp ? f.tcp->data_offset() * 4u : 0)); }},
        {"tcp.flags", [](F f) -> std::optional<Values> {
             // Wireshark stops at a data offset below 5; so does the comparison.
             if (f.tcp && f.tcp->quirks().has(TcpQuirk::data_offset_short)) return std::nullopt;
             return opt(f.tcp.has_value(), fmt("0x%04lx", f.tcp ? f.tcp->flags() : 0)); }},
        {"tcp.window_size_value", [](F f) -> std::optional<Values> {
             if (f.tcp && f.tcp->quirks().has(TcpQuirk::data_offset_short)) return std::nullopt;
             return opt(f.tcp.has_value(), dec(f.tcp ? f.tcp->window() : 0)); }},
        {"tcp.urgent_pointer", [](F f) -> std::optional<Values> {
             if (f.tcp && f.tcp->quirks().has(TcpQuirk::data_offset_short)) return std::nullopt;
             return opt(f.tcp.has_value(), dec(f.tcp ? f.tcp->urgent_pointer() : 0)); }},
        {"tcp.len", [](F f) -> std::optional<Values> {
             // Not for truncated packets, odd data offsets or fragments (Wireshark leaves
             // the length of a first fragment's TCP payload out).
             const bool frag = f.ipv6_extensions.fragment() || (f.ipv4 && f.ipv4->is_fragment());
             if (!f.tcp || f.truncated() || f.tcp->quirks().any() || frag)
                 return f.tcp ? std::nullopt : std::optional(Values{});
             return Values{dec(f.tcp->payload().size())}; }},
        {"tcp.option_kind", [](F f) -> std::optional<Values> {
             auto o = clean_options(f);
             if (!o) return f.tcp ? std::nullopt : std::optional(Values{});
             Values v;
             for (auto& x : o->list()) v.push_back(dec(x.kind));
             return v; }},
        {"tcp.options.mss_val", [](F f) -> std::optional<Values> {
             auto o = clean_options(f);
             if (!o) return f.tcp ? std::nullopt : std::optional(Values{});
             return opt(o->mss().has_value(), dec(o->mss().value_or(0))); }},
        {"tcp.options.wscale.shift", [](F f) -> std::optional<Values> {
             auto o = clean_options(f);
             if (!o) return f.tcp ? std::nullopt : std::optional(Values{});
             return opt(o->window_scale().has_value(), dec(o->window_scale().value_or(0))); }},
        {"tcp.options.timestamp.tsval", [](F f) -> std::optional<Values> {
             auto o = clean_options(f);
             if (!o) return f.tcp ? std::nullopt : std::optional(Values{});
             return opt(o->timestamps().has_value(), dec(o->timestamps() ? o->timestamps()->tsval : 0)); }},
        {"tcp.options.timestamp.tsecr", [](F f) -> std::optional<Values> {
             auto o = clean_options(f);
             if (!o) return f.tcp ? std::nullopt : std::optional(Values{});
             return opt(o->timestamps().has_value(), dec(o->timestamps() ? o->timestamps()->tsecr : 0)); }},
        {"udp.srcport", [](F f) -> std::optional<Values> {
             if (f.udp) return Values{dec(f.udp->src_port())};
             if (quoted_protocol(f) == 17) return Values{dec(quoted(f)->src_port().value())};
             return Values{}; }},
        {"udp.length", [](F f) -> std::optional<Values> {
             if (f.udp) return Values{dec(f.udp->length())};
             if (quoted_protocol(f) == 17) return Values{dec(quoted(f)->udp_length().value())};
             return Values{}; }},
        {"icmp.type", [](F f) { return opt(f.icmp4.has_value(), dec(f.icmp4 ? f.icmp4->type() : 0)); }},
        {"icmp.code", [](F f) { return opt(f.icmp4.has_value(), dec(f.icmp4 ? f.icmp4->code() : 0)); }},
        {"icmp.ident", [](F f) { bool e = f.icmp4 && (f.icmp4->is_echo() || f.icmp4->is_timestamp()); return opt(e, dec(e ? f.icmp4->id() : 0)); }},
        {"icmp.seq", [](F f) { bool e = f.icmp4 && (f.icmp4->is_echo() || f.icmp4->is_timestamp()); return opt(e, dec(e ? f.icmp4->sequence() : 0)); }},
        {"icmp.originate_timestamp", [](F f) { auto t = f.icmp4 ? f.icmp4->timestamps() : std::nullopt; return opt(t.has_value(), dec(t ? t->originate : 0)); }},
        {"icmp.transmit_timestamp", [](F f) { auto t = f.icmp4 ? f.icmp4->timestamps() : std::nullopt; return opt(t.has_value(), dec(t ? t->transmit : 0)); }},
        // An ICMPv6 error that quotes an ICMPv6 message (nmap's IPv6 probes draw parameter
        // problems this way): tshark lists the outer and then the quoted header's fields.
        {"icmpv6.type", [](F f) { return icmp6_fields(f, [](Bytes h) { return dec(load_u8(h, 0)); }, false); }},
        {"icmpv6.code", [](F f) { return icmp6_fields(f, [](Bytes h) { return dec(load_u8(h, 1)); }, false); }},
        {"icmpv6.echo.identifier", [](F f) { return icmp6_fields(f, [](Bytes h) { return fmt("0x%04lx", load_be16(h, 4)); }, true); }},
        {"icmpv6.echo.sequence_number", [](F f) { return icmp6_fields(f, [](Bytes h) { return dec(load_be16(h, 6)); }, true); }},
    };
}

// Splits on a separator (empty text gives no fields).
Values split(const std::string& s, char sep) {
    Values out;
    if (s.empty()) return out;
    std::size_t start = 0;
    for (;;) {
        auto pos = s.find(sep, start);
        out.push_back(s.substr(start, pos - start));
        if (pos == std::string::npos) break;
        start = pos + 1;
    }
    return out;
}

// Headers whorl refuses or keeps where Wireshark does the opposite:
// - a cut-off link header: whorl records only the issue, Wireshark shows what is there
//   (a VLAN TCI without the EtherType after it, the first bytes of an SLL header);
// - an IPv4 header with a bad IHL: whorl refuses it, Wireshark shows the first fields
//   (but not the addresses, which are still compared: both must have none);
// - an IPv4 total length below the header length: whorl keeps the (intact) header with
//   the total_length_invalid quirk, Wireshark drops the whole header;
// - fewer than 20 bytes of TCP: whorl has no TCP view, Wireshark shows the ports.
bool comparable(const DecodedFrame& f, const std::string& field) {
    const bool link_field = field.starts_with("eth.") || field.starts_with("vlan.") ||
                            field.starts_with("ieee8021ad.") || field.starts_with("sll.") ||
                            field.starts_with("null.");
    if (link_field && (f.issue == FrameIssue::link_truncated || f.issue == FrameIssue::vlan_truncated))
        return false;
    if (field.starts_with("ip.") && field != "ip.src" && f.issue == FrameIssue::ipv4_invalid) return false;
    if (field.starts_with("ip.") && f.ipv4 && f.ipv4->quirks().has(Ipv4Quirk::total_length_invalid))
        return false;
    if (field.starts_with("tcp.") && f.issue == FrameIssue::tcp_truncated) return false;
    return true;
}

bool have_tshark() { return std::system("tshark --version >/dev/null 2>&1") == 0; }

// tshark's rows: one per frame, fields separated by '\t'.
std::vector<Values> run_tshark(const std::string& pcap, const std::vector<std::pair<std::string, Extractor>>& fs) {
    std::string cmd = "tshark -n -r '" + pcap + "' -o ip.defragment:FALSE -o ipv6.defragment:FALSE"
                      " -T fields -E separator=/t -E occurrence=a -E aggregator=,";
    for (const auto& [name, _] : fs) cmd += " -e " + name;
    cmd += " 2>/dev/null";
    std::vector<Values> rows;
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    if (!p) return rows;
    std::string line;
    for (int c; (c = std::fgetc(p.get())) != EOF;) {
        if (c != '\n') { line += static_cast<char>(c); continue; }
        Values row = split(line, '\t');
        row.resize(fs.size());
        rows.push_back(row);
        line.clear();
    }
    return rows;
}

TEST(TsharkCrossCheck, DecoderAgreesWithWireshark) {
    if (!have_tshark()) GTEST_SKIP() << "tshark not installed";
    const auto fs = fields();
    int compared = 0, nonempty = 0, files = 0;
    auto pcaps = whorl::test::list_fixtures("pcap/wire", ".pcap");
    for (const auto& lab : whorl::test::list_fixtures("pcap/lab", ".pcap")) pcaps.push_back(lab);
    for (const auto& rel : pcaps) {
        const std::string path = whorl::test::fixture_path(rel);
        char err[PCAP_ERRBUF_SIZE];
        std::unique_ptr<pcap_t, void (*)(pcap_t*)> pc(pcap_open_offline(path.c_str(), err), pcap_close);
        ASSERT_TRUE(pc) << err;
        auto link = link_type_from_dlt(static_cast<std::uint32_t>(pcap_datalink(pc.get())));
        ASSERT_TRUE(link) << rel;
        const auto rows = run_tshark(path, fs);
        ++files;
        std::size_t frame = 0;
        pcap_pkthdr* hdr;
        const u_char* data;
        while (pcap_next_ex(pc.get(), &hdr, &data) == 1) {
            ASSERT_LT(frame, rows.size()) << rel << ": tshark printed fewer frames";
            const auto f = decode_frame(*link, Bytes(reinterpret_cast<const std::byte*>(data), hdr->caplen));
            for (std::size_t i = 0; i < fs.size(); ++i) {
                auto ours = fs[i].second(f);
                if (!ours || !comparable(f, fs[i].first)) continue;
                Values theirs = split(rows[frame][i], ',');
                // A quote too short for its IP header: Wireshark shows the part that is
                // there, whorl only the outer packet. Compare the outer values.
                if ((f.issue == FrameIssue::icmp4_quote_invalid || f.issue == FrameIssue::icmp6_quote_invalid) &&
                    theirs.size() > ours->size())
                    theirs.resize(ours->size());
                EXPECT_EQ(*ours, theirs) << rel << " frame " << frame + 1 << " field " << fs[i].first;
                ++compared;
                nonempty += !ours->empty();
            }
            ++frame;
        }
        EXPECT_EQ(frame, rows.size()) << rel;
    }
    EXPECT_GE(files, 7);  // six crafted link-layer captures and the lab capture
    EXPECT_GT(nonempty, 800);
    std::printf("compared %d fields (%d with values) in %d pcaps\n", compared, nonempty, files);
}

}  // namespace
}  // namespace whorl::wire
