// TLS ClientHellos of real client libraries, captured in the lab: an OpenSSL server in a
// lab host, and from the scanner namespace curl and openssl s_client (OpenSSL), Python's
// ssl (OpenSSL with Python's defaults), wget and gnutls-cli (GnuTLS) and Node (its own
// OpenSSL build). Each client's stream is cut from the capture by whorl's own pcap reader
// and frame decoder, its first handshake message parsed by fp/tls, and JA3's text compared
// with what tshark's TLS dissector prints for the same packet (tls.handshake.ja3_full;
// Debian 12's Wireshark 4.0 has no JA4, whose hashing is checked against its
// specification's example in tests/unit/fp/tls/). Every client gets a JA4 and the
// libraries are told apart.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "fp/tls/handshake_scan.hpp"
#include "fp/tls/hello.hpp"
#include "fp/tls/ja4.hpp"
#include "io/pcap_source.hpp"
#include "lab/lab.hpp"
#include "support/external_tools.hpp"
#include "support/root.hpp"
#include "wire/frame.hpp"

namespace whorl {
namespace {

using report::test::run_command;
using report::test::ScratchDir;
using report::test::shell_quote;

constexpr int kPort = 4433;

// Client payload bytes per source port, in arrival order (the lab neither loses nor
// reorders), and the ports in the order their SYNs came.
struct Streams {
    std::vector<std::uint16_t> order;
    std::map<std::uint16_t, std::vector<std::byte>> client_bytes;
};

Streams read_streams(const std::string& pcap) {
    Streams s;
    auto src = io::PcapSource::open_file(pcap);
    EXPECT_TRUE(src) << src.error().describe();
    if (!src) return s;
    auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>((*src)->datalink()));
    while (true) {
        auto pkt = (*src)->next();
        if (!pkt || !*pkt) break;
        auto f = wire::decode_frame(*link, (**pkt).data);
        if (!f.tcp || f.tcp->dst_port() != kPort) continue;
        std::uint16_t port = f.tcp->src_port();
        if (f.tcp->syn()) s.order.push_back(port);
        auto payload = f.tcp->payload();
        s.client_bytes[port].insert(s.client_bytes[port].end(), payload.begin(), payload.end());
    }
    return s;
}

TEST(TlsHello, ClientLibrariesInTheLabAgreeWithTshark) {
    WHORL_REQUIRE_ROOT();
    ScratchDir dir;
    std::string key = dir.path() + "/key.pem", cert = dir.path() + "/cert.pem", pcap = dir.path() + "/tls.pcap";
    auto made = run_command("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=lab.example "
                            "-keyout " + shell_quote(key) + " -out " + shell_quote(cert) + " 2>&1");
    ASSERT_EQ(made.status, 0) << made.output;
    auto l = lab::Lab::create({{lab::HostSpec{}}});
    ASSERT_TRUE(l) << l.error().describe();
    ASSERT_TRUE((*l)->spawn_in_host(0, {"openssl", "s_server", "-quiet", "-www", "-accept", std::to_string(kPort), "-cert",
                                        cert, "-key", key}));
    std::string host = lab::Lab::host_v4(0).to_string();
    std::string url = "https://" + host + ":" + std::to_string(kPort) + "/";
    // One client after the other, each its own connection; `|| true`: a client that
    // dislikes the self-signed certificate has sent its hello all the same.
    std::vector<std::pair<std::string, std::string>> clients = {
        {"curl", "curl -sk --max-time 5 -o /dev/null " + url},
        {"openssl", "openssl s_client -connect " + host + ":" + std::to_string(kPort) + " -servername lab.example </dev/null"},
        {"python", "/usr/bin/python3 -c \"import socket, ssl; c = ssl.create_default_context(); c.check_hostname = False; "
                   "c.verify_mode = ssl.CERT_NONE; c.wrap_socket(socket.create_connection(('" + host + "', " +
                       std::to_string(kPort) + ")), server_hostname='lab.example').close()\""},
        {"wget", "wget -q -T 5 -t 1 --no-check-certificate -O /dev/null " + url},
        {"gnutls", "gnutls-cli --insecure --sni-hostname=lab.example -p " + std::to_string(kPort) + " " + host + " </dev/null"},
        {"node", "node -e \"require('tls').connect({host: '" + host + "', port: " + std::to_string(kPort) +
                     ", servername: 'lab.example', rejectUnauthorized: false}, function () { this.end(); })\""},
    };
    // tcpdump says "listening on" once it captures: a busy machine can take seconds.
    std::string script = "tcpdump -i " + lab::Lab::scanner_interface() + " -U -s 0 -w " + shell_quote(pcap) + " tcp port " +
                         std::to_string(kPort) + " 2>" + shell_quote(dir.path() + "/dump.err") + " & dump=$!\n" +
                         "for i in $(seq 300); do grep -q 'listening on' " + shell_quote(dir.path() + "/dump.err") +
                         " && break; sleep 0.1; done\n";
    // The server needs a moment to listen; the first client waits for it.
    script += "for i in $(seq 50); do (exec 3<>/dev/tcp/" + host + "/" + std::to_string(kPort) + ") 2>/dev/null && break; sleep 0.1; done\n";
    for (const auto& c : clients)
        script += "timeout 10 " + c.second + " >/dev/null 2>&1 || echo " + c.first + " failed: $?; sleep 0.2\n";
    // The capture stops a second after the last client, and after one more connection.
    script += "sleep 1; (exec 3<>/dev/tcp/" + host + "/" + std::to_string(kPort) + ") 2>/dev/null; sleep 0.5; kill $dump; wait $dump\n";
    auto r = (*l)->run_in_scanner({"bash", "-c", script}, std::chrono::seconds(90));
    ASSERT_TRUE(r) << r.error().describe();

    // WHORL_TLS_PCAP=FILE keeps the capture (tests/fixtures/pcap/tls/clients.pcap was made so).
    if (const char* keep = std::getenv("WHORL_TLS_PCAP")) run_command("cp " + shell_quote(pcap) + " " + shell_quote(keep));
    Streams s = read_streams(pcap);
    // The first and last connections are probes (no payload); the clients come between, in order.
    std::vector<std::uint16_t> with_data;
    for (auto port : s.order)
        if (!s.client_bytes[port].empty()) with_data.push_back(port);
    std::string seen;
    for (auto port : s.order) seen += std::to_string(port) + ":" + std::to_string(s.client_bytes[port].size()) + " ";
    ASSERT_EQ(with_data.size(), clients.size()) << "streams (port:client bytes): " << seen << "\n" << r->out << r->err;

    auto tshark = run_command("tshark -r " + shell_quote(pcap) +
                              " -Y tls.handshake.type==1 -T fields -e tcp.srcport -e tls.handshake.ja3_full 2>/dev/null");
    ASSERT_EQ(tshark.status, 0) << tshark.output;
    std::map<std::uint16_t, std::string> ja3_by_port;
    std::istringstream lines(tshark.output);
    for (std::string line; std::getline(lines, line);) {
        auto tab = line.find('\t');
        if (tab != std::string::npos) ja3_by_port[static_cast<std::uint16_t>(std::stoi(line.substr(0, tab)))] = line.substr(tab + 1);
    }

    std::set<std::string> ja4s;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        SCOPED_TRACE(clients[i].first);
        std::uint16_t port = with_data[i];
        auto scan = fp::tls::scan_first_handshake(s.client_bytes[port]);
        ASSERT_EQ(scan.status, fp::tls::ScanStatus::found);
        ASSERT_EQ(scan.message.type, fp::tls::handshake::kClientHello);
        auto hello = fp::tls::parse_client_hello(scan.message.body);
        ASSERT_TRUE(hello);
        ASSERT_TRUE(ja3_by_port.count(port)) << tshark.output;
        EXPECT_EQ(fp::tls::ja3_text(*hello), ja3_by_port[port]);
        std::string ja4 = fp::tls::ja4(*hello);
        EXPECT_EQ(ja4.size(), 36u) << ja4;
        EXPECT_EQ(ja4.substr(0, 1), "t");
        // curl, wget, gnutls-cli and Node name the IP address they were given in no SNI.
        bool named = clients[i].first == "openssl" || clients[i].first == "python" || clients[i].first == "gnutls" ||
                     clients[i].first == "node";
        EXPECT_EQ(hello->has_server_name, named) << ja4;
        if (named) {
            EXPECT_EQ(hello->server_name, "lab.example");
        }
        // WHORL_TLS_SEEDS=DIR keeps each client's stream there: the seeds of the tls_hello
        // fuzz target (tests/fuzz/regressions/tls_hello/) were made so.
        if (const char* seeds = std::getenv("WHORL_TLS_SEEDS")) {
            std::ofstream out(std::string(seeds) + "/seed_" + clients[i].first + ".bin", std::ios::binary);
            out.write(reinterpret_cast<const char*>(s.client_bytes[port].data()),
                      static_cast<std::streamsize>(s.client_bytes[port].size()));
        }
        std::cout << clients[i].first << ": " << ja4 << "  " << fp::tls::ja4_r(*hello) << "\n";
        ja4s.insert(ja4);
    }
    // OpenSSL (three ways configured), GnuTLS (two) and Node: at least three distinct prints.
    EXPECT_GE(ja4s.size(), 3u);

    // The same capture through `whorl passive`: one "tls client hello" observation per
    // client with the JA4 computed above, one "tls server hello" per connection (TLS 1.3
    // from this OpenSSL server), and no TLS evidence in the verdicts: mercury's table saw
    // these libraries' hellos on Windows and macOS alike, never decisively.
    std::string json = dir.path() + "/passive.json";
    auto passive = run_command(std::string(WHORL_BINARY_DIR) + "/whorl passive -q -r " + shell_quote(pcap) + " --json " +
                               shell_quote(json) + " 2>&1");
    ASSERT_EQ(passive.status, 0) << passive.output;
    auto lines_of = [&](const std::string& needle) {
        auto count = run_command("grep -c " + shell_quote(needle) + " " + shell_quote(json));
        return count.output.empty() ? 0 : std::stoi(count.output);
    };
    EXPECT_EQ(lines_of("\"module\":\"tls client hello\""), static_cast<int>(clients.size()));
    EXPECT_EQ(lines_of("\"module\":\"tls server hello\""), static_cast<int>(clients.size()));
    EXPECT_EQ(lines_of("\"version\":\"0304\",\"cipher\""), static_cast<int>(clients.size()));
    for (const auto& j : ja4s) EXPECT_GE(lines_of("\"ja4\":\"" + j + "\""), 1) << j;
    EXPECT_EQ(lines_of("\"source\":\"tls_client\""), 0);
    EXPECT_EQ(lines_of("\"decisive\":true"), 0);
}

}  // namespace
}  // namespace whorl
