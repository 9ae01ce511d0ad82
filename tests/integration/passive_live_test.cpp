// `whorl passive -i` on a lab bridge: capture starts, privileges are dropped (-u nobody),
// real Linux stacks (two personas) answer curl over IPv4 and IPv6 with an HTTP server, the
// observations appear in the log and JSON as they happen, the scanner's SYNs and User-Agent
// are fused into one verdict, SIGTERM stops it cleanly with the host summary and the
// kernel's counters. When p0f 3.09b is installed it listens on the same bridge at the same
// time, and the two logs must hold the same observations. Capture is on the lab's
// scanner-namespace bridge only.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "support/fixtures.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

using namespace std::chrono_literals;

std::multiset<std::string> lines_of(const std::string& text) {
    std::multiset<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.insert(l);
    return out;
}

// A process in the lab's scanner namespace (`ip netns exec` execs it, so the pid is its own).
// whorl with -u chroots, and LeakSanitizer's check at exit needs /proc, which the chroot
// hides: under the sanitizer build the chrooted runs go without it (AddressSanitizer and
// UBSan stay on; ignored by the normal build).
std::vector<std::string> chrooted(std::vector<std::string> argv) {
    argv.insert(argv.begin(), {"env", "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1"});
    return argv;
}

pid_t start_in(const std::string& ns, std::vector<std::string> argv, const std::filesystem::path& out) {
    argv.insert(argv.begin(), {"ip", "netns", "exec", ns});
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::vector<char*> c;
        for (auto& a : argv) c.push_back(a.data());
        c.push_back(nullptr);
        ::setenv("TZ", "UTC", 1);
        std::freopen(out.c_str(), "w", stdout);
        std::freopen((out.string() + ".err").c_str(), "w", stderr);
        ::execvp(c[0], c.data());
        ::_exit(127);
    }
    return pid;
}

int stop(pid_t pid) {
    ::kill(pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(50ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

bool wait_for(const std::filesystem::path& p) {
    for (int i = 0; i < 100 && !std::filesystem::exists(p); ++i) std::this_thread::sleep_for(50ms);
    return std::filesystem::exists(p);
}

unsigned uid_of(pid_t pid) {
    std::istringstream in(::whorl::test::file_text("/proc/" + std::to_string(pid) + "/status"));
    for (std::string l; std::getline(in, l);)
        if (l.starts_with("Uid:")) return static_cast<unsigned>(std::stoul(l.substr(4)));
    return ~0u;
}

TEST(PassiveLive, ObservesLabTrafficDropsPrivilegesAndStopsOnSigterm) {
    WHORL_REQUIRE_ROOT();
    lab::LabSpec spec;
    spec.hosts = {lab::HostSpec{}, lab::HostSpec{*lab::find_persona("ttl128")}};
    auto l = lab::Lab::create(spec);
    ASSERT_TRUE(l) << l.error().describe();
    auto& lab = **l;
    const auto dir = std::filesystem::temp_directory_path() / ("whorl-passive-live-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    struct Cleanup {
        std::filesystem::path d;
        ~Cleanup() { std::filesystem::remove_all(d); }
    } cleanup{dir};

    for (std::size_t h = 0; h < 2; ++h)
        ASSERT_TRUE(lab.spawn_in_host(h, {"sh", "-c", "exec /usr/bin/python3 -m http.server 8080 --bind :: >/dev/null 2>&1"}));
    const std::string whorl = std::string(WHORL_BINARY_DIR) + "/whorl";
    const pid_t ours = start_in(lab.scanner_namespace(),
                                chrooted({whorl, "passive", "-i", "br0", "-o", (dir / "whorl.log").string(), "--json",
                                          (dir / "whorl.json").string(), "-u", "nobody", "tcp port 8080"}),
                                dir / "whorl.out");
    const bool with_p0f = ::access("/usr/sbin/p0f", X_OK) == 0;
    const pid_t theirs = with_p0f ? start_in(lab.scanner_namespace(),
                                             {"/usr/sbin/p0f", "-i", "br0", "-o", (dir / "p0f.log").string(),
                                              "tcp port 8080"},
                                             dir / "p0f.out")
                                  : -1;
    ASSERT_TRUE(wait_for(dir / "whorl.log")) << ::whorl::test::file_text(dir / "whorl.out.err");
    if (with_p0f) {
        ASSERT_TRUE(wait_for(dir / "p0f.log"));
    }
    // The log is opened just before privileges are dropped: wait for the switch.
    for (int i = 0; i < 100 && uid_of(ours) != 65534u; ++i) std::this_thread::sleep_for(20ms);
    EXPECT_EQ(uid_of(ours), 65534u) << "privileges not dropped to nobody";
    // nobody's home is /nonexistent: confined to an empty directory instead, as promised.
    std::error_code root_ec;
    auto root = std::filesystem::read_symlink("/proc/" + std::to_string(ours) + "/root", root_ec);
    EXPECT_EQ(root.string(), "/run/whorl/empty") << root_ec.message();
    std::this_thread::sleep_for(1s);  // the HTTP servers start listening

    const std::string ua = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    for (const auto& url : {"http://198.51.100.2:8080/", "http://198.51.100.3:8080/", "http://[2001:db8::3]:8080/"}) {
        auto r = lab.run_in_scanner(
            {"curl", "-s", "-g", "--retry", "20", "--retry-delay", "0", "--retry-connrefused", "-o", "/dev/null",
             "-A", ua, url},
            20s);
        ASSERT_TRUE(r && r->exit_status == 0) << url;
    }
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(stop(ours), 0) << ::whorl::test::file_text(dir / "whorl.out.err");
    if (with_p0f) stop(theirs);

    const std::string log = ::whorl::test::file_text(dir / "whorl.log");
    EXPECT_NE(log.find("mod=syn|cli=198.51.100.1/"), std::string::npos) << log;
    EXPECT_NE(log.find("|srv=198.51.100.3/8080|subj=srv|os=???|dist=0|params=none|raw_sig=4:128+0:"),
              std::string::npos)
        << "the ttl128 host's SYN+ACK";
    EXPECT_NE(log.find("mod=syn+ack|cli=2001:db8:0:0:0:0:0:1/"), std::string::npos);
    EXPECT_NE(log.find("mod=http request"), std::string::npos);
    EXPECT_NE(log.find("Firefox/121.0"), std::string::npos);
    EXPECT_NE(log.find("mod=http response"), std::string::npos);

    const std::string json = ::whorl::test::file_text(dir / "whorl.json");
    const auto last = json.rfind("{\"type\":\"summary\"");
    ASSERT_NE(last, std::string::npos);
    const std::string summary = json.substr(last);
    EXPECT_NE(summary.find("\"live\":true,\"interrupted\":true"), std::string::npos) << summary;
    EXPECT_NE(summary.find("\"capture\":{\"received\":"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("\"received\":0,"), std::string::npos) << summary;
    EXPECT_NE(json.find("{\"type\":\"host\",\"ip\":\"198.51.100.3\""), std::string::npos);
    // The scanner's real Linux SYNs and its Firefox-on-Linux User-Agent, fused.
    const auto scanner = json.find("{\"type\":\"host\",\"ip\":\"198.51.100.1\"");
    ASSERT_NE(scanner, std::string::npos);
    const std::string host = json.substr(scanner, json.find('\n', scanner) - scanner);
    EXPECT_NE(host.find("\"verdict\":{\"family\":\"linux\",\"name\":\"Linux\""), std::string::npos) << host;
    const std::string sources = host.substr(host.find("\"sources\":["));
    EXPECT_NE(sources.find("\"user_agent\""), std::string::npos) << host;
    EXPECT_NE(sources.find("_syn\""), std::string::npos) << host;  // p0f's or whorl's reading of its SYNs
    const std::string err = ::whorl::test::file_text(dir / "whorl.out.err");
    EXPECT_NE(err.find("running as uid 65534"), std::string::npos) << err;
    EXPECT_NE(err.find("kernel: "), std::string::npos) << err;
    EXPECT_NE(::whorl::test::file_text(dir / "whorl.out").find("Host summary: "), std::string::npos);

    if (with_p0f) {
        EXPECT_EQ(lines_of(log), lines_of(::whorl::test::file_text(dir / "p0f.log"))) << "whorl and p0f disagree live";
    }
}

// -u drops privileges into a chroot (nobody: an empty directory); what the run needs from
// data/ must be loaded before, the TLS OS model included (it is otherwise read at the
// first hello): the hellos of a capture still get mercury's OS reading.
TEST(PassiveLive, ChrootedRunStillReadsTheTlsModel) {
    WHORL_REQUIRE_ROOT();
    const std::string whorl = std::string(WHORL_BINARY_DIR) + "/whorl";
    const std::string pcap = std::string(WHORL_SOURCE_DIR) + "/tests/fixtures/pcap/tls/clients.pcap";
    auto r = lab::run_command(chrooted({whorl, "passive", "-r", pcap, "-u", "nobody", "--json", "-"}));
    ASSERT_TRUE(r) << r.error().describe();
    ASSERT_EQ(r->exit_status, 0) << r->err;
    std::size_t hellos = 0, read = 0;
    for (std::size_t at = 0; (at = r->out.find("\"module\":\"tls client hello\"", at)) != std::string::npos; ++at) {
        ++hellos;
        auto end = r->out.find('\n', at);
        if (r->out.substr(at, end - at).find("\"os\":{\"family\"") != std::string::npos) ++read;
    }
    EXPECT_EQ(hellos, 6u) << r->out;
    EXPECT_GE(read, 4u) << r->out;
}

}  // namespace
}  // namespace whorl
