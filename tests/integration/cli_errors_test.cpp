// The whorl binary on bad input: one clear message on stderr and a non-zero exit status,
// never a crash; and without privileges, Nmap's refusal.
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "lab/process.hpp"
#include "support/external_tools.hpp"
#include "support/lab_scans.hpp"
#include "support/nats_server.hpp"
#include "support/root.hpp"
#include "support/whorl_binary.hpp"

namespace whorl {
namespace {


// A copy of the whorl binary, in `scratch`, that user nobody may run: a build tree under a
// private home (/root is mode 700) is out of its reach. Empty after a recorded failure.
std::string copy_for_nobody(const report::test::ScratchDir& scratch) {
    if (scratch.path().empty()) {
        ADD_FAILURE() << "no scratch directory";
        return {};
    }
    const std::string copy = scratch.path() + "/whorl";
    std::error_code ec;
    std::filesystem::copy_file(test::kWhorlBinary, copy, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec) std::filesystem::permissions(scratch.path(), std::filesystem::perms(0755), ec);
    if (!ec) std::filesystem::permissions(copy, std::filesystem::perms(0755), ec);
    if (ec) {
        ADD_FAILURE() << copy << ": " << ec.message();
        return {};
    }
    return copy;
}

TEST(CliErrors, UsageErrorsExitTwoWithOneMessage) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--no-such-flag"},
                                                 {"-p", "90-80", "198.51.100.2"},
                                                 {"-p", "70000", "198.51.100.2"},
                                                 {"--exclude", "198.51.100.300", "198.51.100.2"},
                                                 {"-iL", "/nonexistent/targets.txt"}}) {
        std::vector<std::string> argv{test::kWhorlBinary};
        argv.insert(argv.end(), args.begin(), args.end());
        auto r = lab::run_command(argv);
        ASSERT_TRUE(r);
        EXPECT_NE(r->exit_status, 0) << args[0];
        EXPECT_LT(r->exit_status, 128) << "crashed: " << args[0];
        EXPECT_EQ(r->err.rfind("whorl: ", 0), 0u) << r->err;
        EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << r->err;
    }
}

// Issue 16: a bad --shard or --seed is a usage error (2); a --resume file that cannot be
// read is an error naming it (1, as an -iL file that cannot be read).
TEST(CliErrors, BadShardsAndResumeFilesAreOneMessage) {
    struct Case {
        std::vector<std::string> args;
        int status;
        std::string needle;
    };
    for (const auto& c : std::vector<Case>{{{"--shard", "0/4", "--seed", "1", "198.51.100.2"}, 2, "not '0/4'"},
                                           {{"--shard", "5/4", "--seed", "1", "198.51.100.2"}, 2, "not '5/4'"},
                                           {{"--shard", "x", "--seed", "1", "198.51.100.2"}, 2, "not 'x'"},
                                           {{"--shard", "1/4", "198.51.100.2"}, 2, "--shard needs --seed"},
                                           {{"--seed", "many", "198.51.100.2"}, 2, "--seed takes a number"},
                                           {{"--resume", "/nonexistent/scan.gnmap"}, 1, "/nonexistent/scan.gnmap"},
                                           {{"--resume", "/"}, 1, "is a directory"},
                                           {{"--resume", "/etc/hostname", "-v"}, 2, "no other options"}}) {
        std::vector<std::string> argv{test::kWhorlBinary};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        auto r = lab::run_command(argv);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->exit_status, c.status) << c.args[1] << ": " << r->err;
        EXPECT_EQ(r->err.rfind("whorl: ", 0), 0u) << r->err;
        EXPECT_NE(r->err.find(c.needle), std::string::npos) << r->err;
        EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << r->err;
        EXPECT_EQ(r->out, "");
    }
}

TEST(CliErrors, UnresolvableNameIsAWarningAndNothingIsScanned) {
    WHORL_REQUIRE_ROOT();
    auto l = lab::Lab::create({});
    ASSERT_TRUE(l);
    auto r = (*l)->run_in_scanner({test::kWhorlBinary, "-Pn", "no-such-host.invalid"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->exit_status, 0);
    EXPECT_NE(r->err.find("Failed to resolve \"no-such-host.invalid\"."), std::string::npos) << r->err;
    EXPECT_NE(r->out.find("0 IP addresses (0 hosts up)"), std::string::npos) << r->out;
}

// A name with addresses of the other family only: Nmap's warning says so before "Failed to
// resolve", with -6 and without, in whorl as in Nmap 7.93. The names come from a private
// /etc/hosts, bind-mounted in a mount namespace of the scanner's own (nothing is sent).
TEST(CliErrors, ANameOfTheOtherFamilyOnlyIsNmapsWarning) {
    WHORL_REQUIRE_ROOT();
    auto l = lab::Lab::create({});
    ASSERT_TRUE(l);
    report::test::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string hosts = dir.write("hosts", "198.51.100.2 whorl-v4-only\n2001:db8::2 whorl-v6-only\n");
    auto stderr_lines = [&](const std::string& tool, const std::string& family, const std::string& name) {
        auto r = test::run_in_scanner_with_hosts(**l, hosts, tool + " " + family + " -Pn " + name);
        std::vector<std::string> lines;
        if (!r) {
            ADD_FAILURE() << r.error().describe();
            return lines;
        }
        EXPECT_EQ(r->exit_status, 0) << tool << " " << family << " " << name << ": " << r->err;
        for (std::size_t at = 0, end; (end = r->err.find('\n', at)) != std::string::npos; at = end + 1)
            if (r->err.compare(at, 8, "Warning:") == 0 || r->err.compare(at, 7, "Failed ") == 0)
                lines.push_back(r->err.substr(at, end - at));
        return lines;
    };
    const std::pair<const char*, const char*> kCases[] = {{"-6", "whorl-v4-only"}, {"-4", "whorl-v6-only"}};
    for (const auto& [family, name] : kCases) {
        auto whorl = stderr_lines(test::kWhorlBinary, family, name);
        ASSERT_EQ(whorl.size(), 2u) << name;
        EXPECT_EQ(whorl[0], std::string("Warning: Hostname ") + name + " resolves, but not to any IPv" +
                                (std::string(family) == "-6" ? "6 address. Try scanning without -6" : "4 address. Try scanning with -6"));
        EXPECT_EQ(whorl[1], std::string("Failed to resolve \"") + name + "\".");
        EXPECT_EQ(stderr_lines("nmap", family, name), whorl) << name;
    }
}

// A target that cannot be read, on the command line or in an -iL list, is a warning that
// names it (and its line in the list); the others are scanned and the XML is complete.
TEST(CliErrors, BadTargetIsSkippedWithAWarningAndTheRestAreScanned) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    const std::string host = lab::Lab::host_v4(0).to_string();
    report::test::ScratchDir dir;
    ASSERT_FALSE(dir.path().empty());
    const std::string list = dir.write("targets.txt", "# lab hosts\n198.51.100.7/40\n" + host + "\n");
    const std::string xml = dir.path() + "/scan.xml";
    auto r = l->run_in_scanner({test::kWhorlBinary, "-n", "-Pn", "-p", "22", "-oX", xml, "-iL", list, "198.51.100.300"});
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->exit_status, 0) << r->err;
    EXPECT_NE(r->err.find("bad target '198.51.100.300'"), std::string::npos) << r->err;
    EXPECT_NE(r->err.find("-iL " + list + ":2: bad target '198.51.100.7/40'"), std::string::npos) << r->err;
    EXPECT_NE(r->out.find("22/tcp open"), std::string::npos) << r->out;
    EXPECT_NE(r->out.find("1 IP address (1 host up)"), std::string::npos) << r->out;
    std::string text;
    if (std::FILE* f = std::fopen(xml.c_str(), "r")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
        std::fclose(f);
    }
    EXPECT_NE(text.find("</nmaprun>"), std::string::npos) << text;
    EXPECT_NE(text.find("portid=\"22\""), std::string::npos) << text;
}

// Issue 15: a report file that cannot be written (a full file system; /dev/full) was a
// silent exit 0. Now: the scan's report on the terminal, then one error naming the file.
TEST(CliErrors, AReportThatCannotBeWrittenIsAnError) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    for (const char* format : {"-oX", "-oN", "-oG", "-oJ"}) {
        auto r = l->run_in_scanner({test::kWhorlBinary, "-n", "-Pn", "-p", "22", format, "/dev/full", lab::Lab::host_v4(0).to_string()});
        ASSERT_TRUE(r) << r.error().describe();
        EXPECT_NE(r->exit_status, 0) << format;
        EXPECT_LT(r->exit_status, 128) << format;
        EXPECT_EQ(r->err, "whorl: Failed to write to output file /dev/full: No space left on device\n") << format;
        EXPECT_NE(r->out.find("22/tcp open"), std::string::npos) << r->out;
    }
}

// Issue 15: a target with no route was dropped without a word. In the scanner's namespace
// the lab's /24 is narrowed to a /25, so 198.51.100.200 has no route (nothing is sent to
// it); Nmap's two warnings, and the other target is scanned.
TEST(CliErrors, ATargetWithoutARouteIsNamed) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto narrowed = l->run_in_scanner(
        {"sh", "-c",
         "dev=$(ip -4 route | awk '/^198.51.100.0\\/24/ {print $3}') && ip route del 198.51.100.0/24 dev \"$dev\" && "
         "ip route add 198.51.100.0/25 dev \"$dev\""});
    ASSERT_TRUE(narrowed && narrowed->exit_status == 0) << (narrowed ? narrowed->err : narrowed.error().describe());
    auto alone = l->run_in_scanner({test::kWhorlBinary, "-n", "-Pn", "-p", "22", "198.51.100.200"});
    ASSERT_TRUE(alone) << alone.error().describe();
    EXPECT_EQ(alone->exit_status, 0) << alone->err;
    EXPECT_EQ(alone->err,
              "setup_target: failed to determine route to 198.51.100.200\n"
              "WARNING: No targets were specified, so 0 hosts scanned.\n");
    EXPECT_NE(alone->out.find("0 IP addresses (0 hosts up)"), std::string::npos) << alone->out;
    auto both =
        l->run_in_scanner({test::kWhorlBinary, "-n", "-Pn", "-p", "22", "198.51.100.200", lab::Lab::host_v4(0).to_string()});
    ASSERT_TRUE(both) << both.error().describe();
    EXPECT_EQ(both->err, "setup_target: failed to determine route to 198.51.100.200\n");
    EXPECT_NE(both->out.find("22/tcp open"), std::string::npos) << both->out;
}

// Issue 15: root without CAP_NET_RAW (setpriv, util-linux: essential in Debian, drops it
// from the bounding set) was told
// "Host seems down ... try -Pn" although -Pn was given. Now the scan fails with the reason
// and reports no host.
TEST(CliErrors, RootWithoutNetRawIsToldWhy) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto r = l->run_in_scanner({"setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw", test::kWhorlBinary, "-n", "-Pn",
                                   "-p", "22", lab::Lab::host_v4(0).to_string()});
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_NE(r->exit_status, 0);
    EXPECT_LT(r->exit_status, 128);
    EXPECT_EQ(r->out.find("Host seems down"), std::string::npos) << r->out;
    EXPECT_NE(r->out.find("0 IP addresses (0 hosts up)"), std::string::npos) << r->out;
    EXPECT_NE(r->err.find("CAP_NET_RAW"), std::string::npos) << r->err;
}

// Issue 15: --privileged was accepted and ignored, so a user with CAP_NET_RAW and
// CAP_NET_ADMIN could not scan. Now it scans (as Nmap does with --privileged); without the
// flag it is still Nmap's refusal.
TEST(CliErrors, PrivilegedScansWithTheTwoCapabilities) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    report::test::ScratchDir scratch;
    const std::string copy = copy_for_nobody(scratch);
    ASSERT_FALSE(copy.empty());
    const std::vector<std::string> as_nobody = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                                "--inh-caps=+net_raw,+net_admin", "--ambient-caps=+net_raw,+net_admin",
                                                copy};
    auto with = as_nobody;
    for (const char* a : {"--privileged", "-n", "-Pn", "-p", "22"}) with.push_back(a);
    with.push_back(lab::Lab::host_v4(0).to_string());
    auto r = l->run_in_scanner(with);
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r->exit_status, 0) << r->err;
    EXPECT_NE(r->out.find("22/tcp open"), std::string::npos) << r->out << r->err;
    auto without = as_nobody;
    for (const char* a : {"-n", "-Pn", "-p", "22"}) without.push_back(a);
    without.push_back(lab::Lab::host_v4(0).to_string());
    auto refused = l->run_in_scanner(without);
    ASSERT_TRUE(refused) << refused.error().describe();
    EXPECT_EQ(refused->exit_status, 4);
    EXPECT_EQ(refused->err, "whorl: You requested a scan type which requires root privileges.\n");
}

// Issue 15: the active scan kept uid 0 and every capability to the end. Now, once set up,
// it holds CAP_NET_RAW and CAP_NET_ADMIN only (bounding set included), and with -u it runs
// as that user: read from /proc while a slow scan is under way.
TEST(CliErrors, TheScanKeepsOnlyTheNetworkCapabilities) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    const std::string host = lab::Lab::host_v4(0).to_string();
    for (const std::string user : {"", "nobody"}) {
        const std::string as = user.empty() ? "" : " -u " + user;
        // A process that switched users is not dumpable: LeakSanitizer (sanitizer build) could
        // not stop its threads at exit, so it does not look for leaks there.
        const std::string env = user.empty() ? "" : "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 ";
        auto r = l->run_in_scanner(
            {"sh", "-c",
             env + "\"$0\" -n -Pn" + as + " --scan-delay 400ms -p 20-26 " + host +
                 " >/dev/null & p=$!; sleep 1.2; grep -E '^(Uid|CapEff|CapPrm|CapBnd):' /proc/$p/status; wait $p",
             test::kWhorlBinary});
        ASSERT_TRUE(r) << r.error().describe();
        EXPECT_EQ(r->exit_status, 0) << r->err;
        const std::string uid = user.empty() ? "0" : "65534";
        EXPECT_NE(r->out.find("Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n"), std::string::npos) << r->out;
        for (const char* set : {"CapEff", "CapPrm", "CapBnd"})
            EXPECT_NE(r->out.find(std::string(set) + ":\t0000000000003000\n"), std::string::npos) << set << "\n" << r->out;
    }
}

TEST(CliErrors, WithoutPrivilegesNmapsRefusal) {
    WHORL_REQUIRE_ROOT();
    passwd* nobody = ::getpwnam("nobody");
    ASSERT_NE(nobody, nullptr);
    report::test::ScratchDir scratch;
    const std::string copy = copy_for_nobody(scratch);
    ASSERT_FALSE(copy.empty());
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 2);
        if (::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0) ::_exit(99);
        ::execl(copy.c_str(), copy.c_str(), "-Pn", "-O", "198.51.100.2", nullptr);
        ::_exit(98);
    }
    ::close(out[1]);
    std::string err;
    char buf[512];
    for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) err.append(buf, static_cast<std::size_t>(n));
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 4);
    EXPECT_EQ(err, "whorl: TCP/IP fingerprinting (for OS scan) requires root privileges.\n");
}

// Issue 16's scanner fleet: a bad --jetstream URL or queue name is a usage error (2); a NATS
// server that does not answer, a queue that was never submitted to and a credentials or CA
// file that cannot be read are one message each (1), for submit, a worker and results
// alike. The server is a real nats-server in a lab namespace.
TEST(CliErrors, FleetErrorsAreOneMessage) {
    WHORL_REQUIRE_ROOT();
    auto l = lab::Lab::create({});
    ASSERT_TRUE(l) << l.error().describe();
    report::test::ScratchDir dir;
    auto nats = test::NatsServer::start({(*l)->scanner_namespace(), lab::Lab::scanner_v4().to_string(), 4222, "n0", {}},
                                        dir.path());
    ASSERT_TRUE(nats) << nats.error().describe();
    ASSERT_TRUE((*nats)->wait_ready(std::chrono::seconds(10)));
    const std::string url = (*nats)->url(), down = "nats://127.0.0.1:1";
    struct Case {
        std::vector<std::string> args;
        int status;
        std::string needle;
    };
    for (const auto& c : std::vector<Case>{
             {{"submit", "--jetstream", "bogus url", "--queue", "q", "198.51.100.2"}, 2, "is not a NATS server URL"},
             {{"-Pn", "--jetstream", "http://127.0.0.1:4222", "--queue", "q"}, 2, "is not a NATS server URL"},
             {{"results", "--jetstream", "nats://127.0.0.1:99999", "--queue", "q"}, 2, "is not a NATS server URL"},
             {{"-Pn", "--jetstream", url}, 2, "--jetstream needs --queue"},
             {{"submit", "--queue", "q", "198.51.100.2"}, 2, "--queue needs --jetstream"},
             {{"-Pn", "--jetstream", url, "--queue", "a.b"}, 2, "--queue takes"},
             {{"-Pn", "--jetstream", url, "--queue", "q", "198.51.100.2"}, 2, "takes its targets from the queue"},
             {{"-Pn", "--jetstream", url, "--queue", "q", "-oX", "x.xml"}, 2, "-oX"},
             {{"-Pn", "--jetstream", url, "--queue", "q", "--nats-buffer", "1"}, 2, "--nats-buffer takes"},
             {{"submit", "--jetstream", url, "--queue", "q", "--block-size", "0", "198.51.100.2"}, 2, "--block-size"},
             {{"submit", "--jetstream", url, "--queue", "q"}, 2, "needs targets"},
             {{"submit", "--jetstream", down, "--queue", "q", "198.51.100.2"}, 1, "cannot connect to NATS at " + down},
             {{"-Pn", "--jetstream", down, "--queue", "q"}, 1, "cannot connect to NATS at " + down},
             {{"results", "--jetstream", down, "--queue", "q"}, 1, "cannot connect to NATS at " + down},
             {{"-Pn", "--jetstream", url, "--queue", "nosuch"}, 1, "no queue 'nosuch' at " + url},
             {{"results", "--jetstream", url, "--queue", "nosuch"}, 1, "no queue 'nosuch' at " + url},
             {{"submit", "--jetstream", url, "--queue", "q", "--nats-creds", "/nonexistent/user.creds", "198.51.100.2"},
              1, "--nats-creds: /nonexistent/user.creds"},
             {{"-Pn", "--jetstream", url, "--queue", "q", "--nats-tls-ca", "/nonexistent/ca.pem"}, 1,
              "--nats-tls-ca: /nonexistent/ca.pem"}}) {
        std::vector<std::string> argv{test::kWhorlBinary};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        auto r = (*l)->run_in_scanner(argv, std::chrono::seconds(30));
        ASSERT_TRUE(r);
        EXPECT_EQ(r->exit_status, c.status) << lab::join_command(c.args) << ": " << r->err;
        EXPECT_EQ(r->err.rfind("whorl: ", 0), 0u) << r->err;
        EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << r->err;
        EXPECT_NE(r->err.find(c.needle), std::string::npos) << lab::join_command(c.args) << ": " << r->err;
    }
}

}  // namespace
}  // namespace whorl
