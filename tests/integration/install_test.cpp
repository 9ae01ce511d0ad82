// `cmake --install` into a temporary DESTDIR, then the installed copy run with the source
// tree hidden (a tmpfs mounted over it in a private mount namespace): `whorl --version`
// names the installed data directory, `whorl passive -r` reads a capture and fuses its
// evidence, and `whorl -Pn -O` scans a lab host. The man pages and bash completion are
// installed beside it. And the Debian package CPack makes installs with apt-get and runs.

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "lab/lab.hpp"
#include "lab/process.hpp"
#include "support/external_tools.hpp"
#include "support/lab_scans.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

namespace fs = std::filesystem;

// `argv` with the source tree hidden under an empty tmpfs.
std::vector<std::string> without_source_tree(const std::vector<std::string>& argv) {
    std::string cmd = "mount -t tmpfs none '" + std::string(WHORL_SOURCE_DIR) + "' && exec";
    for (const auto& a : argv) cmd += " '" + a + "'";
    return {"unshare", "--mount", "--propagation", "private", "sh", "-c", cmd};
}

TEST(Install, InstalledCopyRunsWithoutTheSourceTree) {
    WHORL_REQUIRE_ROOT();
    report::test::ScratchDir dest;
    ASSERT_FALSE(dest.path().empty());
    auto install = lab::run_command({"env", "DESTDIR=" + dest.path(), "cmake", "--install", WHORL_BINARY_DIR, "--prefix",
                                     "/usr/local"},
                                    std::chrono::seconds(120));
    ASSERT_TRUE(install) << install.error().describe();
    ASSERT_EQ(install->exit_status, 0) << install->out << install->err;
    const std::string prefix = dest.path() + "/usr/local";
    const std::string whorl = prefix + "/bin/whorl";
    for (const char* f : {"/bin/whorl", "/share/whorl/whorl-tcp.fp", "/share/whorl/dhcp-fingerprints.txt",
                          "/share/whorl/whorl-os-db", "/share/whorl/whorl-os6-db", "/share/man/man1/whorl.1",
                          "/share/man/man1/whorl-passive.1", "/share/man/man1/whorl-match.1",
                          "/share/bash-completion/completions/whorl"})
        EXPECT_TRUE(fs::exists(prefix + f)) << f;
    // The lab runs the prints are built from stay in the repository.
    for (const char* d : {"/share/whorl/measured", "/share/whorl/measured6"}) EXPECT_FALSE(fs::exists(prefix + d)) << d;
    // A capture outside the source tree, which is about to disappear.
    const std::string pcap = dest.path() + "/http_segments.pcap";
    fs::copy_file(std::string(WHORL_SOURCE_DIR) + "/tests/fixtures/pcap/passive/http_segments.pcap", pcap);

    auto version = lab::run_command(without_source_tree({whorl, "--version"}));
    ASSERT_TRUE(version) << version.error().describe();
    ASSERT_EQ(version->exit_status, 0) << version->err;
    EXPECT_NE(version->out.find("whorl data:        " + prefix + "/share/whorl"), std::string::npos) << version->out;

    auto passive = lab::run_command(without_source_tree({whorl, "passive", "-r", pcap}));
    ASSERT_TRUE(passive) << passive.error().describe();
    EXPECT_EQ(passive->exit_status, 0) << passive->err;
    EXPECT_NE(passive->err.find("fusing evidence from"), std::string::npos) << passive->err;
    EXPECT_NE(passive->out.find("Host summary:"), std::string::npos) << passive->out;

    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto scan = l->run_in_scanner(
        without_source_tree({whorl, "-Pn", "-O", "--max-os-tries", "1", "-p", "22,81", lab::Lab::host_v4(0).to_string()}),
        std::chrono::seconds(120));
    ASSERT_TRUE(scan) << scan.error().describe();
    EXPECT_EQ(scan->exit_status, 0) << scan->err;
    EXPECT_NE(scan->out.find("22/tcp open"), std::string::npos) << scan->out;
    EXPECT_NE(scan->out.find("Network Distance: 1 hop"), std::string::npos) << scan->out;
}

// The Debian package: CPack builds it from this build tree, apt-get installs it (its
// dependencies are declared, so apt finds them installed), /usr/bin/whorl runs with its
// data in /usr/share/whorl, and dpkg removes it again.
TEST(Install, DebianPackageInstallsWithAptAndRuns) {
    WHORL_REQUIRE_ROOT();
    if (std::system("command -v cpack >/dev/null && command -v dpkg-shlibdeps >/dev/null && command -v apt-get >/dev/null") != 0)
        GTEST_SKIP() << "cpack, dpkg-shlibdeps or apt-get missing";
    if (fs::exists("/usr/bin/whorl")) GTEST_SKIP() << "/usr/bin/whorl is already installed; not touching it";
    report::test::ScratchDir out;
    ASSERT_FALSE(out.path().empty());
    auto pack = lab::run_command({"cpack", "-G", "DEB", "--config", std::string(WHORL_BINARY_DIR) + "/CPackConfig.cmake",
                                  "-B", out.path()},
                                 std::chrono::seconds(300));
    ASSERT_TRUE(pack) << pack.error().describe();
    ASSERT_EQ(pack->exit_status, 0) << pack->out << pack->err;
    std::string deb;
    for (const auto& e : fs::directory_iterator(out.path()))
        if (e.path().extension() == ".deb") deb = e.path().string();
    ASSERT_FALSE(deb.empty()) << pack->out;
    auto info = lab::run_command({"dpkg-deb", "-f", deb, "Depends", "Recommends"});
    ASSERT_TRUE(info && info->exit_status == 0);
    EXPECT_NE(info->out.find("libpcap0.8"), std::string::npos) << info->out;
    EXPECT_NE(info->out.find("nmap-common"), std::string::npos) << info->out;
    struct Purge {
        ~Purge() { (void)lab::run_command({"dpkg", "--purge", "whorl"}, std::chrono::seconds(120)); }
    } purge;
    auto apt = lab::run_command({"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q",
                                 "--no-install-recommends", deb},
                                std::chrono::seconds(300));
    ASSERT_TRUE(apt) << apt.error().describe();
    ASSERT_EQ(apt->exit_status, 0) << apt->out << apt->err;
    auto version = lab::run_command(without_source_tree({"/usr/bin/whorl", "--version"}));
    ASSERT_TRUE(version) << version.error().describe();
    EXPECT_EQ(version->exit_status, 0) << version->err;
    EXPECT_NE(version->out.find("whorl version "), std::string::npos) << version->out;
    EXPECT_NE(version->out.find("whorl data:        /usr/share/whorl"), std::string::npos) << version->out;
    EXPECT_TRUE(fs::exists("/usr/share/man/man1/whorl-passive.1"));
}

}  // namespace
}  // namespace whorl
