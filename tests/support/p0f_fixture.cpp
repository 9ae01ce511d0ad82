// Fixture readers for the crafted p0f captures; see p0f_fixture.hpp.
#include "support/p0f_fixture.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "base/hex.hpp"
#include "base/text.hpp"
#include "support/fixtures.hpp"

namespace whorl::fp::passive::test {

std::string FixturePacket::get(const std::string& k) const {
    auto it = f.find(k);
    return it == f.end() ? std::string() : it->second;
}

std::uint64_t FixturePacket::num(const std::string& k) const {
    auto v = parse_uint(get(k));
    EXPECT_TRUE(v.has_value()) << "field " << k;
    return v.value_or(0);
}

std::vector<std::byte> FixturePacket::hex(const std::string& k) const {
    std::string v = get(k);
    if (v == "-") return {};
    auto bytes = parse_hex(v);
    EXPECT_TRUE(bytes.has_value()) << "field " << k;
    return bytes.value_or(std::vector<std::byte>{});
}

std::uint64_t FixturePacket::time_ms() const {
    // "1700000000.123456" -> seconds * 1000 + microseconds / 1000, as p0f does.
    std::string t = get("time");
    auto dot = t.find('.');
    std::uint64_t sec = std::stoull(t.substr(0, dot));
    std::uint64_t usec = std::stoull(t.substr(dot + 1));
    return sec * 1000 + usec / 1000;
}

std::uint16_t LogLine::cli_port() const {
    const std::string& c = f.at("cli");
    return static_cast<std::uint16_t>(std::stoul(c.substr(c.rfind('/') + 1)));
}

std::vector<FixturePacket> read_fields(const std::string& name) {
    std::vector<FixturePacket> out;
    std::istringstream in(whorl::test::read_fixture("pcap/p0f/" + name + ".fields"));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        FixturePacket p;
        std::istringstream words(line);
        for (std::string w; words >> w;) {
            auto eq = w.find('=');
            p.f[w.substr(0, eq)] = w.substr(eq + 1);
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<LogLine> read_log(const std::string& name) {
    std::vector<LogLine> out;
    std::istringstream in(whorl::test::read_fixture("pcap/p0f/" + name + ".log"));
    for (std::string line; std::getline(in, line);) {
        auto start = line.find("] ");
        if (start == std::string::npos) continue;
        LogLine l;
        if (auto subj = line.find("|subj="); subj != std::string::npos) {
            auto bar = line.find('|', subj + 1);
            if (bar != std::string::npos) l.tail = line.substr(bar + 1);
        }
        bool after_subj = false;
        for (std::string_view kv : split(std::string_view(line).substr(start + 2), '|')) {
            auto eq = kv.find('=');
            std::string k(kv.substr(0, eq)), v(kv.substr(eq + 1));
            if (k == "mod") l.mod = v;
            l.f[k] = v;
            if (after_subj) l.ordered.emplace_back(k, v);
            if (k == "subj") after_subj = true;
        }
        out.push_back(std::move(l));
    }
    return out;
}

TcpSignatureInput tcp_input(const FixturePacket& p, std::uint16_t peer_syn_mss, AckQuirkRule rule) {
    TcpHeaderFields h;
    h.ip_version = static_cast<std::uint8_t>(p.num("ver"));
    h.traffic_class = static_cast<std::uint8_t>(p.num("tos"));
    const auto ipflags = p.num("flags");  // scapy: MF=1, DF=2, evil=4
    h.df = ipflags & 2;
    h.mbz = ipflags & 4;
    h.ip_id = static_cast<std::uint16_t>(p.num("id"));
    h.flow_label = static_cast<std::uint32_t>(p.num("flow"));
    const auto flags = p.num("tcpflags");  // scapy: 9 bits, NS = 0x100
    h.tcp_flags = static_cast<std::uint8_t>(flags & 0xFF);
    h.tcp_ns = flags & 0x100;
    h.seq = static_cast<std::uint32_t>(p.num("seq"));
    h.ack = static_cast<std::uint32_t>(p.num("ack"));
    h.urg_ptr = static_cast<std::uint16_t>(p.num("urg"));
    auto opt_bytes = p.hex("opts");
    TcpOptions opts = parse_tcp_options(opt_bytes);
    const auto ip_hdr = h.ip_version == 4 ? p.num("ihl") * 4 : 40;
    const auto header_len = static_cast<std::uint16_t>(ip_hdr + p.num("doff") * 4);
    return make_tcp_input(h, opts, static_cast<std::uint8_t>(p.num("ttl")),
                          static_cast<std::uint8_t>(h.ip_version == 4 ? ip_hdr - 20 : 0),
                          static_cast<std::uint16_t>(p.num("win")), header_len,
                          p.get("payload") != "-", peer_syn_mss, rule);
}

const P0fDatabase& shipped_p0f() {
    static const P0fDatabase db = [] {
        auto r = P0fDatabase::load_default();
        if (!r) ADD_FAILURE() << r.error().describe();
        return r ? std::move(*r) : P0fDatabase{};
    }();
    return db;
}

}  // namespace whorl::fp::passive::test
