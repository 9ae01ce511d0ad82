// Fixture loading and the field -> bytes rebuild used by the round-trip tests.
#include "wire_fixture.hpp"

#include <gtest/gtest.h>

#include "support/fixtures.hpp"
#include "wire/ethernet.hpp"
#include "wire/loopback.hpp"
#include "wire/packet_builder.hpp"
#include "wire/sll.hpp"
#include "wire/vlan.hpp"

namespace whorl::wire::test {
namespace {

std::optional<LinkType> link_from_text(const std::string& text) {
    const auto pos = text.find("# link: ");
    if (pos == std::string::npos) return std::nullopt;
    const auto end = text.find('\n', pos);
    const std::string name = text.substr(pos + 8, end - pos - 8);
    for (LinkType t : kAllLinkTypes)
        if (link_type_name(t) == name) return t;
    return std::nullopt;
}

std::size_t write_link(const DecodedFrame& f, MutableBytes out) {
    const LinkInfo& l = f.link;
    std::size_t n = 0;
    auto tags = l.vlans.tags();
    const std::uint16_t first_type = tags.empty() ? l.ethertype : tags[0].tpid;
    switch (l.type) {
        case LinkType::ethernet: n = write_ethernet(out, *l.dst_mac, *l.src_mac, first_type).value(); break;
        case LinkType::linux_sll:
        case LinkType::linux_sll2: {
            const bool v2 = l.type == LinkType::linux_sll2;
            Bytes addr = v2 ? Sll2View::parse(f.frame)->address() : SllView::parse(f.frame)->address();
            SllFields s{*l.sll_packet_type, *l.arphrd_type, addr, first_type, l.interface_index.value_or(0)};
            n = (v2 ? write_sll2(out, s) : write_sll(out, s)).value();
            break;
        }
        case LinkType::null:
        case LinkType::loop:
            n = write_loopback(out, *l.loopback_family, l.type == LinkType::loop).value();
            break;
        default: break;
    }
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const std::uint16_t next = i + 1 < tags.size() ? tags[i + 1].tpid : l.vlans.inner_type();
        n += write_vlan_tag(out.subspan(n), tags[i].tci, next).value();
    }
    return n;
}

Ipv4Fields ipv4_fields(const Ipv4View& v, bool keep) {
    Ipv4Fields f{v.src(), v.dst(), v.tos(), v.id(), v.reserved_flag(), v.dont_fragment(),
                 v.more_fragments(), v.fragment_offset(), v.ttl(), v.options()};
    f.protocol = v.protocol();
    f.total_length = v.total_length();
    if (keep) f.checksum = v.checksum();
    return f;
}

Ipv6Fields ipv6_fields(const DecodedFrame& d) {
    const Ipv6View& v = *d.ipv6;
    Ipv6Fields f{v.src(), v.dst(), v.traffic_class(), v.flow_label(), v.hop_limit()};
    f.extension_headers = v.payload().first(d.ipv6_extensions.upper_offset());
    f.first_extension = v.next_header();
    f.next_header = v.next_header();
    f.payload_length = v.payload_length();
    f.final_destination = d.ipv6_extensions.checksum_destination(v.dst(), v.payload());
    return f;
}

template <class Ip>
std::optional<std::size_t> write_transport(const DecodedFrame& d, const Ip& ip, bool keep,
                                           MutableBytes out) {
    if (d.tcp) {
        const TcpView& t = *d.tcp;
        TcpFields f{t.src_port(), t.dst_port(), t.seq(), t.ack(), t.flags(), t.window(),
                    t.urgent_pointer(), t.options(), t.data_offset()};
        if (keep) f.checksum = t.checksum();
        return build_tcp(out, ip, f, t.payload());
    }
    if (d.udp) {
        UdpFields f{d.udp->src_port(), d.udp->dst_port(), d.udp->length()};
        if (keep) f.checksum = d.udp->checksum();
        return build_udp(out, ip, f, d.udp->segment().subspan(8));
    }
    if constexpr (std::is_same_v<Ip, Ipv4Fields>) {
        if (d.icmp4) {
            IcmpFields f{d.icmp4->type(), d.icmp4->code(), d.icmp4->rest_of_header()};
            if (keep) f.checksum = d.icmp4->checksum();
            return build_icmp4(out, ip, f, d.icmp4->payload());
        }
    } else {
        if (d.icmp6) {
            IcmpFields f{d.icmp6->type(), d.icmp6->code(), d.icmp6->rest_of_header()};
            if (keep) f.checksum = d.icmp6->checksum();
            return build_icmp6(out, ip, f, d.icmp6->payload());
        }
    }
    return std::nullopt;
}

}  // namespace

WireFixture load_fixture(const std::string& name) {
    const std::string rel = "hex/wire/" + name + ".hex";
    WireFixture fx;
    fx.name = name;
    auto link = link_from_text(whorl::test::read_fixture(rel));
    EXPECT_TRUE(link.has_value()) << rel << ": no '# link:' line";
    fx.link = link.value_or(LinkType::raw);
    fx.bytes = whorl::test::read_hex_fixture(rel);
    return fx;
}

FrameIssue issue_of(const std::string& name) {
    const WireFixture fx = load_fixture(name);
    return fx.decode().issue;
}

std::vector<std::string> all_fixture_names() {
    std::vector<std::string> names;
    for (const auto& path : whorl::test::list_fixtures("hex/wire", ".hex")) {
        const auto slash = path.rfind('/');
        names.push_back(path.substr(slash + 1, path.size() - slash - 5));
    }
    return names;
}

std::vector<std::byte> rebuild_frame(const DecodedFrame& d, bool keep_checksums) {
    std::vector<std::byte> out(70000);
    MutableBytes buf(out);
    std::size_t n = write_link(d, buf);
    std::optional<std::size_t> ip_len;
    Bytes trailer;
    if (d.ipv4) {
        ip_len = write_transport(d, ipv4_fields(*d.ipv4, keep_checksums), keep_checksums, buf.subspan(n));
        trailer = d.ipv4->trailer();
    } else if (d.ipv6) {
        ip_len = write_transport(d, ipv6_fields(d), keep_checksums, buf.subspan(n));
        trailer = d.ipv6->trailer();
    }
    if (!ip_len) return {};
    n += *ip_len;
    std::copy(trailer.begin(), trailer.end(), out.begin() + static_cast<std::ptrdiff_t>(n));
    out.resize(n + trailer.size());
    return out;
}

}  // namespace whorl::wire::test
