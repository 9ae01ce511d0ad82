// Agreement of whorl's writers with Nmap 7.93 itself. Every tests/fixtures/nmap-scan/<case>/
// holds what `nmap -Pn -O ... -oN -oX -oG` wrote about lab hosts
// (tools/gen-nmap-scan-fixtures.sh). The test rebuilds the ScanReport from nmap.xml
// (nmap_scan_xml.hpp) and requires:
//   - normal output (-oN file and stdout) equal to Nmap's line for line;
//   - grepable output equal to Nmap's line for line;
//   - XML equal to Nmap's line for line, without the live task/hosthint events;
//   - XML valid against the installed nmap.dtd (scanner="nmap") and against the same DTD
//     with only the scanner enumeration widened (scanner="whorl"); ndiff finding no
//     difference from Nmap's XML (hosts, ports, OS); python3-libnmap reading the same
//     hosts, ports and OS matches from both files; xsltproc rendering it with nmap.xsl;
//   - JSON output valid against docs/whorl-scan.schema.json.
// Normalised before comparing, and only this: Nmap's name, version and URL in the lines
// that carry the scanner's identity (Starting, scan report for, done, scan initiated, the
// XML comment, version attribute and runstats summary); and the scan engine's live
// progress, which the scan driver prints while it runs, not the report writers (stdout's
// Initiating/Scanning/Completed/Discovered lines, XML's taskbegin/taskend/hosthint). Dates,
// elapsed seconds and latencies are compared exactly: the report carries Nmap's values
// and the test runs in TZ=UTC like the generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "base/text.hpp"
#include "support/external_tools.hpp"
#include "fp/db/os_db.hpp"
#include "nmap_scan_xml.hpp"
#include "report/grepable_output.hpp"
#include "report/json_output.hpp"
#include "report/normal_output.hpp"
#include "report/report_format.hpp"
#include "report/xml_output.hpp"
#include "scan/services.hpp"
#include "support/fixtures.hpp"

namespace whorl::report {
namespace {

constexpr std::string_view kVersion = "0.0.0-test";

std::vector<std::string> case_dirs() {
    std::vector<std::string> dirs;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(whorl::test::fixture_path("nmap-scan"), ec))
        if (e.is_directory()) dirs.push_back(e.path().filename().string());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
}

// Nmap's identity -> whorl's, in the lines that print it.
std::string as_whorl(std::string text) {
    replace_all(text, "Starting Nmap 7.93 ( https://nmap.org ) at",
                fmt::format("Starting whorl {} ( {} ) at", kVersion, kScannerTagline));
    replace_all(text, "# Nmap 7.93 scan initiated", fmt::format("# whorl {} scan initiated", kVersion));
    replace_all(text, "Nmap scan report for", "whorl scan report for");
    replace_all(text, "# Nmap done at", "# whorl done at");
    replace_all(text, "\nNmap done:", "\nwhorl done:");
    return text;
}

// stdout without the scan engine's live progress lines.
std::string without_progress(const std::string& text) {
    std::string out;
    for (auto l : split(text, '\n')) {
        if (l.starts_with("Initiating ") || l.starts_with("Scanning ") || l.starts_with("Completed ") ||
            l.starts_with("Discovered open port "))
            continue;
        out += std::string(l) + '\n';
    }
    out.pop_back();  // split() saw the final newline as one more, empty, line
    return out;
}

void expect_same_lines(const std::string& expected, const std::string& actual, const std::string& what) {
    auto e = split(expected, '\n');
    auto a = split(actual, '\n');
    for (std::size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
        std::string_view el = i < e.size() ? e[i] : "<missing>";
        std::string_view al = i < a.size() ? a[i] : "<missing>";
        if (el != al) {
            ADD_FAILURE() << what << ": line " << i + 1 << " differs\n  nmap:  [" << el << "]\n  whorl: [" << al
                          << "]\n--- whorl's output ---\n"
                          << actual;
            return;
        }
    }
}

class NmapScanCase : public ::testing::TestWithParam<std::string> {
protected:
    static void SetUpTestSuite() {
        setenv("TZ", "UTC", 1);
        tzset();
        auto d = fp::db::OsDb::load_installed();
        auto s = scan::ServicesDb::load();
        if (d) db_ = new fp::db::OsDb(std::move(*d));
        if (s) services_ = new scan::ServicesDb(std::move(*s));
    }
    static void TearDownTestSuite() {
        delete db_;
        delete services_;
        db_ = nullptr;
        services_ = nullptr;
    }

    void SetUp() override {
        if (!db_ || !services_) GTEST_SKIP() << "nmap-os-db or nmap-services not installed";
        dir_ = "nmap-scan/" + GetParam() + "/";
        nmap_xml_ = whorl::test::read_fixture(dir_ + "nmap.xml");
        scan_ = test::scan_from_nmap_xml(nmap_xml_, *db_, *services_);
        scan_.report.scanner_version = std::string(kVersion);
        scan_.report.data_dir = "/usr/bin/../share/nmap";  // where this Nmap read its files
        scan_.report.packets = test::packet_counts_from_stdout(whorl::test::read_fixture(dir_ + "stdout.txt"));
    }

    static inline fp::db::OsDb* db_ = nullptr;
    static inline scan::ServicesDb* services_ = nullptr;
    std::string dir_, nmap_xml_;
    test::NmapScan scan_;
};

// Nmap's XML without the scan engine's live events (<taskbegin>, <taskend>,
// <taskprogress>, <hosthint>), which the driver writes while it runs, and with whorl's
// identity in the comment, the version attribute and the runstats summary.
std::string nmap_xml_as_whorl(const std::string& xml) {
    std::string out;
    bool in_hint = false;
    for (auto l : split(xml, '\n')) {
        if (l.starts_with("<hosthint>")) in_hint = true;
        bool skip = in_hint || l.starts_with("<taskbegin ") || l.starts_with("<taskend ") ||
                    l.starts_with("<taskprogress ");
        if (l.starts_with("</hosthint>")) in_hint = false;
        if (!skip) out += std::string(l) + '\n';
    }
    out.pop_back();
    replace_all(out, "<!-- Nmap 7.93 scan initiated", fmt::format("<!-- whorl {} scan initiated", kVersion));
    replace_all(out, "version=\"7.93\" xmloutputversion", fmt::format("version=\"{}\" xmloutputversion", kVersion));
    replace_all(out, "summary=\"Nmap done at", "summary=\"whorl done at");
    return out;
}

std::string python() { return test::kSystemPython; }

// What python3-libnmap reads from a file: hosts, ports, extraports, services with
// reasons, OS matches with classes and CPEs, the fingerprint.
constexpr const char* kLibnmapSummary = R"(import sys
from libnmap.parser import NmapParser
r = NmapParser.parse_fromfile(sys.argv[1])
print(r.hosts_total, r.hosts_up, r.hosts_down)
for h in r.hosts:
    print(h.address, h.status, h.mac, sorted((p, s) for p, s in h.get_ports()), h.extraports_state, h.extraports_reasons)
    for s in h.services:
        print(' ', s.port, s.protocol, s.state, s.service, s.reason, s.reason_ttl)
    for m in h.os_match_probabilities():
        print(' ', m.name, m.accuracy, [(c.vendor, c.osfamily, c.osgen, c.type, c.cpelist and [x.cpestring for x in c.cpelist]) for c in m.osclasses])
    print(' ', h.os_fingerprinted, h.os_fingerprint.replace('\n', '|'))
)";

// Every output format, line for line.
TEST_P(NmapScanCase, OutputsEqualNmaps) {
    expect_same_lines(as_whorl(whorl::test::read_fixture(dir_ + "nmap.nmap")),
                      normal_output(scan_.report, scan_.options, NormalDestination::file), "-oN");
    expect_same_lines(as_whorl(without_progress(whorl::test::read_fixture(dir_ + "stdout.txt"))),
                      normal_output(scan_.report, scan_.options, NormalDestination::terminal), "stdout");
    expect_same_lines(as_whorl(whorl::test::read_fixture(dir_ + "nmap.gnmap")),
                      grepable_output(scan_.report, scan_.options), "-oG");
    OutputOptions o = scan_.options;
    o.xml_scanner_name = "nmap";
    o.xml_stylesheet = "file:///usr/bin/../share/nmap/nmap.xsl";  // where this Nmap has it
    expect_same_lines(nmap_xml_as_whorl(nmap_xml_), xml_output(scan_.report, o), "-oX");
}

// The tools of Nmap's world accept whorl's XML: xmllint with nmap.dtd, ndiff, libnmap,
// xsltproc with nmap.xsl.
TEST_P(NmapScanCase, XmlToolsAcceptIt) {
    if (!test::tool_works("xmllint --version && command -v ndiff && xsltproc --version") ||
        !test::tool_works(python() + " -c 'import libnmap'") || !std::filesystem::exists(test::kNmapXsl))
        GTEST_SKIP() << "xmllint, ndiff, xsltproc, nmap.xsl or python3-libnmap not installed";
    test::ScratchDir dir;
    OutputOptions as_nmap = scan_.options;
    as_nmap.xml_scanner_name = "nmap";
    std::string nmap_named = dir.write("nmap-named.xml", xml_output(scan_.report, as_nmap));
    std::string ours = dir.write("whorl.xml", xml_output(scan_.report, scan_.options));
    std::string theirs = whorl::test::fixture_path(dir_ + "nmap.xml");
    auto q = test::shell_quote;

    auto valid = [&q](const std::string& file, const std::string& dtd) {
        return test::run_command("xmllint --noout --dtdvalid " + q(dtd) + " " + q(file));
    };
    auto r = valid(nmap_named, test::kNmapDtd);
    EXPECT_EQ(r.status, 0) << "scanner=\"nmap\" against the stock nmap.dtd:\n" << r.output;
    std::string widened = test::widened_nmap_dtd(dir);
    ASSERT_FALSE(widened.empty()) << "could not derive the widened DTD from " << test::kNmapDtd;
    r = valid(ours, widened);
    EXPECT_EQ(r.status, 0) << "scanner=\"whorl\" against nmap.dtd with (nmap|whorl):\n" << r.output;
    r = valid(ours, test::kNmapDtd);  // the conflict docs/decisions/0008 is about
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.output.find("Value \"whorl\" for attribute scanner of nmaprun"), std::string::npos) << r.output;

    r = test::run_command("ndiff " + q(theirs) + " " + q(ours));
    EXPECT_EQ(r.status, 0) << "ndiff nmap.xml whorl.xml:\n" << r.output;
    // Verbose ndiff lists every host: make sure it read them.
    r = test::run_command("ndiff -v " + q(theirs) + " " + q(ours));
    for (const auto& h : scan_.report.hosts) {
        if (h.up || scan_.options.verbose) {
            EXPECT_NE(r.output.find(address_text(h)), std::string::npos) << r.output;
        }
    }

    std::string script = dir.write("summary.py", kLibnmapSummary);
    auto theirs_seen = test::run_command(python() + " " + q(script) + " " + q(theirs));
    auto ours_seen = test::run_command(python() + " " + q(script) + " " + q(ours));
    ASSERT_EQ(theirs_seen.status, 0) << theirs_seen.output;
    ASSERT_EQ(ours_seen.status, 0) << ours_seen.output;
    expect_same_lines(theirs_seen.output, ours_seen.output, "libnmap's view");

    r = test::run_command("xsltproc " + q(test::kNmapXsl) + " " + q(ours));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("<html"), std::string::npos);
    for (const auto& h : scan_.report.hosts) {
        if (h.up) {
            EXPECT_NE(r.output.find(address_text(h)), std::string::npos);
        }
    }
}

TEST_P(NmapScanCase, JsonValidatesAgainstTheSchema) {
    if (!test::tool_works(python() + " -c 'import jsonschema'")) GTEST_SKIP() << "python3-jsonschema not installed";
    test::ScratchDir dir;
    std::string doc = dir.write("whorl.json", json_output(scan_.report, scan_.options));
    std::string schema = std::string(WHORL_SOURCE_DIR) + "/docs/whorl-scan.schema.json";
    auto r = test::run_command(python() +
                               " -c 'import json, sys, jsonschema\n"
                               "schema = json.load(open(sys.argv[2]))\n"
                               "jsonschema.Draft202012Validator.check_schema(schema)\n"
                               "jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[1])))' " +
                               test::shell_quote(doc) + " " + test::shell_quote(schema));
    EXPECT_EQ(r.status, 0) << r.output;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, NmapScanCase, ::testing::ValuesIn(case_dirs()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             std::string name = param.param;
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

}  // namespace
}  // namespace whorl::report
