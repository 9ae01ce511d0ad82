// whorl's OS fingerprint against Nmap 7.95's, host by host, following 7.95 (--nmap-compat
// 7.95, Debian 13's data files). Nmap 7.95 is not installed here: its prints of the lab
// personas were recorded (tests/fixtures/nmap-os-7.95-lab/<persona>.xml, nmap -n -Pn -O -p
// 22,81 --max-os-tries 1 -vv -oX -) by running this test with WHORL_RECORD_NMAP795 set to
// the binary that tools/nmap-oracle.sh build makes. Every deterministic test (OPS, WIN,
// ECN, T1-T7, U1, IE, and SEQ's TI/CI/II/SS) must equal the recording; SEQ's rates (SP,
// GCD, ISR, TS) come from random ISNs, so against one recorded draw only their presence is
// compared (os_vs_nmap_test.cpp compares them live against Nmap 7.93). And whorl matching Nmap's recorded print
// against 7.95's database gives the osmatch list Nmap reported.
#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "base/text.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "lab/lab.hpp"
#include "report/scan_report.hpp"
#include "support/fixtures.hpp"
#include "support/nmap_795.hpp"
#include "support/lab_scans.hpp"
#include "support/os_compare.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

constexpr std::uint16_t kOpenPort795 = 22;

std::string recording_path(const std::string& persona) {
    return test::fixture_path("nmap-os-7.95-lab/" + persona + ".xml");
}

// Nmap 7.95's XML for this persona: recorded now (WHORL_RECORD_NMAP795) or read back.
std::optional<std::string> nmap795_xml(const lab::Lab& l, const std::string& persona, const std::string& datadir) {
    if (const char* bin = std::getenv("WHORL_RECORD_NMAP795"); bin && *bin) {
        auto r = l.run_in_scanner({bin, "--datadir", datadir, "-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1",
                                   "-vv", "-oX", "-", lab::Lab::host_v4(0).to_string()},
                                  std::chrono::seconds(90));
        if (!r || r->exit_status != 0) {
            ADD_FAILURE() << "nmap 7.95 failed: " << (r ? r->err : r.error().describe());
            return std::nullopt;
        }
        std::ofstream(recording_path(persona)) << r->out;
        return r->out;
    }
    auto text = read_file(recording_path(persona));
    if (!text) {
        ADD_FAILURE() << text.error().describe();
        return std::nullopt;
    }
    return *text;
}

class OsVsNmap795 : public ::testing::TestWithParam<const char*> {};

TEST_P(OsVsNmap795, SameFingerprintAndMatchesAsNmap795) {
    WHORL_REQUIRE_ROOT();
    WHORL_REQUIRE_NMAP_795(datadir);
    lab::HostSpec host;
    host.persona = *lab::find_persona(GetParam());
    host.open_tcp = {kOpenPort795};
    auto l = lab::Lab::create({{host}});
    ASSERT_TRUE(l) << l.error().describe();
    auto xml = nmap795_xml(**l, GetParam(), datadir);
    ASSERT_TRUE(xml);
    auto nmap = fp::Fingerprint::parse(fp::extract_fingerprint_text(*xml));
    ASSERT_TRUE(nmap) << nmap.error().describe();
    ASSERT_TRUE(nmap->scan && nmap->scan->version == "7.95") << "not a 7.95 recording";

    auto report = test::scan_in_lab(**l, {"-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1", "--datadir", datadir,
                                          "--nmap-compat", "7.95", lab::Lab::host_v4(0).to_string()});
    ASSERT_TRUE(report);
    ASSERT_EQ(report->hosts.size(), 1u);
    ASSERT_TRUE(report->hosts[0].os);
    const auto& whorl = report->hosts[0].os->fingerprint;
    ASSERT_TRUE(whorl.scan);
    EXPECT_EQ(whorl.scan->version, "7.95");
    test::expect_same_fingerprint(*nmap, whorl, GetParam(), false);

    // Nmap's own print, matched by whorl against 7.95's database: Nmap's osmatch list.
    auto db = fp::db::OsDb::load(datadir + "/nmap-os-db");
    ASSERT_TRUE(db);
    fp::match::OsMatcher matcher(*db);
    auto result = matcher.match(*nmap);
    auto plan = fp::match::plan_os_output(*db, result, fp::match::classify(*db, result), {2, 0, false},
                                          fp::match::conditions_from_scan_line(*nmap->scan));
    std::vector<std::string> ours, theirs;
    for (const auto& m : plan.xml_matches)
        ours.push_back(fmt::format("{} {} {}", db->prints()[m.print].name, fp::match::accuracy_percent(m.accuracy),
                                   db->prints()[m.print].line));
    for (auto p = xml->find("<osmatch "); p != std::string::npos; p = xml->find("<osmatch ", p + 1)) {
        std::string_view tag = std::string_view(*xml).substr(p, xml->find('>', p) - p);
        auto attr = [&](std::string_view name) {
            auto a = tag.find(" " + std::string(name) + "=\"");
            auto start = a + name.size() + 3;
            return std::string(tag.substr(start, tag.find('"', start) - start));
        };
        std::string name = attr("name");
        for (std::size_t q; (q = name.find("&amp;")) != std::string::npos;) name.replace(q, 5, "&");
        theirs.push_back(fmt::format("{} {} {}", name, attr("accuracy"), attr("line")));
    }
    EXPECT_EQ(ours, theirs);
}

INSTANTIATE_TEST_SUITE_P(Personas, OsVsNmap795, ::testing::ValuesIn(test::kComparedPersonas), test::persona_test_name);

}  // namespace
}  // namespace whorl
