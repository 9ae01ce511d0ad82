// The passive pipeline on frames built here: connection and host caps with whorl's and p0f's
// eviction, age and idle limits, what the host record keeps, skipped frames by reason,
// VLAN tags and IPv6 extension headers with and without --p0f-exact, and p0f's split
// response. The same logic is compared with p0f 3.09b's own output on captures in
// tests/unit/cli/passive_p0f_compat_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fp/http/p0f_response_parser.hpp"
#include "passive/passive_pipeline.hpp"
#include "support/p0f_fixture.hpp"
#include "wire/ip_address_convert.hpp"
#include "wire/packet_builder.hpp"
#include "wire/tcp.hpp"

namespace whorl::fp::passive {
namespace {

IpAddress addr(const char* text) { return *IpAddress::parse(text); }

// Linux's SYN options: MSS 1460 (1440 on IPv6), SACK, timestamps, NOP, WS 7.
std::vector<std::byte> linux_options(bool v6, std::uint32_t tsval) {
    std::vector<std::uint8_t> o = {2, 4, 5, static_cast<std::uint8_t>(v6 ? 0xa0 : 0xb4), 4, 2, 8, 10,
                                   static_cast<std::uint8_t>(tsval >> 24), static_cast<std::uint8_t>(tsval >> 16),
                                   static_cast<std::uint8_t>(tsval >> 8), static_cast<std::uint8_t>(tsval),
                                   0, 0, 0, 0, 1, 3, 3, 7};
    std::vector<std::byte> out;
    for (auto b : o) out.push_back(std::byte{b});
    return out;
}

struct Segment {
    IpAddress src, dst;
    std::uint16_t sport = 0, dport = 0;
    std::uint16_t flags = wire::tcp_flag::kSyn;
    std::uint32_t seq = 1000, ack = 0;
    std::uint32_t tsval = 12345;
    std::vector<std::uint16_t> vlans;       // 802.1Q tags
    std::vector<std::byte> ipv6_extensions;  // written after the fixed header
    std::uint8_t first_extension = 0;
    bool more_fragments = false;
};

std::vector<std::byte> frame(const Segment& s) {
    std::array<std::byte, 512> buf{};
    const bool v6 = s.src.is_v6();
    const auto opts = linux_options(v6, s.tsval);
    wire::TcpFields tcp;
    tcp.src_port = s.sport;
    tcp.dst_port = s.dport;
    tcp.flags = s.flags;
    tcp.seq = s.seq;
    tcp.ack = s.ack;
    tcp.window = v6 ? 28800 : 29200;
    tcp.options = opts;
    std::size_t head = 12 + 4 * s.vlans.size() + 2;
    const MutableBytes ip = MutableBytes(buf).subspan(head);
    std::optional<std::size_t> n;
    if (v6) {
        wire::Ipv6Fields f{.src = *wire::to_ipv6(s.src), .dst = *wire::to_ipv6(s.dst), .hop_limit = 61};
        f.extension_headers = s.ipv6_extensions;
        f.first_extension = s.first_extension;
        n = wire::build_tcp(ip, f, tcp);
    } else {
        wire::Ipv4Fields f{.src = *wire::to_ipv4(s.src), .dst = *wire::to_ipv4(s.dst), .id = 4242,
                           .dont_fragment = true, .more_fragments = s.more_fragments, .ttl = 61};
        n = wire::build_tcp(ip, f, tcp);
    }
    EXPECT_TRUE(n);
    std::size_t off = 12;
    for (std::uint16_t vid : s.vlans) {
        store_be16(buf, off, 0x8100);
        store_be16(buf, off + 2, vid);
        off += 4;
    }
    store_be16(buf, off, v6 ? 0x86dd : 0x0800);
    return {buf.begin(), buf.begin() + static_cast<long>(head + n.value_or(0))};
}

class Recorder final : public ObservationSink {
public:
    void observe(const Observation& o) override {
        std::string line = std::string(observation_name(o.kind)) + " " + std::to_string(o.client_port);
        line += o.subject_is_client ? " cli" : " srv";
        events.push_back(line);
    }
    std::vector<std::string> events;
    std::size_t count(const std::string& prefix) const {
        return static_cast<std::size_t>(std::count_if(events.begin(), events.end(),
                                                      [&](const auto& e) { return e.starts_with(prefix); }));
    }
};

struct Harness {
    explicit Harness(PassiveConfig c = {}) : pipeline(test::shipped_p0f(), c, rec) {}
    void send(const Segment& s, double t) {
        const auto f = frame(s);
        pipeline.process(wire::LinkType::ethernet, static_cast<std::int64_t>(t * 1e6), f,
                         static_cast<std::uint32_t>(f.size()));
    }
    // A client's SYN to a server at time t, and optionally the answer.
    void connect(const char* client, std::uint16_t port, double t, bool answered = true) {
        Segment syn{addr(client), addr("198.51.100.200"), port, 80};
        send(syn, t);
        if (!answered) return;
        Segment sa{addr("198.51.100.200"), addr(client), 80, port, wire::tcp_flag::kSyn | wire::tcp_flag::kAck, 5000, 1001};
        send(sa, t + 0.0001);
    }
    std::vector<std::string> hosts() const {
        std::vector<std::string> out;
        pipeline.for_each_host([&](const PassiveHost& h, std::uint32_t) { out.push_back(h.addr.to_string()); });
        return out;
    }
    Recorder rec;
    PassivePipeline pipeline;
};

TEST(PassivePipeline, ObservationsOfAHandshakeAndTheHostRecord) {
    Harness h;
    h.connect("198.51.100.1", 40000, 1000.0);
    EXPECT_EQ(h.rec.events, (std::vector<std::string>{"syn 40000 cli", "mtu 40000 cli", "syn+ack 40000 srv",
                                                      "mtu 40000 srv"}));
    h.pipeline.for_each_host([&](const PassiveHost& host, std::uint32_t last_seen) {
        EXPECT_EQ(last_seen, 1000u);
        EXPECT_EQ(host.total_conn, 1u);
        ASSERT_NE(host.link, nullptr);
        EXPECT_EQ(host.link->link, "Ethernet or modem");
        EXPECT_EQ(host.distance, 3);
        if (host.addr == addr("198.51.100.1")) {
            ASSERT_GE(host.last_label, 0);
            EXPECT_EQ(test::shipped_p0f().label_text(static_cast<std::uint32_t>(host.last_label)), "Linux 3.11 and newer");
            ASSERT_TRUE(host.nat.last_syn);
        }
    });
    EXPECT_EQ(h.pipeline.flow_count(), 1u);
    EXPECT_EQ(h.pipeline.stats().tcp_segments, 2u);
}

TEST(PassivePipeline, ConnectionCapPrunesTheOldestTenthPlusOne) {
    PassiveConfig c;
    c.max_conn = 5;
    Harness h(c);
    for (int i = 0; i < 7; ++i) h.connect("198.51.100.1", static_cast<std::uint16_t>(40000 + i), 1000 + i, false);
    // The 7th connection found 6 > 5 and dropped 1 + 6 / 10 = 1, the oldest.
    EXPECT_EQ(h.pipeline.stats().flows_pruned, 1u);
    EXPECT_EQ(h.pipeline.flow_count(), 6u);
    Segment sa{addr("198.51.100.200"), addr("198.51.100.1"), 80, 40000, wire::tcp_flag::kSyn | wire::tcp_flag::kAck, 5000, 1001};
    h.send(sa, 1010);  // answers the pruned one: stray, nothing
    EXPECT_EQ(h.rec.count("syn+ack"), 0u);
    sa.dport = 40001;
    h.send(sa, 1010);
    EXPECT_EQ(h.rec.count("syn+ack 40001"), 1u);
}

TEST(PassivePipeline, HostCapDropsTheLeastRecentlySeenUnusedHost) {
    PassiveConfig c;
    c.max_hosts = 3;  // p0f allows one more before it evicts
    Harness h(c);
    h.connect("198.51.100.1", 40001, 1000);
    h.connect("198.51.100.2", 40002, 1001);
    h.connect("198.51.100.1", 40003, 1002);  // .1 is seen again: now .200 and .2 are older
    // Each connection keeps its hosts; the table holds .200, .1, .2 and every new host must
    // evict a host no connection uses. Connections stay (no ACK or FIN), so none can go...
    h.connect("198.51.100.3", 40004, 1003);
    EXPECT_EQ(h.pipeline.stats().hosts_evicted, 0u);
    EXPECT_EQ(h.pipeline.host_count(), 4u);
    // ... until connections end: a RST ends .2's, and the next new host evicts .2, the least
    // recently seen host without connections.
    Segment rst{addr("198.51.100.2"), addr("198.51.100.200"), 40002, 80, wire::tcp_flag::kRst, 1001};
    h.send(rst, 1004);
    h.connect("198.51.100.4", 40005, 1005);
    EXPECT_EQ(h.pipeline.stats().hosts_evicted, 1u);
    const auto hosts = h.hosts();
    EXPECT_EQ(std::count(hosts.begin(), hosts.end(), "198.51.100.2"), 0);
    EXPECT_EQ(std::count(hosts.begin(), hosts.end(), "198.51.100.4"), 1);
}

TEST(PassivePipeline, HostCapInP0fExactModeLooksAtTheOldestHostOnly) {
    PassiveConfig c;
    c.max_hosts = 3;
    c.p0f_exact = true;
    Harness h(c);
    h.connect("198.51.100.1", 40001, 1000);
    h.connect("198.51.100.2", 40002, 1001);
    h.connect("198.51.100.3", 40003, 1002);
    // Over the cap p0f first prunes a tenth of the connections (here 1, the oldest: .1's),
    // then frees the oldest host, .1, if nothing uses it; .200 (used) is never considered.
    h.connect("198.51.100.4", 40004, 1003);
    EXPECT_EQ(h.pipeline.stats().flows_pruned, 1u);
    EXPECT_EQ(h.pipeline.stats().hosts_evicted, 1u);
    const auto hosts = h.hosts();
    EXPECT_EQ(std::count(hosts.begin(), hosts.end(), "198.51.100.1"), 0);
}

TEST(PassivePipeline, AgeAndIdleLimitsRunEveryFiftyPacketsAsInP0f) {
    PassiveConfig c;
    c.conn_max_age_s = 5;
    c.host_idle_limit_min = 1;
    Harness h(c);
    h.connect("198.51.100.1", 40001, 1000, false);
    // 48 more packets within the same second: no expiry yet.
    Segment ack{addr("198.51.100.9"), addr("198.51.100.200"), 1, 80, wire::tcp_flag::kAck, 1};
    for (int i = 0; i < 48; ++i) h.send(ack, 1000.5);
    EXPECT_EQ(h.pipeline.flow_count(), 1u);
    // The 50th packet, 10 s later, runs the expiry: the connection is older than 5 s.
    h.send(ack, 1010);
    EXPECT_EQ(h.pipeline.flow_count(), 0u);
    EXPECT_EQ(h.pipeline.stats().flows_expired, 1u);
    EXPECT_EQ(h.pipeline.host_count(), 2u);
    // Two minutes later (50 more packets) both hosts have been idle for over a minute.
    for (int i = 0; i < 50; ++i) h.send(ack, 1130);
    EXPECT_EQ(h.pipeline.host_count(), 0u);
    EXPECT_EQ(h.pipeline.stats().hosts_expired, 2u);
}

TEST(PassivePipeline, FragmentsTagsAndExtensionHeaders) {
    const auto run = [](bool exact) {
        PassiveConfig c;
        c.p0f_exact = exact;
        Harness h(c);
        Segment s{addr("198.51.100.1"), addr("198.51.100.200"), 40001, 80};
        s.more_fragments = true;  // a first fragment: skipped
        h.send(s, 1);
        s = Segment{addr("198.51.100.2"), addr("198.51.100.200"), 40002, 80};
        s.vlans = {10, 20};  // QinQ
        h.send(s, 2);
        s = Segment{addr("2001:db8::1"), addr("2001:db8::200"), 40003, 80};
        s.ipv6_extensions = {std::byte{6}, std::byte{0}, std::byte{1}, std::byte{4},
                             std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}};  // hop-by-hop, PadN
        s.first_extension = 0;
        h.send(s, 3);
        s.sport = 40004;  // an atomic fragment (offset 0, no more): a whole packet
        s.ipv6_extensions = {std::byte{6}, std::byte{0}, std::byte{0}, std::byte{0},
                             std::byte{0}, std::byte{0}, std::byte{0}, std::byte{9}};
        s.first_extension = 44;
        h.send(s, 4);
        s.sport = 40005;  // a first fragment with more to come: skipped
        s.ipv6_extensions[3] = std::byte{1};
        h.send(s, 5);
        return std::pair{h.rec.count("syn "), h.pipeline.stats()};
    };
    auto [syns, stats] = run(false);
    EXPECT_EQ(syns, 3u);  // QinQ, hop-by-hop, atomic fragment
    EXPECT_EQ(stats.skipped[static_cast<int>(TcpPacketSkip::fragment)], 2u);
    auto [exact_syns, exact_stats] = run(true);
    EXPECT_EQ(exact_syns, 0u);
    EXPECT_EQ(exact_stats.skipped[static_cast<int>(TcpPacketSkip::vlan)], 1u);
    EXPECT_EQ(exact_stats.skipped[static_cast<int>(TcpPacketSkip::ipv6_extensions)], 3u);
}

TEST(PassivePipeline, TruncatedAndShortFramesAreSkippedNotRead) {
    Harness h;
    Segment s{addr("198.51.100.1"), addr("198.51.100.200"), 40001, 80};
    const auto f = frame(s);
    for (std::size_t cut = 0; cut < f.size(); ++cut)  // every prefix: never read past it
        h.pipeline.process(wire::LinkType::ethernet, 1000000, Bytes(f.data(), cut), static_cast<std::uint32_t>(f.size()));
    EXPECT_EQ(h.rec.events.size(), 0u);
    EXPECT_EQ(h.pipeline.stats().tcp_segments, 0u);
    EXPECT_GT(h.pipeline.stats().skipped[static_cast<int>(TcpPacketSkip::truncated)], 0u);
    // A wire length beyond the frame (a trailer not captured) does not matter when the IP
    // packet is whole; one shorter than the IP packet cuts it, as p0f reads the smaller.
    h.pipeline.process(wire::LinkType::ethernet, 1000000, f, static_cast<std::uint32_t>(f.size() - 1));
    EXPECT_EQ(h.pipeline.stats().tcp_segments, 0u);
    h.pipeline.process(wire::LinkType::ethernet, 1000000, f, static_cast<std::uint32_t>(f.size() + 100));
    EXPECT_EQ(h.pipeline.stats().tcp_segments, 1u);
    EXPECT_EQ(h.rec.count("syn "), 1u);
}

TEST(P0fResponseParser, DropsTheHeaderAfterASplitStatusLineAsP0fDoes) {
    const std::string resp = "HTTP/1.1 200 OK\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nServer: x\r\n\r\n";
    P0fResponseParser p;
    EXPECT_EQ(p.feed(std::string_view(resp).substr(0, 30), true).status, HttpParseStatus::need_more);
    auto r = p.feed(resp, true);
    ASSERT_EQ(r.status, HttpParseStatus::complete);
    ASSERT_EQ(r.message.headers.size(), 1u);
    EXPECT_EQ(r.message.headers[0].name, "Server");
    P0fResponseParser whole;  // in one segment nothing is lost
    r = whole.feed(resp, true);
    ASSERT_EQ(r.status, HttpParseStatus::complete);
    EXPECT_EQ(r.message.headers.size(), 2u);
    EXPECT_EQ(parse_http_response(as_bytes(resp)).message.headers.size(), 2u);
}

}  // namespace
}  // namespace whorl::fp::passive
