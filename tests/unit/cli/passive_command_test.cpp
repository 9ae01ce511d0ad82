// `whorl passive`: options and their errors, bad input (missing, not a capture, truncated,
// corrupt, a broken signature line, an unsupported link type), BPF filters, pcapng, the
// console blocks against p0f's, the host table, the fused verdicts with their evidence, and
// JSON lines.
#include <filesystem>

#include <gtest/gtest.h>

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "passive_test_support.hpp"
#include "support/fixtures.hpp"

namespace whorl::cli {
namespace {

using test::run_passive_utc;

std::string fixture(const std::string& name) { return whorl::test::fixture_path("pcap/" + name + ".pcap"); }

void expect_error(const std::vector<std::string>& args, Errc code, const std::string& text) {
    auto r = run_passive_utc(args);
    ASSERT_FALSE(r.status) << "expected an error for " << args.front();
    EXPECT_EQ(r.status.error().code, code) << r.status.error().describe();
    EXPECT_NE(r.status.error().describe().find(text), std::string::npos) << r.status.error().describe();
}

TEST(PassiveCommand, UsageErrorsAreClear) {
    expect_error({}, Errc::usage, "no input");
    expect_error({"-r", "a.pcap", "-i", "eth0"}, Errc::usage, "mutually exclusive");
    expect_error({"-r", "a.pcap", "-p"}, Errc::usage, "-p applies to live capture");
    expect_error({"-r", "a.pcap", "-m", "0,10"}, Errc::usage, "-m");
    expect_error({"-r", "a.pcap", "-m", "100001,10"}, Errc::usage, "between 1 and 100000");
    expect_error({"-r", "a.pcap", "-m", "10"}, Errc::usage, "two numbers");
    expect_error({"-r", "a.pcap", "-t", "30,x"}, Errc::usage, "-t");
    expect_error({"-r", "a.pcap", "--no-chroot"}, Errc::usage, "-u");
    // p0f's options whorl does not do: refused like Nmap's, one usage error naming them.
    expect_error({"-r", "a.pcap", "-s", "/tmp/sock"}, Errc::usage, "option '-s' is not supported by whorl (");
    expect_error({"-r", "a.pcap", "-d"}, Errc::usage, "option '-d' is not supported by whorl (");
    expect_error({"-r", "a.pcap", "--frobnicate"}, Errc::usage, "unrecognized option");
    EXPECT_EQ(exit_status(Errc::usage), 2);
}

TEST(PassiveCommand, HelpListsP0fsOptions) {
    auto r = run_passive_utc({"--help"});
    ASSERT_TRUE(r.status);
    EXPECT_EQ(*r.status, 0);
    for (const char* opt : {"-r <file>", "-i <iface>", "-f <file>", "-o <file|->", "-u <user>", "-m <c,h>", "-t <c,h>",
                            "--json", "--p0f-exact", "-L"})
        EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
}

TEST(PassiveCommand, MissingOrForeignFilesAreErrors) {
    expect_error({"-r", "/nonexistent/x.pcap"}, Errc::not_found, "/nonexistent/x.pcap");
    const std::string text = test::temp_path("text.pcap");
    test::write_text(text, "this is not a capture file, just some words in a file\n");
    expect_error({"-r", text}, Errc::parse, text);
}

// Record boundaries of a classic pcap file: the offset of each record header.
std::vector<std::size_t> record_offsets(const std::string& bytes) {
    std::vector<std::size_t> out;
    for (std::size_t off = 24; off + 16 <= bytes.size();) {
        out.push_back(off);
        std::uint32_t caplen;
        std::memcpy(&caplen, bytes.data() + off + 8, 4);
        off += 16 + caplen;
    }
    return out;
}

TEST(PassiveCommand, TruncatedCaptureNamesFileAndOffsetAfterTheGoodPart) {
    const std::string bytes = test::read_text(fixture("p0f/http_cases"));
    const auto records = record_offsets(bytes);
    ASSERT_GT(records.size(), 20u);
    const std::size_t cut_record = records[20];
    const std::string file = test::temp_path("cut.pcap");
    test::write_text(file, bytes.substr(0, cut_record + 16 + 10));  // 10 bytes of record 21's data
    const std::string log = test::temp_path("cut.log");
    auto r = run_passive_utc({"-r", file, "-o", log, "-q"});
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().code, Errc::parse);
    EXPECT_EQ(r.status.error().where, file + ": offset " + std::to_string(cut_record));
    EXPECT_NE(r.status.error().message.find("truncated"), std::string::npos) << r.status.error().message;
    EXPECT_NE(exit_status(r.status.error().code), 0);
    // What came before the damage was processed and written.
    EXPECT_GT(test::lines(test::read_text(log)).size(), 10u);
}

TEST(PassiveCommand, AbsurdRecordLengthIsACorruptCapture) {
    std::string bytes = test::read_text(fixture("passive/flows"));
    const auto records = record_offsets(bytes);
    const std::uint32_t huge = 0x7fffffff;
    std::memcpy(bytes.data() + records[3] + 8, &huge, 4);
    const std::string file = test::temp_path("huge.pcap");
    test::write_text(file, bytes);
    expect_error({"-r", file, "-q"}, Errc::parse, "offset " + std::to_string(records[3]));
}

TEST(PassiveCommand, BrokenSignatureLineNamesFileAndLine) {
    std::string db = test::read_text("/etc/p0f/p0f.fp");
    if (db.empty()) GTEST_SKIP() << "/etc/p0f/p0f.fp is not installed";
    const std::string marker = "[tcp:request]\n";
    const auto at = db.find(marker);
    ASSERT_NE(at, std::string::npos);
    const auto line = static_cast<std::size_t>(std::count(db.begin(), db.begin() + static_cast<long>(at), '\n')) + 2;
    db.insert(at + marker.size(), "label = s:unix:Broken:1\nsig = 4:64:0:*:mss*20,bogus:mss::0\n");
    const std::string fp = test::temp_path("broken.fp");
    test::write_text(fp, db);
    expect_error({"-r", fixture("passive/flows"), "-f", fp, "-q"}, Errc::parse, fp + ":" + std::to_string(line + 1));
}

TEST(PassiveCommand, UnsupportedLinkTypeIsAnError) {
    std::string bytes = test::read_text(fixture("passive/link_raw"));
    const std::uint32_t dlt_user0 = 147;
    std::memcpy(bytes.data() + 20, &dlt_user0, 4);
    const std::string file = test::temp_path("user0.pcap");
    test::write_text(file, bytes);
    expect_error({"-r", file, "-q"}, Errc::unsupported, "link type 147");
}

// Issue 15: a raw-IP capture (LINKTYPE 101) with a filter was "unknown data link type 101".
TEST(PassiveCommand, BpfFilterOnARawIpCapture) {
    const std::string all = test::temp_path("raw-all.log"), tcp = test::temp_path("raw-tcp.log");
    auto a = run_passive_utc({"-r", fixture("passive/link_raw"), "-o", all, "-q"});
    ASSERT_TRUE(a.status) << a.status.error().describe();
    auto t = run_passive_utc({"-r", fixture("passive/link_raw"), "-o", tcp, "-q", "tcp"});
    ASSERT_TRUE(t.status) << t.status.error().describe();
    EXPECT_FALSE(test::read_text(tcp).empty());
    EXPECT_EQ(test::read_text(tcp), test::read_text(all));  // the fixture holds TCP only
}

TEST(PassiveCommand, BpfFilterSelectsTraffic) {
    const std::string all = test::temp_path("all.log"), some = test::temp_path("some.log");
    ASSERT_TRUE(run_passive_utc({"-r", fixture("passive/flows"), "-o", all, "-q"}).status);
    ASSERT_TRUE(run_passive_utc({"-r", fixture("passive/flows"), "-o", some, "-q", "tcp", "port", "31001"}).status);
    const auto a = test::lines(test::read_text(all)), s = test::lines(test::read_text(some));
    ASSERT_FALSE(s.empty());
    EXPECT_LT(s.size(), a.size());
    for (const auto& l : s) EXPECT_NE(l.find("/31001|"), std::string::npos) << l;
    expect_error({"-r", fixture("passive/flows"), "-q", "port", "banana"}, Errc::usage, "banana");
}

TEST(PassiveCommand, PcapngReadsLikePcap) {
    if (std::system("command -v editcap >/dev/null 2>&1") != 0) GTEST_SKIP() << "editcap is not installed";
    const std::string ng = test::temp_path("flows.pcapng");
    ASSERT_EQ(std::system(("editcap -F pcapng " + fixture("passive/http_segments") + " " + ng).c_str()), 0);
    const std::string a = test::temp_path("a.log"), b = test::temp_path("b.log");
    ASSERT_TRUE(run_passive_utc({"-r", fixture("passive/http_segments"), "-o", a, "-q"}).status);
    auto r = run_passive_utc({"-r", ng, "-o", b, "-q"});
    ASSERT_TRUE(r.status) << r.status.error().describe();
    EXPECT_EQ(test::read_text(a), test::read_text(b));
    EXPECT_FALSE(test::read_text(a).empty());
}

TEST(PassiveCommand, LogIsAppendedLikeP0fs) {
    const std::string log = test::temp_path("twice.log");
    ASSERT_TRUE(run_passive_utc({"-r", fixture("p0f/custom_cases"), "-f", whorl::test::fixture_path("pcap/p0f/custom.fp"),
                                 "-o", log, "-q"}).status);
    const auto once = test::read_text(log);
    ASSERT_TRUE(run_passive_utc({"-r", fixture("p0f/custom_cases"), "-f", whorl::test::fixture_path("pcap/p0f/custom.fp"),
                                 "-o", log, "-q"}).status);
    EXPECT_EQ(test::read_text(log), once + once);
}

TEST(PassiveCommand, ConsoleBlocksAreP0fsAndTheHostTableFollows) {
    auto r = run_passive_utc({"-r", fixture("p0f/http_cases")});
    ASSERT_TRUE(r.status) << r.status.error().describe();
    const auto table = r.out.find("\nHost summary: 14 hosts\n");
    ASSERT_NE(table, std::string::npos) << r.out.substr(0, 300);
    // The fused verdict first: the SYN and a Linux Firefox User-Agent agree.
    EXPECT_NE(r.out.find("198.51.100.5    Linux 3.11 and newer  99%   Linux 3.11 and newer  exact"), std::string::npos);
    EXPECT_NE(r.out.find("Firefox 10.x or newer  English"), std::string::npos);
    EXPECT_NE(r.err.find("56 packets, 56 TCP segments, 73 observations, 14 hosts"), std::string::npos) << r.err;
    const std::string blocks = r.out.substr(0, table);
    EXPECT_NE(blocks.find(".-[ 198.51.100.1/50000 -> 198.51.100.200/80 (syn) ]-\n|\n| client   = 198.51.100.1/50000\n"
                          "| os       = Linux 3.11 and newer\n| dist     = 0\n| params   = none\n"
                          "| raw_sig  = 4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n|\n`----\n\n"),
              std::string::npos);
    if (!test::have_p0f()) return;
    // p0f prints the same blocks between its banner and its "All done" line.
    const std::string p0f_out = test::temp_path("p0f.out");
    ASSERT_EQ(std::system(("TZ=UTC /usr/sbin/p0f -r " + fixture("p0f/http_cases") + " > " + p0f_out + " 2>/dev/null").c_str()), 0);
    std::string p0f = test::read_text(p0f_out);
    const auto start = p0f.find(".-[ "), end = p0f.find("\nAll done.");
    ASSERT_NE(start, std::string::npos);
    EXPECT_EQ(blocks, p0f.substr(start, end - start));
    EXPECT_EQ(run_passive_utc({"-r", fixture("p0f/http_cases"), "--no-summary"}).out, blocks);
}

// -q drops the console observations, the banner and the counters, not the host table.
TEST(PassiveCommand, QuietAloneStillPrintsTheHostTable) {
    auto full = run_passive_utc({"-r", fixture("p0f/http_cases")});
    auto quiet = run_passive_utc({"-r", fixture("p0f/http_cases"), "-q"});
    ASSERT_TRUE(full.status && quiet.status);
    const auto table = full.out.find("\nHost summary: 14 hosts\n");
    ASSERT_NE(table, std::string::npos);
    EXPECT_EQ(quiet.out, full.out.substr(table));
    EXPECT_EQ(quiet.err, "");
    EXPECT_EQ(run_passive_utc({"-r", fixture("p0f/http_cases"), "-q", "--no-summary"}).out, "");
}

// "-o -" writes p0f's log format to standard output, and nothing else goes there (as
// "--json -"); no file named "-" appears.
TEST(PassiveCommand, LogToStandardOutput) {
    const std::string log = test::temp_path("stdout-check.log");
    ASSERT_TRUE(run_passive_utc({"-r", fixture("passive/http_segments"), "-o", log, "-q"}).status);
    auto r = run_passive_utc({"-r", fixture("passive/http_segments"), "-o", "-"});
    ASSERT_TRUE(r.status) << r.status.error().describe();
    EXPECT_EQ(r.out, test::read_text(log));
    EXPECT_FALSE(std::filesystem::exists("-"));
}

// Fused verdicts show only in the host table and in JSON host lines: without either, the
// evidence stage is left out (the banner says so by not naming it), and p0f's outputs are
// the same either way.
TEST(PassiveCommand, EvidenceIsFusedOnlyWhenSomethingShowsIt) {
    const std::string with = test::temp_path("fused.log"), without = test::temp_path("plain.log");
    auto fused = run_passive_utc({"-r", fixture("passive/fusion"), "-o", with});
    auto plain = run_passive_utc({"-r", fixture("passive/fusion"), "-o", without, "--no-summary"});
    ASSERT_TRUE(fused.status && plain.status);
    EXPECT_NE(fused.err.find("fusing evidence from"), std::string::npos) << fused.err;
    EXPECT_EQ(plain.err.find("fusing evidence"), std::string::npos) << plain.err;
    EXPECT_EQ(test::read_text(with), test::read_text(without));
    EXPECT_EQ(fused.out.substr(0, fused.out.find("\nHost summary:")), plain.out);
    auto json = run_passive_utc({"-r", fixture("passive/fusion"), "--json", "-", "--no-summary"});
    ASSERT_TRUE(json.status);
    EXPECT_NE(json.out.find("\"verdict\":{\"family\":\"windows\""), std::string::npos);
}

// Every line of --json, over every capture fixture, is valid against
// docs/whorl-passive.schema.json; a line missing a field is not.
TEST(PassiveCommand, JsonLinesFollowTheirSchema) {
    if (std::system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) GTEST_SKIP() << "python3-jsonschema missing";
    const std::string lines = test::temp_path("all.jsonl");
    std::size_t runs = 0;
    for (const char* f : {"passive/fusion", "passive/http_segments", "passive/flows", "passive/caps", "tls/clients",
                          "p0f/http_cases", "p0f/tcp_cases", "p0f/uptime_cases", "dhcp/lab-clients", "lab/linux-pings"}) {
        auto r = run_passive_utc({"-r", fixture(f), "--json", "-", "-q"});
        ASSERT_TRUE(r.status) << f << ": " << r.status.error().describe();
        std::FILE* out = std::fopen(lines.c_str(), "a");
        ASSERT_NE(out, nullptr);
        std::fwrite(r.out.data(), 1, r.out.size(), out);
        std::fclose(out);
        ++runs;
    }
    const std::string schema = std::string(WHORL_SOURCE_DIR) + "/docs/whorl-passive.schema.json";
    const std::string check = test::temp_path("check.py");
    test::write_text(check,
                     "import json, sys, jsonschema\n"
                     "v = jsonschema.Draft202012Validator(json.load(open(sys.argv[1])))\n"
                     "lines = [json.loads(l) for l in open(sys.argv[2])]\n"
                     "kinds = set()\n"
                     "for d in lines:\n"
                     "    v.validate(d)\n"
                     "    kinds.add(d['type'] + ':' + d.get('module', ''))\n"
                     "broken = dict(next(d for d in lines if d.get('module') == 'syn'))\n"
                     "del broken['raw_sig']\n"
                     "assert not v.is_valid(broken)\n"
                     "print(len(lines), len(kinds))\n");
    const std::string result = test::temp_path("check.out");
    ASSERT_EQ(std::system(("/usr/bin/python3 " + check + " " + schema + " " + lines + " > " + result + " 2>&1").c_str()), 0)
        << test::read_text(result);
    unsigned long count = 0, kinds = 0;
    ASSERT_EQ(std::sscanf(test::read_text(result).c_str(), "%lu %lu", &count, &kinds), 2);
    EXPECT_GT(count, 400u);
    EXPECT_GE(kinds, 11u);  // every module seen in the fixtures, hosts and summaries
    EXPECT_EQ(runs, 10u);
}

TEST(PassiveCommand, JsonLinesHaveObservationsHostsAndASummary) {
    const std::string json = test::temp_path("out.json"), log = test::temp_path("out.log");
    ASSERT_TRUE(run_passive_utc({"-r", fixture("passive/http_segments"), "--json", json, "-o", log, "-q"}).status);
    const auto records = test::lines(test::read_text(json));
    std::size_t observations = 0, hosts = 0, summaries = 0;
    for (const auto& l : records) {
        ASSERT_TRUE(l.starts_with("{\"type\":\"") && l.ends_with("}")) << l;
        observations += l.starts_with("{\"type\":\"observation\"");
        hosts += l.starts_with("{\"type\":\"host\"");
        summaries += l.starts_with("{\"type\":\"summary\"");
    }
    EXPECT_EQ(observations, test::lines(test::read_text(log)).size());
    EXPECT_EQ(summaries, 1u);
    EXPECT_TRUE(records.back().starts_with("{\"type\":\"summary\""));
    EXPECT_NE(records.back().find("\"frames\":29"), std::string::npos) << records.back();
    EXPECT_GT(hosts, 4u);
    EXPECT_NE(test::read_text(json).find("\"module\":\"http request\""), std::string::npos);
    EXPECT_NE(test::read_text(json).find("\"software\":\"curl/7.88.1\""), std::string::npos);
    if (std::system("test -x /usr/bin/python3") == 0) {
        const std::string check = "/usr/bin/python3 -c \"import json,sys; [json.loads(l) for l in open(sys.argv[1])]\" ";
        EXPECT_EQ(std::system((check + json).c_str()), 0) << "not valid JSON lines";
    }
    // With --json - the JSON goes to standard output, alone.
    auto r = run_passive_utc({"-r", fixture("passive/flows"), "--json", "-"});
    ASSERT_TRUE(r.status);
    for (const auto& l : test::lines(r.out)) EXPECT_TRUE(l.starts_with("{\"type\":")) << l;
}

// tests/fixtures/pcap/passive/fusion.pcap: the table's verdict, the evidence list and the
// JSON host lines name each host's OS with the channels behind it (the fusion itself is
// checked in tests/unit/passive/passive_fusion_test.cpp).
TEST(PassiveCommand, FusedVerdictsAreShownWithTheirEvidence) {
    auto r = run_passive_utc({"-r", fixture("passive/fusion")});
    ASSERT_TRUE(r.status) << r.status.error().describe();
    EXPECT_NE(r.out.find("\nHost summary: 5 hosts\n"), std::string::npos);
    EXPECT_NE(r.out.find("198.51.100.31   Windows 10 or 11 "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("198.51.100.34   macOS 12 or newer "), std::string::npos) << r.out;
    const auto list = r.out.find("\nEvidence per host (+ for the verdict, - against it, . context):\n");
    ASSERT_NE(list, std::string::npos) << r.out;
    const auto block = [&](const std::string& head) {
        const auto at = r.out.find("\n" + head, list);
        return at == std::string::npos ? std::string() : r.out.substr(at + 1, r.out.find("\n\n", at + 1) - at - 1);
    };
    const std::string win = block("198.51.100.31  Windows 10 or 11 (windows) 100%\n");
    ASSERT_FALSE(win.empty()) << r.out.substr(list);
    for (const char* line :
         {"\n  + whorl_syn    Windows 10 or 11         r=0.85 ", "\n  + dhcp         Windows 10 or 11         r=0.85 ",
          "\n  + user_agent   Windows 11               r=0.75 ", "\n  + p0f_syn      Windows NT kernel        r=0.34 ",
          "\n  + mercury_syn  Windows windows_10 20H2  r=0.75 ", "\n  + icmp         Windows                  r=0.24 ",
          "\n  . mtu          Ethernet or modem        "})
        EXPECT_NE(win.find(line), std::string::npos) << line << "\n" << win;
    const std::string phone = block("198.51.100.33  Android ");
    EXPECT_NE(phone.find("\n  + p0f_syn "), std::string::npos) << phone;  // Linux kernel, for Android
    EXPECT_NE(phone.find("\n  + dhcp        Android 14 "), std::string::npos) << phone;
    EXPECT_EQ(r.out.find("198.51.100.200  "), r.out.rfind("198.51.100.200  "));  // no verdict, no block

    // JSON: the same verdicts, with sources and reasons.
    auto j = run_passive_utc({"-r", fixture("passive/fusion"), "--json", "-"});
    ASSERT_TRUE(j.status);
    std::string mac, phone_json;
    for (const auto& l : test::lines(j.out)) {
        if (l.starts_with("{\"type\":\"host\",\"ip\":\"198.51.100.34\"")) mac = l;
        if (l.starts_with("{\"type\":\"host\",\"ip\":\"198.51.100.33\"")) phone_json = l;
    }
    EXPECT_NE(mac.find("\"os\":null"), std::string::npos) << mac;
    EXPECT_NE(mac.find("\"verdict\":{\"family\":\"macos\",\"name\":\"macOS\",\"flavor\":\"12 or newer\",\"confidence\":0.8"),
              std::string::npos) << mac;
    EXPECT_NE(mac.find("\"sources\":[\"dhcp\"]"), std::string::npos) << mac;
    EXPECT_NE(phone_json.find("\"verdict\":{\"family\":\"android\""), std::string::npos) << phone_json;
    EXPECT_NE(phone_json.find("{\"role\":\"support\",\"source\":\"p0f_syn\",\"family\":\"linux\",\"name\":\"Linux\""),
              std::string::npos) << phone_json;
    for (const char* s : {"\"whorl_syn\"", "\"dhcp\"", "\"user_agent\"", "\"p0f_syn\""})
        EXPECT_NE(phone_json.substr(phone_json.find("\"sources\":[")).find(s), std::string::npos) << s;
    if (std::system("test -x /usr/bin/python3") == 0) {
        const std::string json = test::temp_path("fusion.json");
        test::write_text(json, j.out);
        const std::string check =
            "/usr/bin/python3 -c \"import json,sys; h=[json.loads(l) for l in open(sys.argv[1])]; "
            "v={x['ip']: x['verdict'] for x in h if x['type']=='host'}; "
            "assert v['198.51.100.31']['family']=='windows' and v['198.51.100.31']['confidence']>0.99; "
            "assert {'dhcp','user_agent','icmp','whorl_syn','p0f_syn'} <= set(v['198.51.100.32']['sources'])\" ";
        EXPECT_EQ(std::system((check + json).c_str()), 0) << j.out;
    }

    // --p0f-exact: p0f's host table, so no host known only from DHCP.
    auto exact = run_passive_utc({"-r", fixture("passive/fusion"), "--p0f-exact"});
    ASSERT_TRUE(exact.status);
    EXPECT_NE(exact.out.find("\nHost summary: 4 hosts\n"), std::string::npos);
    EXPECT_EQ(exact.out.find("198.51.100.34"), std::string::npos);
}

}  // namespace
}  // namespace whorl::cli
