// The whorl binary's report files from a real scan of a lab host, judged against Nmap
// 7.93's files from the same host and by the tools of Nmap's world: -oA and -oJ written
// together, XML valid against nmap.dtd and equal for ndiff, grepable and normal port lines
// equal to Nmap's, JSON valid against whorl's schema; --append-output; an unwritable file.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "lab/process.hpp"
#include "support/fixtures.hpp"
#include "support/external_tools.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

namespace tools = report::test;

const std::string kWhorlBinary = std::string(WHORL_BINARY_DIR) + "/whorl";

// The lines of `text` that start with `prefix`, each from `prefix` on.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        if (auto at = l.find(needle); at != std::string::npos) out.push_back(l.substr(at));
    return out;
}

// The normal output's port table: from the PORT header to the line before "MAC Address".
std::vector<std::string> port_table(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    bool inside = false;
    for (std::string l; std::getline(in, l);) {
        if (l.rfind("PORT ", 0) == 0) inside = true;
        if (l.rfind("MAC Address", 0) == 0 || l.empty()) inside = false;
        if (inside || l.rfind("Not shown:", 0) == 0) out.push_back(l);
    }
    return out;
}

// What each line of a normal report is, by its start ("port" for the table's rows);
// fingerprint lines, blank lines and anything unknown are left out.
std::vector<std::string> report_shape(const std::string& text) {
    static const std::vector<std::pair<std::string, std::string>> kinds = {
        {"Starting ", "starting"},       {"Host is up", "host is up"},     {"Not shown:", "not shown"},
        {"All ", "all filtered"},        {"PORT ", "port header"},          {"MAC Address:", "mac"},
        {"Device type:", "device type"}, {"Running", "running"},            {"OS CPE:", "os cpe"},
        {"OS details:", "os details"},   {"Aggressive OS guesses:", "guesses"},
        {"No exact OS matches", "no exact"}, {"Too many fingerprints", "too many"},
        {"TCP/IP fingerprint:", "fingerprint"}, {"Network Distance:", "distance"},
        {"OS detection performed.", "os performed"}, {"Warning: OSScan results may be unreliable", "unreliable"}};
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        std::string kind;
        if (l.find(" scan report for ") != std::string::npos) kind = "report for";
        else if (l.find(" done: ") != std::string::npos) kind = "done";
        else if (!l.empty() && std::isdigit(static_cast<unsigned char>(l[0])) && l.find("/tcp") != std::string::npos)
            kind = "port";
        for (const auto& [prefix, name] : kinds)
            if (kind.empty() && l.rfind(prefix, 0) == 0) kind = name;
        if (!kind.empty() && (out.empty() || out.back() != kind || kind != "port")) out.push_back(kind);
    }
    return out;
}

class OutputsVsNmap : public ::testing::Test {
protected:
    void SetUp() override {
        WHORL_REQUIRE_ROOT();
        lab::HostSpec h;
        h.open_tcp = {22, 80};
        h.filtered_tcp = {25, 139};
        auto l = lab::Lab::create({{h}});
        ASSERT_TRUE(l) << l.error().describe();
        lab_ = std::move(*l);
        host_ = lab::Lab::host_v4(0).to_string();
    }
    std::unique_ptr<lab::Lab> lab_;
    std::string host_;
    tools::ScratchDir dir_;
};

TEST_F(OutputsVsNmap, EveryFileOfOneRunAgreesWithNmapsAndItsTools) {
    const std::string ports = "21-25,80,139,443";
    auto nmap = lab_->run_in_scanner({"nmap", "-n", "-Pn", "-p", ports, "-oA", dir_.path() + "/nmap", host_});
    ASSERT_TRUE(nmap && nmap->exit_status == 0) << (nmap ? nmap->err : nmap.error().describe());
    auto whorl = lab_->run_in_scanner({kWhorlBinary, "-n", "-Pn", "-p", ports, "-oA", dir_.path() + "/whorl", "-oJ",
                                       dir_.path() + "/whorl.json", "--xml-scanner-name", "nmap", host_});
    ASSERT_TRUE(whorl) << whorl.error().describe();
    ASSERT_EQ(whorl->exit_status, 0) << whorl->err;
    const std::string base = dir_.path() + "/";

    // Standard output and -oN carry the same report; its port table is Nmap's.
    std::string normal = ::whorl::test::file_text(base + "whorl.nmap");
    EXPECT_EQ(port_table(normal), port_table(::whorl::test::file_text(base + "nmap.nmap")));
    EXPECT_EQ(port_table(whorl->out), port_table(normal));
    EXPECT_EQ(normal.rfind("# whorl 0.1.0 scan initiated ", 0), 0u) << normal;
    EXPECT_EQ(lines_with(normal, "# whorl done at").size(), 1u) << normal;

    // Grepable: the Ports line is Nmap's, field for field.
    auto ours = lines_with(::whorl::test::file_text(base + "whorl.gnmap"), "Ports: ");
    auto theirs = lines_with(::whorl::test::file_text(base + "nmap.gnmap"), "Ports: ");
    ASSERT_EQ(ours.size(), 1u);
    EXPECT_EQ(ours, theirs);

    // XML: valid against the installed nmap.dtd, and ndiff sees no difference.
    auto q = tools::shell_quote;
    auto r = tools::run_command("xmllint --noout --dtdvalid " + q(tools::kNmapDtd) + " " + q(base + "whorl.xml"));
    EXPECT_EQ(r.status, 0) << r.output;
    r = tools::run_command("ndiff " + q(base + "nmap.xml") + " " + q(base + "whorl.xml"));
    EXPECT_EQ(r.status, 0) << r.output;

    // JSON: one document, valid against docs/whorl-scan.schema.json, with the same ports.
    std::string schema = std::string(WHORL_SOURCE_DIR) + "/docs/whorl-scan.schema.json";
    r = tools::run_command(std::string(tools::kSystemPython) +
                           " -c 'import json, sys, jsonschema\n"
                           "d = json.load(open(sys.argv[1]))\n"
                           "jsonschema.validate(d, json.load(open(sys.argv[2])))\n"
                           "h = d[\"hosts\"][0]\n"
                           "print(sorted((p[\"port\"], p[\"state\"]) for p in h[\"ports\"]))' " +
                           q(base + "whorl.json") + " " + q(schema));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("(22, 'open'), (23, 'closed'), (24, 'closed'), (25, 'filtered')"), std::string::npos)
        << r.output;
}

// The command of the mission, as typed: the same report lines in the same order as
// Nmap's for the same host.
TEST_F(OutputsVsNmap, SeedCommandPrintsNmapsReportLinesInOrder) {
    auto nmap = lab_->run_in_scanner({"nmap", "-Pn", "-O", host_}, std::chrono::seconds(120));
    ASSERT_TRUE(nmap && nmap->exit_status == 0);
    auto whorl = lab_->run_in_scanner({kWhorlBinary, "-Pn", "-O", host_});
    ASSERT_TRUE(whorl) << whorl.error().describe();
    ASSERT_EQ(whorl->exit_status, 0) << whorl->err;
    auto shape = report_shape(whorl->out);
    EXPECT_EQ(shape, report_shape(nmap->out)) << "whorl:\n" << whorl->out << "\nnmap:\n" << nmap->out;
    const std::vector<std::string> expected_start = {"starting", "report for", "host is up", "not shown",
                                                     "port header", "port", "mac"};
    ASSERT_GE(shape.size(), expected_start.size());
    EXPECT_EQ(std::vector<std::string>(shape.begin(), shape.begin() + 7), expected_start);
    EXPECT_EQ(shape.back(), "done");
}

TEST_F(OutputsVsNmap, OsDetectionReachesEveryFile) {
    auto whorl = lab_->run_in_scanner({kWhorlBinary, "-n", "-Pn", "-O", "--max-os-tries", "1", "-p", "22,80,81", "-oX",
                                       dir_.path() + "/os.xml", "-oJ", dir_.path() + "/os.json", "-oN",
                                       dir_.path() + "/os.nmap", host_});
    ASSERT_TRUE(whorl) << whorl.error().describe();
    ASSERT_EQ(whorl->exit_status, 0) << whorl->err;
    std::string xml = ::whorl::test::file_text(dir_.path() + "/os.xml");
    EXPECT_NE(xml.find("<osfingerprint fingerprint=\"OS:SCAN(V=7.93%"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<portused state=\"open\" proto=\"tcp\" portid=\"22\"/>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("<distance value=\"1\"/>"), std::string::npos) << xml;
    EXPECT_NE(xml.find("</nmaprun>"), std::string::npos);
    std::string normal = ::whorl::test::file_text(dir_.path() + "/os.nmap");
    EXPECT_NE(normal.find("Network Distance: 1 hop"), std::string::npos) << normal;
    EXPECT_NE(normal.find("OS:SCAN(V=7.93%"), std::string::npos) << normal;
    // The JSON document is written after the scan, when nmap-os-db is no longer needed by
    // the scan itself: its fingerprint is the XML's.
    auto r = tools::run_command(std::string(tools::kSystemPython) +
                                " -c 'import json, sys; d = json.load(open(sys.argv[1])); "
                                "print(d[\"hosts\"][0][\"os\"][\"fingerprint\"][:12])' " +
                                tools::shell_quote(dir_.path() + "/os.json"));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(r.output, "SCAN(V=7.93%\n");
}

// "-oX -", "-oG -", "-oJ -": standard output carries that format alone (Nmap then sends
// its terminal report to /dev/null), so it pipes into xmllint, grep and a JSON parser.
TEST_F(OutputsVsNmap, DashSendsOnlyThatFormatToStandardOutput) {
    auto q = tools::shell_quote;
    for (const char* flag : {"-oX", "-oG", "-oJ"}) {
        std::vector<std::string> args = {kWhorlBinary, "-n", "-Pn", "-p", "22,25", "-v", flag, "-", host_};
        if (std::string(flag) == "-oX") args.insert(args.end() - 1, {"--xml-scanner-name", "nmap"});
        auto whorl = lab_->run_in_scanner(args);
        ASSERT_TRUE(whorl) << whorl.error().describe();
        ASSERT_EQ(whorl->exit_status, 0) << whorl->err;
        EXPECT_EQ(whorl->out.find("Starting whorl"), std::string::npos) << flag << ":\n" << whorl->out;
        EXPECT_EQ(whorl->out.find("PORT "), std::string::npos) << flag << ":\n" << whorl->out;
        std::string file = dir_.path() + "/stdout" + flag;
        std::ofstream(file) << whorl->out;
        if (std::string(flag) == "-oX") {
            auto r = tools::run_command("xmllint --noout --dtdvalid " + q(tools::kNmapDtd) + " " + q(file));
            EXPECT_EQ(r.status, 0) << r.output << whorl->out;
        } else if (std::string(flag) == "-oG") {
            auto nmap = lab_->run_in_scanner({"nmap", "-n", "-Pn", "-p", "22,25", "-v", "-oG", "-", host_});
            ASSERT_TRUE(nmap && nmap->exit_status == 0);
            std::istringstream in(whorl->out);
            for (std::string l; std::getline(in, l);)
                EXPECT_TRUE(l.rfind("# ", 0) == 0 || l.rfind("Host: ", 0) == 0) << l;
            EXPECT_EQ(lines_with(whorl->out, "Ports: "), lines_with(nmap->out, "Ports: "));
        } else {
            auto r = tools::run_command(std::string(tools::kSystemPython) +
                                        " -c 'import json, sys; d = json.load(open(sys.argv[1])); "
                                        "print(len(d[\"hosts\"]))' " + q(file));
            EXPECT_EQ(r.status, 0) << r.output << whorl->out;
            EXPECT_EQ(r.output, "1\n");
        }
    }
}

// -v: Nmap's phase lines on standard output, in Nmap's order and words (times and
// elapsed seconds aside).
TEST_F(OutputsVsNmap, VerboseProgressLinesAreNmaps) {
    auto phase_lines = [](const std::string& out) {
        std::vector<std::string> lines;
        std::istringstream in(out);
        std::regex clock(R"( at [0-9]{2}:[0-9]{2}(, [0-9.]+s elapsed)?)");
        for (std::string l; std::getline(in, l);)
            for (const char* p : {"Initiating ", "Scanning ", "Discovered ", "Completed "})
                if (l.rfind(p, 0) == 0) lines.push_back(std::regex_replace(l, clock, " at T"));
        return lines;
    };
    const std::vector<std::string> args = {"-n", "-v", "-Pn", "-p", "22,25,80,81", host_};
    std::vector<std::string> nmap_args = {"nmap"}, whorl_args = {kWhorlBinary};
    nmap_args.insert(nmap_args.end(), args.begin(), args.end());
    whorl_args.insert(whorl_args.end(), args.begin(), args.end());
    auto nmap = lab_->run_in_scanner(nmap_args, std::chrono::seconds(120));
    auto whorl = lab_->run_in_scanner(whorl_args);
    ASSERT_TRUE(nmap && nmap->exit_status == 0);
    ASSERT_TRUE(whorl && whorl->exit_status == 0) << (whorl ? whorl->err : whorl.error().describe());
    auto ours = phase_lines(whorl->out), theirs = phase_lines(nmap->out);
    // The two open ports may be discovered in either order.
    std::sort(ours.begin(), ours.end());
    std::sort(theirs.begin(), theirs.end());
    EXPECT_EQ(ours, theirs) << "whorl:\n" << whorl->out << "\nnmap:\n" << nmap->out;
    EXPECT_GE(ours.size(), 8u);
}

// -T2: probes 400 ms apart, the OS probes too; the sequence timing is then off, the print
// non-ideal, and Nmap stops after 2 OS tries instead of 5 and says so.
TEST_F(OutputsVsNmap, PoliteTimingMakesTwoOsTriesAndSaysNonIdeal) {
    auto os_lines = [](const std::string& out) {
        std::vector<std::string> lines;
        std::istringstream in(out);
        for (std::string l; std::getline(in, l);)
            if (l.find("OS detection (try #") != std::string::npos || l.find("non-ideal") != std::string::npos)
                lines.push_back(l);
        return lines;
    };
    const std::vector<std::string> args = {"-n", "-v", "-Pn", "-O", "-T2", "-p", "22,81", host_};
    std::vector<std::string> nmap_args = {"nmap"}, whorl_args = {kWhorlBinary};
    nmap_args.insert(nmap_args.end(), args.begin(), args.end());
    whorl_args.insert(whorl_args.end(), args.begin(), args.end());
    auto nmap = lab_->run_in_scanner(nmap_args, std::chrono::seconds(120));
    auto whorl = lab_->run_in_scanner(whorl_args, std::chrono::seconds(120));
    ASSERT_TRUE(nmap && nmap->exit_status == 0);
    ASSERT_TRUE(whorl && whorl->exit_status == 0) << (whorl ? whorl->err : whorl.error().describe());
    EXPECT_EQ(os_lines(whorl->out), os_lines(nmap->out)) << "whorl:\n" << whorl->out << "\nnmap:\n" << nmap->out;
    EXPECT_EQ(os_lines(whorl->out).size(), 3u) << whorl->out;
}

// --host-timeout, in the port scan (-T2's 400 ms between probes: 20 ports take 8 s) and
// in the OS scan: the host is skipped as Nmap skips it, in the normal, grepable and XML
// reports, and the run ends soon after the timeout.
TEST_F(OutputsVsNmap, HostTimeoutSkipsTheHostLikeNmap) {
    auto q = tools::shell_quote;
    struct Case {
        std::vector<std::string> args;
        const char* what;
    };
    for (const Case& k : {Case{{"-T2", "-p", "1-20", "--host-timeout", "2s"}, "port scan"},
                          Case{{"-O", "-p", "22,81", "--host-timeout", "500ms"}, "OS scan"}}) {
        std::vector<std::string> common = {"-n", "-Pn"};
        common.insert(common.end(), k.args.begin(), k.args.end());
        std::vector<std::string> nmap_args = {"nmap"}, whorl_args = {kWhorlBinary, "--xml-scanner-name", "nmap"};
        nmap_args.insert(nmap_args.end(), common.begin(), common.end());
        whorl_args.insert(whorl_args.end(), common.begin(), common.end());
        const std::string base = dir_.path() + "/timeout-" + k.args[0];
        nmap_args.insert(nmap_args.end(), {"-oG", base + ".nmap.gnmap", host_});
        whorl_args.insert(whorl_args.end(), {"-oG", base + ".gnmap", "-oX", base + ".xml", host_});
        auto nmap = lab_->run_in_scanner(nmap_args, std::chrono::seconds(120));
        auto started = std::chrono::steady_clock::now();
        auto whorl = lab_->run_in_scanner(whorl_args, std::chrono::seconds(120));
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        ASSERT_TRUE(nmap && nmap->exit_status == 0) << k.what;
        ASSERT_TRUE(whorl && whorl->exit_status == 0) << k.what << (whorl ? whorl->err : whorl.error().describe());
        const std::string skip = "Skipping host " + host_ + " due to host timeout";
        EXPECT_NE(nmap->out.find(skip), std::string::npos) << k.what << "\n" << nmap->out;
        EXPECT_NE(whorl->out.find(skip), std::string::npos) << k.what << "\n" << whorl->out;
        EXPECT_EQ(whorl->out.find("PORT "), std::string::npos) << whorl->out;
        EXPECT_LT(seconds, 6.0) << k.what;
        EXPECT_EQ(lines_with(::whorl::test::file_text(base + ".gnmap"), "Status: "), lines_with(::whorl::test::file_text(base + ".nmap.gnmap"), "Status: "))
            << k.what;
        std::string xml = ::whorl::test::file_text(base + ".xml");
        EXPECT_NE(xml.find("timedout=\"true\""), std::string::npos) << xml;
        auto r = tools::run_command("xmllint --noout --dtdvalid " + q(tools::kNmapDtd) + " " + q(base + ".xml"));
        EXPECT_EQ(r.status, 0) << r.output;
    }
}

// -v's last line counts what Nmap counts: the ARP request and the probes sent (bytes after
// the link header), and what came back, not our own probes seen by the capture.
TEST_F(OutputsVsNmap, RawPacketCountsAreNmaps) {
    auto counts = [](const std::string& out) {
        std::smatch m;
        std::regex line(R"(Raw packets sent: (\d+) \((\d+)B\) \| Rcvd: (\d+) \((\d+)B\))");
        std::vector<int> v;
        if (std::regex_search(out, m, line))
            for (int i = 1; i <= 4; ++i) v.push_back(std::stoi(m[i].str()));
        return v;
    };
    auto nmap = lab_->run_in_scanner({"nmap", "-n", "-v", "-Pn", "-p", "22,80,81", host_}, std::chrono::seconds(60));
    auto whorl = lab_->run_in_scanner({kWhorlBinary, "-n", "-v", "-Pn", "-p", "22,80,81", host_});
    ASSERT_TRUE(nmap && nmap->exit_status == 0);
    ASSERT_TRUE(whorl && whorl->exit_status == 0);
    auto ours = counts(whorl->out), theirs = counts(nmap->out);
    ASSERT_EQ(ours.size(), 4u) << whorl->out;
    ASSERT_EQ(theirs.size(), 4u) << nmap->out;
    EXPECT_EQ(ours[0], theirs[0]);  // packets sent
    EXPECT_EQ(ours[1], theirs[1]);  // bytes sent
    // Received: the same but for the kernel's own ARP exchange, which whorl's raw IP socket
    // causes and Nmap's Ethernet frames do not (one 28-byte reply).
    EXPECT_LE(ours[2] - theirs[2], 1);
    EXPECT_GE(ours[2], theirs[2]);
    EXPECT_LE(ours[3] - theirs[3], 28);
}

TEST_F(OutputsVsNmap, AppendOutputKeepsEarlierRuns) {
    std::string file = dir_.path() + "/twice.gnmap";
    for (int i = 0; i < 2; ++i) {
        auto r = lab_->run_in_scanner({kWhorlBinary, "-n", "-Pn", "-p", "22", "--append-output", "-oG", file, host_});
        ASSERT_TRUE(r && r->exit_status == 0);
    }
    std::string text = ::whorl::test::file_text(file);
    EXPECT_EQ(lines_with(text, "scan initiated").size(), 2u) << text;
    EXPECT_EQ(lines_with(text, "Ports: 22/open/tcp//ssh///").size(), 2u) << text;
}

// Ctrl-C half-way: the files written so far are closed properly (XML well formed with an
// error exit in runstats, the normal file's footer) and the exit status says interrupted.
TEST_F(OutputsVsNmap, InterruptedScanStillClosesItsFiles) {
    std::string xml = dir_.path() + "/cut.xml", normal = dir_.path() + "/cut.nmap";
    // Every port of a silent address in the lab's range takes far longer than a second.
    auto r = lab_->run_in_scanner({"timeout", "--preserve-status", "-s", "INT", "1", kWhorlBinary, "-n", "-Pn", "-p-", "-oX", xml, "-oN", normal,
                                   lab::Lab::host_v4(7).to_string()});
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->exit_status, 130) << r->err;
    auto lint = tools::run_command("xmllint --noout " + tools::shell_quote(xml));
    EXPECT_EQ(lint.status, 0) << lint.output;
    EXPECT_NE(::whorl::test::file_text(xml).find("exit=\"error\""), std::string::npos) << ::whorl::test::file_text(xml);
    EXPECT_EQ(lines_with(::whorl::test::file_text(normal), "# whorl done at").size(), 1u) << ::whorl::test::file_text(normal);
}

TEST(Outputs, AnUnwritableFileIsOneErrorBeforeAnyPacket) {
    auto r = lab::run_command({kWhorlBinary, "-Pn", "-p", "22", "-oX", "/nonexistent-dir/scan.xml", "198.51.100.2"});
    ASSERT_TRUE(r);
    EXPECT_NE(r->exit_status, 0);
    EXPECT_LT(r->exit_status, 128);
    EXPECT_NE(r->err.find("/nonexistent-dir/scan.xml"), std::string::npos) << r->err;
    EXPECT_EQ(r->out, "");
}

}  // namespace
}  // namespace whorl
