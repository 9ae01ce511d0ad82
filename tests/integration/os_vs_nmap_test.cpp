// whorl's OS fingerprint against Nmap 7.93's, host by host: for each lab persona, both
// scan the same host (-Pn -O -p OPEN,CLOSED --max-os-tries 1) and every deterministic test
// (OPS, WIN, ECN, T1-T7, U1, IE, and SEQ's TI/CI/II/SS) must be equal; SEQ's rates (SP,
// GCD, ISR, TS) come from random ISNs and clocks, so they must fall where Nmap's do.
#include <cstdlib>
#include <map>

#include <gtest/gtest.h>

#include "cli/scan_options.hpp"
#include "cli/scan_session.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "lab/lab.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

constexpr std::uint16_t kOpen = 22, kClosed = 81;

std::optional<fp::Fingerprint> nmap_fingerprint(const lab::Lab& l) {
    auto r = l.run_in_scanner({"nmap", "-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1", "-vv", "-oX", "-",
                               lab::Lab::host_v4(0).to_string()},
                              std::chrono::seconds(60));
    if (!r || r->exit_status != 0) {
        ADD_FAILURE() << "nmap failed: " << (r ? r->err : r.error().describe());
        return std::nullopt;
    }
    auto fp = fp::Fingerprint::parse(fp::extract_fingerprint_text(r->out));
    if (!fp) ADD_FAILURE() << "nmap's fingerprint: " << fp.error().describe() << "\n" << r->out;
    return fp ? std::optional(*fp) : std::nullopt;
}

std::optional<fp::Fingerprint> whorl_fingerprint(const lab::Lab& l) {
    auto guard = l.enter_scanner();
    if (!guard) return std::nullopt;
    std::vector<std::string> args{"-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1", lab::Lab::host_v4(0).to_string()};
    auto cl = cli::parse_scan_command_line(args);
    EXPECT_TRUE(cl);
    Logger quiet(LogLevel::quiet);
    auto report = cli::run_scan_session(cl->config, quiet, {});
    if (!report) {
        ADD_FAILURE() << report.error().describe();
        return std::nullopt;
    }
    if (report->hosts.size() != 1 || !report->hosts[0].os) {
        ADD_FAILURE() << "no OS result";
        return std::nullopt;
    }
    return report->hosts[0].os->fingerprint;
}

long hex(const std::string* v) { return v ? std::strtol(v->c_str(), nullptr, 16) : -1; }

void expect_same_fingerprint(const fp::Fingerprint& nmap, const fp::Fingerprint& whorl, const std::string& persona) {
    SCOPED_TRACE(persona + "\nnmap:  " + nmap.text(fp::FingerprintLayout::unwrapped) +
                 "\nwhorl: " + whorl.text(fp::FingerprintLayout::unwrapped));
    for (const char* name : {"OPS", "WIN", "ECN", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "U1", "IE"}) {
        const fp::Test* a = nmap.find(name);
        const fp::Test* b = whorl.find(name);
        ASSERT_EQ(a != nullptr, b != nullptr) << name;
        if (a) {
            EXPECT_EQ(a->text(), b->text()) << name;
        }
    }
    const fp::Test* a = nmap.find("SEQ");
    const fp::Test* b = whorl.find("SEQ");
    ASSERT_EQ(a != nullptr, b != nullptr);
    if (!a) return;
    for (const char* attr : {"TI", "CI", "II", "SS"}) {
        const std::string* x = a->find(attr);
        const std::string* y = b->find(attr);
        EXPECT_EQ(x ? *x : "-", y ? *y : "-") << "SEQ." << attr;
    }
    for (const char* attr : {"SP", "GCD", "ISR", "TS"}) EXPECT_EQ(a->find(attr) != nullptr, b->find(attr) != nullptr) << attr;
    if (a->find("SP")) {
        // Random ISNs: one sample of 6 spreads about as wide as nmap-os-db's ranges for one
        // OS (e.g. Linux's SP=FC-106, ISR=10A-114).
        EXPECT_LE(std::abs(hex(a->find("SP")) - hex(b->find("SP"))), 0x28) << "SEQ.SP";
        EXPECT_LE(std::abs(hex(a->find("ISR")) - hex(b->find("ISR"))), 0x10) << "SEQ.ISR";
        long g1 = hex(a->find("GCD")), g2 = hex(b->find("GCD"));
        EXPECT_TRUE(g1 == g2 || (g1 <= 9 && g2 <= 9)) << "SEQ.GCD " << g1 << " " << g2;
    }
    if (const std::string* t = a->find("TS")) {
        long t1 = hex(t), t2 = hex(b->find("TS"));
        // Random per-connection offsets (Linux >= 4.10) give a random rate, 0x1E-0x22.
        bool random_clock = t1 >= 0x14 && t2 >= 0x14 && std::abs(t1 - t2) <= 4;
        EXPECT_TRUE(*t == *b->find("TS") || random_clock) << "SEQ.TS " << *t << " " << *b->find("TS");
    }
}

class OsVsNmap : public ::testing::TestWithParam<const char*> {};

TEST_P(OsVsNmap, SameFingerprintAsNmap) {
    WHORL_REQUIRE_ROOT();
    lab::HostSpec host;
    host.persona = *lab::find_persona(GetParam());
    host.open_tcp = {kOpen};
    auto l = lab::Lab::create({{host}});
    ASSERT_TRUE(l) << l.error().describe();
    auto nmap = nmap_fingerprint(**l);
    auto whorl = whorl_fingerprint(**l);
    ASSERT_TRUE(nmap && whorl);
    expect_same_fingerprint(*nmap, *whorl, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Personas, OsVsNmap,
                         ::testing::Values("linux", "ttl128", "ttl255", "no-timestamps", "ts-no-offset", "no-sack",
                                           "no-wscale", "ecn", "small-rcvbuf", "mtu1400", "bare"),
                         [](const auto& param_info) {
                             std::string n = param_info.param;
                             for (auto& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });

}  // namespace
}  // namespace whorl
