// The writers on reports the lab fixtures do not reach: host names, other addresses, ICMP
// from a router, unlisted services, a down host with --reason, -d, the -v packet line,
// "Host seems down", several perfect OS matches, Ctrl-C; and the XML/JSON they give still
// validates (xmllint with nmap.dtd, jsonschema with docs/whorl-scan.schema.json).
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "base/text.hpp"
#include "support/external_tools.hpp"
#include "fp/db/os_db.hpp"
#include "report/grepable_output.hpp"
#include "report/json_output.hpp"
#include "report/normal_output.hpp"
#include "report/xml_output.hpp"

namespace whorl::report {
namespace {

using scan::PortState;
using scan::Protocol;
using scan::Reason;

PortEntry port(std::uint16_t n, PortState st, Reason r, std::uint8_t ttl, const char* service) {
    PortEntry p;
    p.port = n;
    p.state = st;
    p.reason = r;
    p.reason_ttl = ttl;
    p.service = service;
    return p;
}

// One host at 198.51.100.2: 22 and 80 open, 443 filtered by a router, 8 closed.
ScanReport sample_report() {
    ScanReport r;
    r.scanner_version = "1.2.3";
    r.args = "whorl -Pn -O --reason target.example";
    r.start_time = 1795569073;
    r.end_time = 1795569089;
    r.elapsed_seconds = 16.0312;
    r.os_detection = true;
    r.scaninfo.push_back({"syn", Protocol::tcp, {}});
    HostReport h;
    h.address = *IpAddress::parse("198.51.100.2");
    h.user_hostname = "target.example";
    h.rdns = "ptr.example";
    h.other_addresses = {*IpAddress::parse("2001:db8::2")};
    h.up = true;
    h.status_reason = Reason::syn_ack;
    h.status_reason_ttl = 64;
    h.latency_seconds = 0.0015;
    h.mac = std::array<std::uint8_t, 6>{0x00, 0x0c, 0x29, 0x12, 0x34, 0x56};
    h.mac_vendor = "VMware";
    h.start_time = 1795569074;
    h.end_time = 1795569088;
    h.srtt_us = 1500;
    h.rttvar_us = 300;
    h.timeout_us = 100000;
    for (std::uint16_t n : {1, 3, 4, 6, 7, 9, 13, 17}) h.ports.push_back(port(n, PortState::closed, Reason::reset, 64, "x"));
    h.ports.push_back(port(22, PortState::open, Reason::syn_ack, 64, "ssh"));
    h.ports.push_back(port(80, PortState::open, Reason::syn_ack, 64, "http"));
    PortEntry filtered = port(443, PortState::filtered, Reason::host_unreach, 254, "https");
    filtered.reason_addr = IpAddress::parse("198.51.100.254");
    h.ports.push_back(filtered);
    PortEntry unlisted = port(40000, PortState::open, Reason::syn_ack, 64, "unknown");
    unlisted.service_listed = false;
    h.ports.push_back(unlisted);
    std::sort(h.ports.begin(), h.ports.end(), [](auto& a, auto& b) { return a.port < b.port; });
    for (const auto& p : h.ports) r.scaninfo[0].ports.push_back(p.port);
    r.hosts.push_back(h);
    return r;
}

class Writers : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

TEST_F(Writers, NormalOutputWithNamesReasonsAndARouter) {
    ScanReport r = sample_report();
    OutputOptions o;
    o.reason = true;
    EXPECT_EQ(normal_output(r, o, NormalDestination::terminal),
              "Starting whorl 1.2.3 ( operating-system fingerprinting ) at 2026-11-25 01:11 UTC\n"
              "whorl scan report for target.example (198.51.100.2)\n"
              "Host is up, received syn-ack ttl 64 (0.0015s latency).\n"
              "Other addresses for target.example (not scanned): 2001:db8::2\n"
              "rDNS record for 198.51.100.2: ptr.example\n"
              "\n"
              "PORT      STATE    SERVICE REASON\n"
              "1/tcp     closed   x       reset ttl 64\n"
              "3/tcp     closed   x       reset ttl 64\n"
              "4/tcp     closed   x       reset ttl 64\n"
              "6/tcp     closed   x       reset ttl 64\n"
              "7/tcp     closed   x       reset ttl 64\n"
              "9/tcp     closed   x       reset ttl 64\n"
              "13/tcp    closed   x       reset ttl 64\n"
              "17/tcp    closed   x       reset ttl 64\n"
              "22/tcp    open     ssh     syn-ack ttl 64\n"
              "80/tcp    open     http    syn-ack ttl 64\n"
              "443/tcp   filtered https   host-unreach from 198.51.100.254 ttl 254\n"
              "40000/tcp open     unknown syn-ack ttl 64\n"
              "MAC Address: 00:0C:29:12:34:56 (VMware)\n"
              "\n"
              "OS detection performed. Please report any incorrect results at https://nmap.org/submit/ .\n"
              "whorl done: 1 IP address (1 host up) scanned in 16.03 seconds\n");
}

TEST_F(Writers, NotShownSingularPortAndTheRstRateLimitWarning) {
    ScanReport r = sample_report();
    OutputOptions o;
    o.open_only = o.defeat_rst_ratelimit = true;
    std::string out = normal_host(r.hosts[0], o);
    EXPECT_NE(out.find("\nNot shown: 8 closed tcp ports (reset), 1 filtered tcp port (host-unreach)\n"
                       "Some closed ports may be reported as filtered due to --defeat-rst-ratelimit\n"
                       "PORT      STATE SERVICE\n22/tcp    open  ssh\n"),
              std::string::npos)
        << out;
}

TEST_F(Writers, VerboseAndDebugExtras) {
    ScanReport r = sample_report();
    r.packets = PacketCounts{1023, 45806, 1015, 41282};
    r.data_dir = "/usr/share/nmap";
    OutputOptions o;
    o.verbose = 1;
    std::string out = normal_output(r, o, NormalDestination::terminal);
    EXPECT_NE(out.find("\nRead data files from: /usr/share/nmap\nOS detection performed."), std::string::npos);
    EXPECT_TRUE(out.ends_with("scanned in 16.03 seconds\n           Raw packets sent: 1023 (45.806KB) | Rcvd: 1015 "
                              "(41.282KB)\n"))
        << out;
    // The file form has neither the packet counts nor the Starting line.
    std::string file = normal_output(r, o, NormalDestination::file);
    EXPECT_TRUE(file.starts_with("# whorl 1.2.3 scan initiated Wed Nov 25 01:11:13 2026 as: whorl -Pn -O --reason "
                                 "target.example\n"));
    EXPECT_TRUE(file.ends_with("\n# whorl done at Wed Nov 25 01:11:29 2026 -- 1 IP address (1 host up) scanned in "
                               "16.03 seconds\n"));
    EXPECT_EQ(file.find("Raw packets"), std::string::npos);
    o.verbose = 2;
    EXPECT_NE(normal_host(r.hosts[0], o).find("\nScanned at 2026-11-25 01:11:14 UTC for 14s\n"), std::string::npos);
    o.verbose = 0;
    o.debugging = 1;
    EXPECT_NE(normal_host(r.hosts[0], o).find("\nFinal times for host: srtt: 1500 rttvar: 300  to: 100000\n\n"),
              std::string::npos);
}

TEST_F(Writers, DownHostsOnlyWithVerbose) {
    ScanReport r = sample_report();
    HostReport& h = r.hosts[0];
    h.up = false;
    h.status_reason = Reason::no_response;
    h.status_reason_ttl = 0;
    h.user_hostname.clear();
    OutputOptions o;
    EXPECT_EQ(normal_host(h, o), "");
    EXPECT_EQ(grepable_host(h, o), "");
    EXPECT_EQ(xml_host(h, o), "");
    std::string terminal = normal_output(r, o, NormalDestination::terminal);
    EXPECT_NE(terminal.find("\nNote: Host seems down. If it is really up, but blocking our ping probes, try -Pn\n"
                            "whorl done: 1 IP address (0 hosts up)"),
              std::string::npos)
        << terminal;
    EXPECT_EQ(terminal.find("OS detection performed"), std::string::npos);
    o.verbose = 1;
    EXPECT_EQ(normal_host(h, o), "whorl scan report for ptr.example (198.51.100.2) [host down]\n");
    EXPECT_EQ(grepable_host(h, o), "Host: 198.51.100.2 (ptr.example)\tStatus: Down\n");
    EXPECT_EQ(xml_host(h, o),
              "<host><status state=\"down\" reason=\"no-response\" reason_ttl=\"0\"/>\n"
              "<address addr=\"198.51.100.2\" addrtype=\"ipv4\"/>\n"
              "<address addr=\"00:0C:29:12:34:56\" addrtype=\"mac\" vendor=\"VMware\"/>\n"
              "</host>\n");
    o.reason = true;
    EXPECT_EQ(normal_host(h, o), "whorl scan report for ptr.example (198.51.100.2) [host down, received no-response]\n");
}

TEST_F(Writers, GrepableFields) {
    ScanReport r = sample_report();
    EXPECT_EQ(grepable_output(r, {}),
              "# whorl 1.2.3 scan initiated Wed Nov 25 01:11:13 2026 as: whorl -Pn -O --reason target.example\n"
              "Host: 198.51.100.2 (ptr.example)\tStatus: Up\n"
              "Host: 198.51.100.2 (ptr.example)\tPorts: 1/closed/tcp//x///, 3/closed/tcp//x///, 4/closed/tcp//x///, "
              "6/closed/tcp//x///, 7/closed/tcp//x///, 9/closed/tcp//x///, 13/closed/tcp//x///, 17/closed/tcp//x///, "
              "22/open/tcp//ssh///, 80/open/tcp//http///, 443/filtered/tcp//https///, 40000/open/tcp/////\n"
              "# whorl done at Wed Nov 25 01:11:29 2026 -- 1 IP address (1 host up) scanned in 16.03 seconds\n");
    OutputOptions o;
    o.verbose = 1;
    EXPECT_NE(grepable_header(r, o).find("\n# Ports scanned: TCP(12;1,3-4,6-7,9,13,17,22,80,443,40000) UDP(0;) "
                                         "SCTP(0;) PROTOCOLS(0;)\n"),
              std::string::npos);
}

class WritersWithOsDb : public Writers {
protected:
    static void SetUpTestSuite() {
        Writers::SetUpTestSuite();
        auto d = fp::db::OsDb::load_installed();
        if (d) db_ = new fp::db::OsDb(std::move(*d));
    }
    static void TearDownTestSuite() {
        delete db_;
        db_ = nullptr;
    }
    void SetUp() override {
        if (!db_) GTEST_SKIP() << "nmap-os-db not installed";
    }
    // Two perfect matches, as "OS details: a, b" prints them.
    static OsReport two_perfect_matches() {
        OsReport os;
        os.db = db_;
        os.result.outcome = fp::match::MatchOutcome::success;
        os.result.matches = {{0, 1.0, 0, 0}, {1, 1.0, 0, 0}};
        os.result.perfect = 2;
        os.plan.verdict = fp::match::OsVerdict::details;
        os.plan.details = {{0, 1.0}, {1, 1.0}};
        os.plan.xml_matches = os.plan.details;
        os.distance = 1;
        os.ports_used = {{PortState::open, Protocol::tcp, 22}, {PortState::closed, Protocol::tcp, 1}};
        os.tcp_sequence_index = 258;
        os.isns = {0xDAFA9FB, 0x51C851A6, 0x21639168, 0x55419599};
        os.ip_id_class = "All zeros";
        os.ip_ids = {0, 0, 0, 0};
        os.ts_class = "none returned (unsupported)";
        return os;
    }
    static inline fp::db::OsDb* db_ = nullptr;
};

TEST_F(WritersWithOsDb, GrepableOsNamesJoinedByBar) {
    ScanReport r = sample_report();
    r.hosts[0].os = std::make_shared<OsReport>(two_perfect_matches());
    std::string names = db_->prints()[0].name + "|" + db_->prints()[1].name;
    EXPECT_NE(grepable_host(r.hosts[0], {}).find("40000/open/tcp/////\tOS: " + names +
                                                 "\tSeq Index: 258\tIP ID Seq: All zeros\n"),
              std::string::npos);
    std::string normal = normal_host(r.hosts[0], {});
    EXPECT_NE(normal.find("\nOS details: " + db_->prints()[0].name + ", " + db_->prints()[1].name +
                          "\nNetwork Distance: 1 hop\n\n"),
              std::string::npos)
        << normal;
}

TEST_F(WritersWithOsDb, XmlOfEveryKindValidatesAgainstNmapDtd) {
    if (!test::tool_works("xmllint --version")) GTEST_SKIP() << "xmllint not installed";
    ScanReport r = sample_report();
    r.hosts[0].os = std::make_shared<OsReport>(two_perfect_matches());
    HostReport down;
    down.address = *IpAddress::parse("198.51.100.3");
    down.status_reason = Reason::no_response;
    r.hosts.push_back(down);
    OutputOptions o;
    o.verbose = 1;
    o.xml_scanner_name = "nmap";
    std::string xml = xml_output(r, o);
    // What the fixtures never show: names, reason_ip, an unlisted service, no TS values.
    EXPECT_NE(xml.find("<hostnames>\n<hostname name=\"target.example\" type=\"user\"/>\n"
                       "<hostname name=\"ptr.example\" type=\"PTR\"/>\n</hostnames>\n"),
              std::string::npos);
    EXPECT_NE(xml.find("<state state=\"filtered\" reason=\"host-unreach\" reason_ttl=\"254\" reason_ip=\"198.51.100.254\"/>"),
              std::string::npos);
    EXPECT_NE(xml.find("<port protocol=\"tcp\" portid=\"40000\"><state state=\"open\" reason=\"syn-ack\" "
                       "reason_ttl=\"64\"/></port>\n"),
              std::string::npos);
    EXPECT_NE(xml.find("<tcptssequence class=\"none returned (unsupported)\"/>"), std::string::npos);
    EXPECT_NE(xml.find("<tcpsequence index=\"258\" difficulty=\"Good luck!\" values=\"DAFA9FB,51C851A6,21639168,"
                       "55419599\"/>"),
              std::string::npos);
    EXPECT_NE(xml.find("<!-- whorl 1.2.3 scan initiated Wed Nov 25 01:11:13 2026 as: whorl -Pn -O -&#45;reason "
                       "target.example -->"),
              std::string::npos);
    EXPECT_NE(xml.find("<hosts up=\"1\" down=\"1\" total=\"2\"/>"), std::string::npos);
    test::ScratchDir dir;
    auto r1 = test::run_command("xmllint --noout --dtdvalid " + test::shell_quote(test::kNmapDtd) + " " +
                                test::shell_quote(dir.write("all.xml", xml)));
    EXPECT_EQ(r1.status, 0) << r1.output << xml;
}

TEST_F(Writers, InterruptedRunStillClosesTheXmlAndSaysWhy) {
    if (!test::tool_works("xmllint --version")) GTEST_SKIP() << "xmllint not installed";
    ScanReport r = sample_report();
    r.interrupted = true;
    r.error_message = "caught SIGINT signal, cleaning up";
    OutputOptions o;
    o.xml_scanner_name = "nmap";
    std::string xml = xml_output(r, o);
    EXPECT_NE(xml.find("<runstats><finished time=\"1795569089\" timestr=\"Wed Nov 25 01:11:29 2026\" summary=\"whorl "
                       "done at Wed Nov 25 01:11:29 2026; 1 IP address (1 host up) scanned in 16.03 seconds\" "
                       "elapsed=\"16.03\" exit=\"error\" errormsg=\"caught SIGINT signal, cleaning up\"/>"
                       "<hosts up=\"1\" down=\"0\" total=\"1\"/>\n</runstats>\n</nmaprun>\n"),
              std::string::npos)
        << xml;
    test::ScratchDir dir;
    auto v = test::run_command("xmllint --noout --dtdvalid " + test::shell_quote(test::kNmapDtd) + " " +
                               test::shell_quote(dir.write("int.xml", xml)));
    EXPECT_EQ(v.status, 0) << v.output;
    // Written piece by piece as a scan would (header, hosts as they finish, footer on Ctrl-C).
    EXPECT_EQ(xml_header(r, o) + xml_host(r.hosts[0], o) + xml_footer(r, o), xml);
    EXPECT_NE(normal_output(r, {}, NormalDestination::terminal)
                  .find("\nWARNING: Scan interrupted (caught SIGINT signal, cleaning up); the results above are "
                        "incomplete.\nwhorl done:"),
              std::string::npos);
    EXPECT_NE(grepable_footer(r, {}).find("# Scan interrupted (caught SIGINT signal, cleaning up)"), std::string::npos);
}

std::string validate_json(const std::string& doc) {
    test::ScratchDir dir;
    std::string schema = std::string(WHORL_SOURCE_DIR) + "/docs/whorl-scan.schema.json";
    auto r = test::run_command(std::string(test::kSystemPython) +
                               " -c 'import json, sys, jsonschema\n"
                               "jsonschema.Draft202012Validator(json.load(open(sys.argv[2]))).validate("
                               "json.load(open(sys.argv[1])))' " +
                               test::shell_quote(dir.write("doc.json", doc)) + " " + test::shell_quote(schema));
    return r.status == 0 ? std::string() : r.output.empty() ? "failed" : r.output;
}

TEST_F(WritersWithOsDb, JsonCarriesEverythingAndValidates) {
    if (!test::tool_works(std::string(test::kSystemPython) + " -c 'import jsonschema'"))
        GTEST_SKIP() << "python3-jsonschema not installed";
    ScanReport r = sample_report();
    r.hosts[0].os = std::make_shared<OsReport>(two_perfect_matches());
    r.hosts[0].warnings = {"Warning: \"quoted\" \\ and a tab\t"};
    r.interrupted = true;
    r.error_message = "caught SIGINT signal, cleaning up";
    std::string doc = json_output(r, {});
    EXPECT_EQ(validate_json(doc), "") << doc;
    EXPECT_NE(doc.find("\"reason_ip\": \"198.51.100.254\""), std::string::npos);
    EXPECT_NE(doc.find("\"service\": null"), std::string::npos);  // the unlisted port
    EXPECT_NE(doc.find("\"warnings\": [\n        \"Warning: \\\"quoted\\\" \\\\ and a tab\\t\"\n      ]"),
              std::string::npos)
        << doc;
    EXPECT_NE(doc.find("\"details\": [\"" + db_->prints()[0].name + "\", \"" + db_->prints()[1].name + "\"]"),
              std::string::npos);
    EXPECT_NE(doc.find("\"values\": [229616123, 1372082598, 560173416, 1430361497]"), std::string::npos);
    EXPECT_NE(doc.find("\"interrupted\": true,\n  \"error\": \"caught SIGINT signal, cleaning up\"\n}\n"),
              std::string::npos);
}

TEST_F(Writers, TheSchemaRejectsWhatTheFormatDoesNotAllow) {
    if (!test::tool_works(std::string(test::kSystemPython) + " -c 'import jsonschema'"))
        GTEST_SKIP() << "python3-jsonschema not installed";
    std::string doc = json_output(sample_report(), {});
    ASSERT_EQ(validate_json(doc), "");
    auto broken = [&doc](std::string_view from, std::string_view to) {
        std::string d = doc;
        auto at = d.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) d.replace(at, from.size(), to);
        return validate_json(d);
    };
    EXPECT_NE(broken("\"status\": \"up\"", "\"status\": \"maybe\""), "");
    EXPECT_NE(broken("\"port\": 22", "\"port\": 70000"), "");
    EXPECT_NE(broken("\"mac\": \"00:0C:29:12:34:56\"", "\"mac\": \"00-0c-29\""), "");
    EXPECT_NE(broken("\"os\": null", "\"os\": {}"), "");
    EXPECT_NE(broken("\"format_version\": 1", "\"format_version\": 2"), "");
}

}  // namespace
}  // namespace whorl::report
