// whorl's own OS verdict through a real scan: `whorl -Pn -O` against this machine's kernel
// in a lab namespace (Linux 6.x, default sysctls) names Linux 6.X, on the normal output's
// last OS line and in the JSON report, while Nmap's lines stay Nmap's.
#include <gtest/gtest.h>

#include "report/normal_output.hpp"
#include "support/lab_scans.hpp"
#include "support/root.hpp"

namespace whorl {
namespace {

TEST(OsVerdictLab, ThisKernelIsNamedLinux6X) {
    WHORL_REQUIRE_ROOT();
    auto l = test::one_host_lab({22});
    ASSERT_TRUE(l);
    auto report = test::scan_in_lab(*l, {"-n", "-Pn", "-O", "-p", "22,81", "--max-os-tries", "1",
                                         lab::Lab::host_v4(0).to_string()});
    ASSERT_TRUE(report);
    ASSERT_EQ(report->hosts.size(), 1u);
    ASSERT_TRUE(report->hosts[0].os);
    const auto& os = *report->hosts[0].os;
    ASSERT_TRUE(os.verdict);
    ASSERT_FALSE(os.verdict->abstained) << os.verdict->text();
    const auto& top = os.verdict->classes.front();
    EXPECT_EQ(top.family, "Linux");
    EXPECT_EQ(top.generation.value_or("none"), "6.X") << os.verdict->text();
    EXPECT_GE(top.probability, 0.5);
    // The normal output: Nmap's OS lines, then whorl's.
    std::string text = report::normal_host(report->hosts[0], {});
    auto at = text.find("OS verdict: Linux 6.X (general purpose), ");
    ASSERT_NE(at, std::string::npos) << text;
    EXPECT_NE(text.rfind("Network Distance: 1 hop\n", at), std::string::npos) << text;
}

}  // namespace
}  // namespace whorl
