// Host-level p0f logic: uptime from timestamps and NAT / host-change scoring. The crafted
// captures are replayed through a minimal model of p0f's per-host bookkeeping and every
// uptime / host change / ip sharing line p0f logged is compared; direct cases pin the
// rounding, limits and thresholds.
#include "fp/http/http_headers.hpp"
#include "fp/p0f/nat_score.hpp"
#include "fp/tcp/uptime.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_log_format.hpp"
#include "support/p0f_fixture.hpp"

namespace whorl::fp::passive {
namespace {

// fingerprint_http + score_nat of fp_http.c for one request or response.
template <class Emit>
void replay_http(const P0fDatabase& db, HostNatState& host, const test::FixturePacket& p, Emit& emit) {
    const bool req = p.num("dport") == 80;
    const auto port = static_cast<std::uint16_t>(req ? p.num("sport") : p.num("dport"));
    auto bytes = p.hex("payload");
    HttpParseResult r = req ? parse_http_request(bytes) : parse_http_response(bytes);
    if (r.status != HttpParseStatus::complete) return;
    const Direction dir = req ? Direction::request : Direction::response;
    HttpObservation obs = resolve_http(r.message, db.headers(), dir);
    HttpMatch m = db.http(dir).match(obs);
    HttpNatInput in;
    in.to_srv = req;
    in.sample.recv_time = static_cast<std::int64_t>(p.time_ms() / 1000);
    in.software = obs.software ? &*obs.software : nullptr;
    in.dishonest = m.dishonest;
    in.via = obs.via;
    in.srv_port = 80;
    if (m.record) {
        const Label& l = db.label(m.record->label);
        in.sample.matched = MatchedIdentity{l.class_id, l.name_id, l.label_id, m.record->line, false};
        in.app = l.is_app();
        if (in.app)
            if (auto v = verify_tool_class(host, l.sys))
                if (auto ev = add_nat_score(host, req, v->reasons, v->score))
                    emit(std::string(nat_event_name(ev->kind)), port, req, nat_fields(*ev));
    }
    NatScore s = score_http_nat(host, in, db.ua_os());
    if (auto ev = add_nat_score(host, req, s.reasons, s.score))
        emit(std::string(nat_event_name(ev->kind)), port, req, nat_fields(*ev));
    note_http_signature(host, in);
}

// What p0f does per SYN / SYN+ACK at host level (process.c flow_dispatch and fp_tcp.c
// fingerprint_tcp): app signatures check `sys`, OS signatures are NAT-scored, then uptime
// against the previous signature, then the signature becomes the host's last one.
std::map<std::string, std::string> replay(const std::string& name) {
    const P0fDatabase& db = test::shipped_p0f();
    std::map<std::string, HostNatState> hosts;
    std::map<std::uint16_t, std::uint16_t> syn_mss;
    std::map<std::string, std::string> lines;  // "mod port subj" -> fields text
    auto emit = [&lines](const std::string& mod, std::uint16_t port, bool cli,
                         const std::vector<P0fField>& fields) {
        std::string text;
        for (const auto& f : fields) text += (text.empty() ? "" : "|") + f.key + "=" + f.value.value_or("???");
        // Several events of one kind on one connection: keep them apart in order.
        std::string key = mod + " " + std::to_string(port) + " " + (cli ? "cli" : "srv");
        while (lines.count(key)) key += "+";
        lines[key] = text;
    };
    for (const auto& p : test::read_fields(name)) {
        if (p.get("payload") != "-" && !p.syn() && !p.syn_ack()) {
            replay_http(db, hosts[p.get("src")], p, emit);
            continue;
        }
        if (!p.syn() && !p.syn_ack()) continue;
        const bool req = p.syn();
        const auto port = static_cast<std::uint16_t>(req ? p.num("sport") : p.num("dport"));
        HostNatState& host = hosts[p.get("src")];  // the subject: client of a SYN, server of a SYN+ACK
        TcpSignatureInput in = test::tcp_input(p, req ? 0 : syn_mss[port]);
        if (req) syn_mss[port] = in.mss;
        TcpMatch m = db.tcp(req ? Direction::request : Direction::response).match(in);
        TcpNatSample sample{std::nullopt, m.fuzzy, in.quirks, in.layout, in.ttl, m.dist,
                            in.mss, in.ts1, p.time_ms()};
        if (m.record) {
            const Label& l = db.label(m.record->label);
            sample.matched = MatchedIdentity{l.class_id, l.name_id, l.label_id, m.record->line,
                                             m.record->sig.bad_ttl};
            if (l.is_app()) {
                if (auto s = verify_tool_class(host, l.sys))
                    if (auto ev = add_nat_score(host, req, s->reasons, s->score))
                        emit(std::string(nat_event_name(ev->kind)), port, req, nat_fields(*ev));
                continue;  // p0f drops the flow of a user-land tool
            }
        }
        NatScore s = score_tcp_nat(host, req, sample, port);
        if (auto ev = add_nat_score(host, req, s.reasons, s.score))
            emit(std::string(nat_event_name(ev->kind)), port, req, nat_fields(*ev));
        note_tcp_signature(host, sample, port);
        auto& last = req ? host.last_syn : host.last_synack;
        if (last && in.ts1) {
            UptimeEstimate e = estimate_uptime(last->ts1, last->recv_ms, in.ts1, p.time_ms());
            if (e.status == UptimeStatus::estimated) emit("uptime", port, req, uptime_fields(e));
        }
        last = sample;
    }
    return lines;
}

void compare(const std::string& name, int expected_lines) {
    auto got = replay(name);
    std::set<std::string> seen;
    int compared = 0;
    for (const auto& l : test::read_log(name)) {
        if (l.mod != "uptime" && l.mod != "host change" && l.mod != "ip sharing") continue;
        std::string key = l.mod + " " + std::to_string(l.cli_port()) + " " + l.f.at("subj");
        while (seen.count(key)) key += "+";
        seen.insert(key);
        auto it = got.find(key);
        ASSERT_NE(it, got.end()) << name << ": whorl has no " << key;
        EXPECT_EQ(it->second, l.tail) << name << ": " << key;
        got.erase(it);
        ++compared;
    }
    EXPECT_TRUE(got.empty()) << name << ": whorl reports more, e.g. " << got.begin()->first;
    EXPECT_EQ(compared, expected_lines) << name;
}

TEST(NatUptime, ReplayEqualsP0fOnCraftedCaptures) {
    compare("uptime_cases", 4);
    compare("tcp_cases", 1);
    compare("http_cases", 4);  // x_known (server), app_vs_os + ua_vs_os (MSIE on Linux), via
}

TEST(Uptime, FrequencyRoundingAndFields) {
    EXPECT_EQ(round_ts_frequency(0), 1u);
    EXPECT_EQ(round_ts_frequency(10), 10u);
    EXPECT_EQ(round_ts_frequency(11), 10u);  // (11 + 3) / 5 * 5
    EXPECT_EQ(round_ts_frequency(12), 15u);
    EXPECT_EQ(round_ts_frequency(99), 100u);
    EXPECT_EQ(round_ts_frequency(116), 100u);  // (116 + 33) / 50 * 50
    EXPECT_EQ(round_ts_frequency(117), 150u);
    EXPECT_EQ(round_ts_frequency(1032), 1000u);
    EXPECT_EQ(round_ts_frequency(1033), 1100u);

    UptimeEstimate e = estimate_uptime(5000000, 1000, 5002000, 3000);
    ASSERT_EQ(e.status, UptimeStatus::estimated);
    EXPECT_EQ(e.freq, 1000u);
    EXPECT_EQ(format_uptime(e.up_min, e.up_mod_days), "0 days 1 hrs 23 min (modulo 49 days)");
    EXPECT_EQ(format_raw_freq(e.raw_freq), "1000.00 Hz");
    EXPECT_EQ(format_uptime(60 * 24 * 3 + 61, 497), "3 days 1 hrs 1 min (modulo 497 days)");
}

TEST(Uptime, LimitsAndBackwardJumps) {
    EXPECT_EQ(estimate_uptime(0, 0, 100, 1000).status, UptimeStatus::no_timestamp);
    EXPECT_EQ(estimate_uptime(100, 0, 200, 24).status, UptimeStatus::skipped);       // < 25 ms
    EXPECT_EQ(estimate_uptime(100, 0, 200, 600001).status, UptimeStatus::skipped);   // > 10 min
    EXPECT_EQ(estimate_uptime(100, 0, 104, 1000).status, UptimeStatus::skipped);     // < 5 ticks
    EXPECT_EQ(estimate_uptime(100, 0, 90, 50).status, UptimeStatus::skipped);        // reordering
    EXPECT_EQ(estimate_uptime(100000, 0, 50000, 500).status, UptimeStatus::bad_frequency);
    EXPECT_EQ(estimate_uptime(100, 0, 5100, 1000).status, UptimeStatus::bad_frequency);  // 5 kHz
    EXPECT_EQ(estimate_uptime(100, 0, 105, 10000).status, UptimeStatus::bad_frequency); // 0.5 Hz
    EXPECT_EQ(estimate_uptime(100, 0, 100, 1000).status, UptimeStatus::skipped);
    EXPECT_EQ(estimate_uptime(100, 5000, 200, 1000).status, UptimeStatus::skipped);  // time went back
    // Counter wrap: ticks still counted forward modulo 2^32.
    UptimeEstimate w = estimate_uptime(0xFFFFFF00u, 0, 0x00000100u, 1000);
    ASSERT_EQ(w.status, UptimeStatus::estimated);
    EXPECT_EQ(w.freq, 500u);  // 512 ticks in 1 s -> (512+33)/50*50
}

TEST(NatScore, ThresholdsAndReasons) {
    HostNatState h;
    // Score 1 alone: no event; score 2: host change with this event's reason only.
    EXPECT_FALSE(add_nat_score(h, true, kNatPort, 1));
    auto ev = add_nat_score(h, true, kNatTtl, 4);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->kind, NatEventKind::host_change);
    EXPECT_EQ(format_nat_reasons(ev->reasons), "ttl");
    EXPECT_EQ(ev->raw_hits, (std::array<std::uint8_t, 4>{0, 1, 1, 2}));
    // A zero score only records reasons; then three scores >= 6 make it "ip sharing", with
    // every reason since the last one, and the history is cleared.
    EXPECT_FALSE(add_nat_score(h, true, kNatVia, 0));
    add_nat_score(h, true, kNatOsDiff, 8);
    add_nat_score(h, true, kNatOsDiff, 8);
    ev = add_nat_score(h, true, kNatOsDiff, 8);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->kind, NatEventKind::ip_sharing);
    EXPECT_EQ(format_nat_reasons(ev->reasons), "os_diff ttl port via");
    EXPECT_EQ(ev->raw_hits, (std::array<std::uint8_t, 4>{3, 4, 4, 5}));
    EXPECT_EQ(h.reasons, 0);
    EXPECT_EQ(h.cli_scores, (std::array<std::uint8_t, kNatScores>{}));
    EXPECT_EQ(format_nat_reasons(0), "");
    EXPECT_EQ(nat_fields(NatEvent{})[0].value, std::nullopt);  // printed as "???"
}

TEST(NatScore, SignatureComparisons) {
    HostNatState h;
    TcpNatSample a;
    a.matched = MatchedIdentity{1, 7, 3, 120, false};
    a.ttl = 60;
    a.dist = 4;
    a.mss = 1460;
    // First SYN: nothing to compare with and no host OS.
    EXPECT_EQ(score_tcp_nat(h, true, a, 40000).score, 0);
    note_tcp_signature(h, a, 40000);
    h.last_syn = a;
    TcpNatSample b = a;
    b.matched->line = 121;  // same label, another line: 1 / os_diff
    EXPECT_EQ(score_tcp_nat(h, true, b, 40001).score, 1);
    b.matched->label_id = 4;  // another label: 2
    EXPECT_EQ(score_tcp_nat(h, true, b, 40001).score, 2);
    b.matched->name_id = 8;  // another OS name: 8
    NatScore s = score_tcp_nat(h, true, b, 40001);
    EXPECT_EQ(s.score, 8);
    EXPECT_EQ(s.reasons, kNatOsDiff);
    // TTL +4 on a near host, MSS change, source port drop by 64.
    TcpNatSample c = a;
    c.ttl = 64;
    c.mss = 1400;
    s = score_tcp_nat(h, true, c, 40000 - 64);
    EXPECT_EQ(s.score, 4 + 1 + 1);
    EXPECT_EQ(format_nat_reasons(s.reasons), "ttl port mtu");
    // ... halved when timestamps progress plausibly, +4 when they jump.
    h.last_syn->ts1 = 1000;
    h.last_syn->recv_ms = 0;
    c.ts1 = 2000;
    c.recv_ms = 1000;
    EXPECT_EQ(score_tcp_nat(h, true, c, 40000 - 64).score, 3);
    c.ts1 = 900000;
    s = score_tcp_nat(h, true, c, 40000 - 64);
    EXPECT_EQ(s.score, 10);
    EXPECT_TRUE(s.reasons & kNatTimestamp);
    // Unknown vs known on SYNs: quirk change 2, layout change 1, known-ness change 1.
    TcpNatSample u;
    u.ttl = 60;
    u.mss = 1460;
    u.quirks.set(Quirk::ts1_zero);
    s = score_tcp_nat(h, true, u, 40002);
    EXPECT_EQ(s.score, 3);
    EXPECT_EQ(format_nat_reasons(s.reasons), "sig_diff x_known");
    // Application sys lists against the host OS (class 1, name 7).
    EXPECT_EQ(verify_tool_class(h, {SysEntry{true, 1}})->score, 0);
    EXPECT_EQ(verify_tool_class(h, {SysEntry{false, 7}})->score, 0);
    EXPECT_EQ(verify_tool_class(h, {SysEntry{true, 0}})->score, 4);
    EXPECT_FALSE(verify_tool_class(HostNatState{}, {SysEntry{true, 0}}));
}

TEST(NatScore, HttpServerChangesAndDate) {
    HostNatState h;
    HttpNatInput apache;
    apache.to_srv = false;
    apache.app = true;
    apache.srv_port = 80;
    apache.sample.matched = MatchedIdentity{-1, 20, 50, 900, false};
    apache.sample.date = 1000;
    apache.sample.recv_time = 100;
    EXPECT_EQ(score_http_nat(h, apache, {}).score, 0);
    note_http_signature(h, apache);
    HttpNatInput other = apache;
    other.sample.matched->name_id = 21;  // another server name on the same port: 8
    other.sample.date = 1005;
    other.sample.recv_time = 105;
    NatScore s = score_http_nat(h, other, {});
    EXPECT_EQ(s.score, 8);
    EXPECT_EQ(format_nat_reasons(s.reasons), "srv_sig_lb");
    other.sample.matched->name_id = 20;
    other.sample.matched->label_id = 51;  // same name, another label: 2
    EXPECT_EQ(score_http_nat(h, other, {}).score, 2);
    other.srv_port = 8080;  // another port: no reference at all
    EXPECT_EQ(score_http_nat(h, other, {}).score, 0);
    other.srv_port = 80;
    other.sample.matched->label_id = 50;
    other.sample.date = 1100;  // Date ran 100 s in 5 s of capture time
    s = score_http_nat(h, other, {});
    EXPECT_EQ(s.score, 4);
    EXPECT_EQ(format_nat_reasons(s.reasons), "date");
    other.sample.matched.reset();  // known -> unknown server
    other.sample.date.reset();
    s = score_http_nat(h, other, {});
    EXPECT_EQ(format_nat_reasons(s.reasons), "x_known");
}

}  // namespace
}  // namespace whorl::fp::passive
