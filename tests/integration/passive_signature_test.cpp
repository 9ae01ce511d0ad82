// whorl's own TCP signatures against a live Linux stack: a lab host opens a connection to
// the scanner namespace (bash's /dev/tcp; refused, but the SYN is sent), the SYN is
// captured on the lab bridge, and data/whorl-tcp.fp names it "Linux 4.19 and newer" exactly
// where /etc/p0f/p0f.fp only has a generic catch-all (IPv4) or nothing (IPv6).
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "fp/db/data_paths.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "io/pcap_source.hpp"
#include "lab/lab.hpp"
#include "support/root.hpp"
#include "wire/frame.hpp"

namespace whorl {
namespace {

using namespace fp::passive;

TcpSignatureInput syn_input(const wire::DecodedFrame& f) {
    TcpHeaderFields h;
    std::uint8_t ttl = 0;
    std::size_t ip_header = 40;
    if (f.ipv4) {
        h.df = f.ipv4->dont_fragment();
        h.ip_id = f.ipv4->id();
        h.traffic_class = f.ipv4->tos();
        ttl = f.ipv4->ttl();
        ip_header = f.ipv4->header_length();
    } else {
        h.ip_version = 6;
        h.flow_label = f.ipv6->flow_label();
        h.traffic_class = f.ipv6->traffic_class();
        ttl = f.ipv6->hop_limit();
    }
    h.tcp_flags = f.tcp->flags_byte();
    h.seq = f.tcp->seq();
    TcpOptions opts = parse_tcp_options(f.tcp->options());
    return make_tcp_input(h, opts, ttl, static_cast<std::uint8_t>(ip_header - (f.ipv4 ? 20 : 40)), f.tcp->window(),
                          static_cast<std::uint16_t>(ip_header + f.tcp->header_length()), false);
}

// The first SYN from the lab host captured within a second.
std::optional<TcpSignatureInput> await_syn(io::PcapSource& cap) {
    auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>(cap.datalink()));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        auto pkt = cap.next();
        if (!pkt) return std::nullopt;
        if (!*pkt) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        auto f = wire::decode_frame(*link, (*pkt)->data);
        if (f.tcp && f.tcp->syn() && !f.tcp->ack_flag()) return syn_input(f);
    }
    return std::nullopt;
}

void check_host_syn(const std::string& destination, const std::string& filter) {
    auto dir = fp::db::whorl_data_dir();
    ASSERT_TRUE(dir);
    auto whorl_db = P0fDatabase::load(*dir + "/whorl-tcp.fp");
    ASSERT_TRUE(whorl_db) << whorl_db.error().describe();
    auto p0f_db = P0fDatabase::load_default();

    auto l = lab::Lab::create({{lab::HostSpec{}}});
    ASSERT_TRUE(l) << l.error().describe();
    auto guard = (*l)->enter_scanner();
    ASSERT_TRUE(guard);
    auto cap = io::PcapSource::open_live(lab::Lab::scanner_interface(), filter);
    ASSERT_TRUE(cap) << cap.error().describe();
    auto r = (*l)->run_in_host(0, {"bash", "-c", "exec 3<>/dev/tcp/" + destination + "/9 || true"});
    ASSERT_TRUE(r) << r.error().describe();
    auto in = await_syn(**cap);
    ASSERT_TRUE(in) << "no SYN from the lab host";

    TcpMatch w = whorl_db->tcp(Direction::request).match(*in);
    ASSERT_TRUE(w.record) << format_tcp_raw_sig(*in);
    EXPECT_EQ(whorl_db->label_text(w.record->label), "Linux 4.19 and newer") << format_tcp_raw_sig(*in);
    EXPECT_FALSE(w.fuzzy);
    EXPECT_FALSE(w.generic());
    if (p0f_db) {
        TcpMatch o = p0f_db->tcp(Direction::request).match(*in);
        EXPECT_TRUE(!o.record || o.generic()) << p0f_db->label_text(o.record->label);
    }
}

TEST(PassiveSignature, LabLinuxSynMatchesWhorlSignatureOverIpv4) {
    WHORL_REQUIRE_ROOT();
    check_host_syn("198.51.100.1", "tcp and src host 198.51.100.2");
}

TEST(PassiveSignature, LabLinuxSynMatchesWhorlSignatureOverIpv6) {
    WHORL_REQUIRE_ROOT();
    check_host_syn("2001:db8::1", "tcp and src host 2001:db8::2");
}

}  // namespace
}  // namespace whorl
