// whorl's OS fingerprint against Nmap 7.93's, host by host: for each lab persona, both
// scan the same host (-Pn -O -p OPEN,CLOSED --max-os-tries 1) and every deterministic test
// (OPS, WIN, ECN, T1-T7, U1, IE, and SEQ's TI/CI/II/SS) must be equal; SEQ's rates (SP,
// GCD, ISR, TS) come from random ISNs and clocks, so they must fall where Nmap's do.
#include <cstdlib>
#include <iostream>
#include <map>

#include <gtest/gtest.h>

#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_print_plan.hpp"
#include "report/scan_report.hpp"
#include "lab/lab.hpp"
#include "support/lab_scans.hpp"
#include "support/os_compare.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

constexpr std::uint16_t kOpen = 22, kClosed = 81;

struct NmapRun {
    fp::Fingerprint fingerprint;
    std::string xml;
};

std::optional<NmapRun> nmap_run(const lab::Lab& l, std::size_t host = 0, const std::string& ports = "22,81") {
    auto r = l.run_in_scanner({"nmap", "-n", "-Pn", "-O", "-p", ports, "--max-os-tries", "1", "-vv", "-oX", "-",
                               lab::Lab::host_v4(host).to_string()},
                              std::chrono::seconds(60));
    if (!r || r->exit_status != 0) {
        ADD_FAILURE() << "nmap failed: " << (r ? r->err : r.error().describe());
        return std::nullopt;
    }
    auto fp = fp::Fingerprint::parse(fp::extract_fingerprint_text(r->out));
    if (!fp) ADD_FAILURE() << "nmap's fingerprint: " << fp.error().describe() << "\n" << r->out;
    if (!fp) return std::nullopt;
    return NmapRun{*fp, r->out};
}

std::optional<fp::Fingerprint> nmap_fingerprint(const lab::Lab& l) {
    auto run = nmap_run(l);
    return run ? std::optional(run->fingerprint) : std::nullopt;
}

std::optional<report::OsReport> whorl_os(const lab::Lab& l, std::size_t host = 0, const std::string& ports = "22,81",
                                         const std::string& tries = "1") {
    auto report = test::scan_in_lab(l, {"-n", "-Pn", "-O", "-p", ports, "--max-os-tries", tries,
                                        lab::Lab::host_v4(host).to_string()});
    if (!report) return std::nullopt;
    if (report->hosts.size() != 1 || !report->hosts[0].os) {
        ADD_FAILURE() << "no OS result";
        return std::nullopt;
    }
    return *report->hosts[0].os;
}

std::optional<fp::Fingerprint> whorl_fingerprint(const lab::Lab& l) {
    auto os = whorl_os(l);
    return os ? std::optional(os->fingerprint) : std::nullopt;
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
    test::expect_same_fingerprint(*nmap, *whorl, GetParam());
}

// 10 % of the packets each way are dropped on the target's link: whorl's fingerprint
// (five rounds, as Nmap would run them against this never-perfect host) holds every test
// of Nmap's for the same persona without loss, and no value that differs from it: loss
// may split a test into several variants (rounds that saw different replies, merged as
// Nmap merges them) but never makes a value up. What is compared is the OS scan of a host
// whose open port was found: the SYN scan before it, like Nmap's, gives an unanswered port
// only as many tries as the answered ones needed (here one or two), so under this loss it
// misses the open port in a few per cent of runs (OT= empty, no open-port tests). Such a
// run is scanned again, up to three times, and the test says how many it took.
TEST(OsVsNmapUnderLoss, TenPercentLossGivesTheSameFingerprint) {
    WHORL_REQUIRE_ROOT();
    lab::HostSpec clean, lossy;
    clean.open_tcp = lossy.open_tcp = {kOpen};
    lossy.loss_percent = 10;
    auto l = lab::Lab::create({{clean, lossy}});
    ASSERT_TRUE(l) << l.error().describe();
    auto nmap = nmap_run(**l, 0);
    std::optional<report::OsReport> whorl;
    for (int scan = 1; scan <= 3; ++scan) {
        whorl = whorl_os(**l, 1, "22,81", "5");
        if (!whorl || (whorl->fingerprint.scan && whorl->fingerprint.scan->open_tcp_port == kOpen)) break;
        std::cerr << "scan " << scan << " under loss did not find port " << kOpen << " open; scanning again\n";
    }
    ASSERT_TRUE(nmap && whorl);
    test::expect_consistent_under_loss(nmap->fingerprint, whorl->fingerprint, "linux, 10% loss");
}

// Without a closed port, or without an open one, Nmap leaves the same tests out and warns
// that the result may be unreliable; so must whorl.
TEST(OsVsNmapMissingPorts, NoClosedPortAndNoOpenPort) {
    WHORL_REQUIRE_ROOT();
    lab::HostSpec open_only, closed_only;
    open_only.open_tcp = {kOpen};
    auto l = lab::Lab::create({{open_only, closed_only}});
    ASSERT_TRUE(l) << l.error().describe();
    for (std::size_t host : {0u, 1u}) {
        SCOPED_TRACE(host == 0 ? "only an open port" : "only a closed port");
        std::string ports = host == 0 ? "22" : "22,81";
        auto nmap = nmap_run(**l, host, ports);
        auto whorl = whorl_os(**l, host, ports);
        ASSERT_TRUE(nmap && whorl);
        std::vector<std::string> a, b;
        for (const auto& t : nmap->fingerprint.tests()) a.push_back(t.name + (t.find("R") && *t.find("R") == "N" ? "(R=N)" : ""));
        for (const auto& t : whorl->fingerprint.tests()) b.push_back(t.name + (t.find("R") && *t.find("R") == "N" ? "(R=N)" : ""));
        EXPECT_EQ(a, b);
        EXPECT_TRUE(whorl->plan.unreliable_warning || whorl->plan.verdict == fp::match::OsVerdict::too_many);
        EXPECT_FALSE(whorl->fingerprint.scan->good);  // G=N: the fingerprint is not ideal
        EXPECT_NE(nmap->xml.find("G=N"), std::string::npos);
        // The same matches as Nmap for whorl's own print and Nmap's.
        EXPECT_EQ(whorl->plan.verdict == fp::match::OsVerdict::too_many, nmap->xml.find("<osmatch") == std::string::npos);
    }
}

INSTANTIATE_TEST_SUITE_P(Personas, OsVsNmap, ::testing::ValuesIn(test::kComparedPersonas), test::persona_test_name);

}  // namespace
}  // namespace whorl
