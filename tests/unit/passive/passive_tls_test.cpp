// TLS hellos in the passive pipeline, on a lab capture of six real clients
// (tests/fixtures/pcap/tls/clients.pcap): one "tls client hello" and one "tls server hello"
// per connection with the client's JA4, nothing with --p0f-exact, and p0f's own
// observations exactly the same with TLS on and off (a connection kept for TLS alone feeds
// nothing p0f reports).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "passive/passive_pipeline.hpp"
#include "support/lab_capture.hpp"
#include "support/p0f_fixture.hpp"

namespace whorl::fp::passive {
namespace {

class TlsRecorder final : public ObservationSink {
public:
    void observe(const Observation& o) override {
        std::string line = std::string(observation_name(o.kind)) + " " + std::to_string(o.client_port);
        if (const auto* t = std::get_if<TlsDetail>(&o.detail)) {
            if (t->client) line += " ja4=" + std::string(t->ja4) + " sni=" + t->client->server_name;
            if (t->server) line += " version=" + std::to_string(t->server->version());
        }
        (std::holds_alternative<TlsDetail>(o.detail) ? tls : p0f).push_back(line);
    }
    std::vector<std::string> p0f, tls;
};

TlsRecorder run_tls_capture(const PassiveConfig& config) {
    TlsRecorder rec;
    PassivePipeline pipeline(test::shipped_p0f(), config, rec);
    for (const auto& f : test::read_pcap("pcap/tls/clients.pcap"))
        pipeline.process(wire::LinkType::ethernet, f.time_us, f.data, static_cast<std::uint32_t>(f.data.size()));
    return rec;
}

TEST(PassiveTls, EveryConnectionsHellos) {
    TlsRecorder rec = run_tls_capture(PassiveConfig{});
    std::size_t clients = 0, servers = 0;
    std::map<std::string, int> ja4s;
    for (const auto& l : rec.tls) {
        if (l.starts_with("tls client hello")) {
            ++clients;
            ++ja4s[l.substr(l.find("ja4="), 40)];
        }
        if (l.starts_with("tls server hello")) {
            ++servers;
            EXPECT_NE(l.find("version=772"), std::string::npos) << l;  // TLS 1.3
        }
    }
    EXPECT_EQ(clients, 6u);
    EXPECT_EQ(servers, 6u);
    EXPECT_EQ(ja4s.size(), 6u);
    // openssl s_client was given -servername; curl only the address (its JA4 as the lab
    // test printed it: no SNI, "i").
    auto has = [&](const std::string& text) {
        return std::any_of(rec.tls.begin(), rec.tls.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(has("sni=lab.example"));
    EXPECT_TRUE(has("ja4=t13i3111h2_e8f1e7e78f70_b26ce05bbdd6 sni="));
}

TEST(PassiveTls, P0fsObservationsAreTheSameWithTlsOnAndOff) {
    PassiveConfig off;
    off.tls = false;
    TlsRecorder with = run_tls_capture(PassiveConfig{}), without = run_tls_capture(off);
    EXPECT_EQ(with.p0f, without.p0f);
    EXPECT_FALSE(with.p0f.empty());
    EXPECT_TRUE(without.tls.empty());
    PassiveConfig exact;
    exact.p0f_exact = true;
    EXPECT_TRUE(run_tls_capture(exact).tls.empty());
}

}  // namespace
}  // namespace whorl::fp::passive
