// The lab itself: hosts are reachable only from the scanner namespace, listeners and
// filtered ports behave as asked, personas change sysctls, and everything is removed on
// destruction and on interruption.
#include "lab/lab.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "io/route.hpp"
#include "support/root.hpp"

namespace whorl::lab {
namespace {

bool namespace_exists(const std::string& name) { return std::filesystem::exists("/run/netns/" + name); }

// Non-blocking connect with a deadline: 0 connected, ECONNREFUSED, or ETIMEDOUT.
int try_connect(const IpAddress& ip, std::uint16_t port, int timeout_ms = 300) {
    int fd = ::socket(ip.is_v4() ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_storage ss{};
    socklen_t len;
    if (ip.is_v4()) {
        auto* s = reinterpret_cast<sockaddr_in*>(&ss);
        s->sin_family = AF_INET;
        s->sin_port = htons(port);
        std::memcpy(&s->sin_addr, ip.bytes().data(), 4);
        len = sizeof *s;
    } else {
        auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
        s->sin6_family = AF_INET6;
        s->sin6_port = htons(port);
        std::memcpy(&s->sin6_addr, ip.bytes().data(), 16);
        len = sizeof *s;
    }
    int result = 0;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
        if (errno != EINPROGRESS) {
            result = errno;
        } else {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, timeout_ms) == 0) {
                result = ETIMEDOUT;
            } else {
                socklen_t el = sizeof result;
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &result, &el);
            }
        }
    }
    ::close(fd);
    return result;
}

TEST(Lab, HostsAnswerFromTheScannerNamespaceAsConfigured) {
    WHORL_REQUIRE_ROOT();
    HostSpec host;
    host.open_tcp = {80};
    host.filtered_tcp = {25};
    auto lab = Lab::create({{host}});
    ASSERT_TRUE(lab) << lab.error().describe();
    auto guard = (*lab)->enter_scanner();
    ASSERT_TRUE(guard) << guard.error().describe();
    EXPECT_EQ(try_connect(Lab::host_v4(0), 80), 0);
    EXPECT_EQ(try_connect(Lab::host_v4(0), 81), ECONNREFUSED);
    EXPECT_EQ(try_connect(Lab::host_v4(0), 25), ETIMEDOUT);
    EXPECT_EQ(try_connect(Lab::host_v6(0), 80), 0);
    EXPECT_EQ(try_connect(Lab::host_v6(0), 81), ECONNREFUSED);

    auto route = io::route_to(Lab::host_v4(0));
    ASSERT_TRUE(route) << route.error().describe();
    EXPECT_EQ(route->interface, "br0");
    EXPECT_EQ(route->source, Lab::scanner_v4());
    EXPECT_FALSE(route->gateway);
    auto route6 = io::route_to(Lab::host_v6(0));
    ASSERT_TRUE(route6) << route6.error().describe();
    EXPECT_EQ(route6->source, Lab::scanner_v6());
    // No default route: nothing outside the lab is reachable.
    auto outside = io::route_to(*IpAddress::parse("198.18.0.1"));
    EXPECT_FALSE(outside);
}

TEST(Lab, PersonaSetsSysctlsAndMtu) {
    WHORL_REQUIRE_ROOT();
    HostSpec host;
    host.persona = *find_persona("bare");
    HostSpec mtu_host;
    mtu_host.persona = *find_persona("mtu1400");
    auto lab = Lab::create({{host, mtu_host}});
    ASSERT_TRUE(lab) << lab.error().describe();
    auto ttl = (*lab)->run_in_host(0, {"cat", "/proc/sys/net/ipv4/ip_default_ttl"});
    ASSERT_TRUE(ttl);
    EXPECT_EQ(ttl->out, "128\n");
    auto ts = (*lab)->run_in_host(0, {"cat", "/proc/sys/net/ipv4/tcp_timestamps"});
    EXPECT_EQ(ts->out, "0\n");
    auto other = (*lab)->run_in_host(1, {"cat", "/proc/sys/net/ipv4/ip_default_ttl"});
    EXPECT_EQ(other->out, "64\n");
    auto mtu = (*lab)->run_in_host(1, {"cat", "/sys/class/net/eth0/mtu"});
    EXPECT_EQ(mtu->out, "1400\n");
}

TEST(Lab, DestructionRemovesEveryNamespace) {
    WHORL_REQUIRE_ROOT();
    std::string scanner, host;
    {
        auto lab = Lab::create({});
        ASSERT_TRUE(lab) << lab.error().describe();
        scanner = (*lab)->scanner_namespace();
        host = (*lab)->host_namespace(0);
        ASSERT_TRUE((*lab)->spawn_in_host(0, {"sleep", "60"}));
        EXPECT_TRUE(namespace_exists(scanner));
        EXPECT_TRUE(namespace_exists(host));
    }
    EXPECT_FALSE(namespace_exists(scanner));
    EXPECT_FALSE(namespace_exists(host));
}

// Whether a process whose command line is exactly `argv0 arg1` is running.
bool running(const std::string& argv0, const std::string& arg1) {
    const std::string want = argv0 + std::string(1, '\0') + arg1 + std::string(1, '\0');
    std::error_code ec;
    for (const auto& p : std::filesystem::directory_iterator("/proc", ec)) {
        std::FILE* f = std::fopen((p.path() / "cmdline").c_str(), "r");
        if (!f) continue;
        char buf[256];
        std::size_t n = std::fread(buf, 1, sizeof buf, f);
        std::fclose(f);
        if (std::string(buf, n) == want) return true;
    }
    return false;
}

TEST(Lab, InterruptedLabToolCleansUp) {
    WHORL_REQUIRE_ROOT();
    std::string tool = std::string(WHORL_BINARY_DIR) + "/whorl-lab";
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2);
        ::execl(tool.c_str(), tool.c_str(), "--open", "80", "--", "sleep", "7303", nullptr);
        ::_exit(127);
    }
    std::string prefix = "wl" + std::to_string(pid) + "n";
    auto count = [&] {
        int n = 0;
        for (const auto& e : std::filesystem::directory_iterator("/run/netns"))
            if (e.path().filename().string().rfind(prefix, 0) == 0) ++n;
        return n;
    };
    for (int i = 0; i < 200 && !running("sleep", "7303"); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(count(), 2);
    // SIGTERM to the tool alone is passed on to its command; the tool then exits with the
    // command's status and removes the lab.
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
    EXPECT_EQ(count(), 0);
}

// Issue 15: Ctrl-C on whorl-lab left its command's children running in an orphaned
// namespace. The terminal's SIGINT (to the whole process group) stops the command, a child
// in a session of its own (setsid) included, and the lab goes.
TEST(Lab, CtrlCOnTheLabToolLeavesNoProcessBehind) {
    WHORL_REQUIRE_ROOT();
    std::string tool = std::string(WHORL_BINARY_DIR) + "/whorl-lab";
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setpgid(0, 0);  // a process group of its own, as a shell's foreground job
        int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 2);
        ::execl(tool.c_str(), tool.c_str(), "--", "sh", "-c", "setsid sleep 7301 & exec sleep 7302", nullptr);
        ::_exit(127);
    }
    ::setpgid(pid, pid);
    for (int i = 0; i < 200 && !(running("sleep", "7301") && running("sleep", "7302")); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(running("sleep", "7301") && running("sleep", "7302"));
    ::kill(-pid, SIGINT);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 128 + SIGINT);
    EXPECT_FALSE(running("sleep", "7301")) << "the setsid'ed child outlived the lab";
    EXPECT_FALSE(running("sleep", "7302"));
    std::string prefix = "wl" + std::to_string(pid) + "n";
    for (const auto& e : std::filesystem::directory_iterator("/run/netns"))
        EXPECT_NE(e.path().filename().string().rfind(prefix, 0), 0u) << e.path();
}

}  // namespace
}  // namespace whorl::lab
