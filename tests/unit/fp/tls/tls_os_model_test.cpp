// The TLS OS model: OS names placed in families, a listed hello voted by its own shares, an
// unlisted one by its nearest entries, and a hello shared by two OSes split between them.
#include "fp/tls/tls_os_model.hpp"

#include <gtest/gtest.h>

namespace whorl::fp::tls {
namespace {

TEST(TlsOsFamily, FromMercuryNames) {
    EXPECT_EQ(tls_os_family("microsoft:windows_10:20H2"), "Windows");
    EXPECT_EQ(tls_os_family("apple:mac_os_x:10.15.7"), "Mac OS X");
    EXPECT_EQ(tls_os_family("canonical:ubuntu_linux:20.04.2"), "Linux");
    EXPECT_EQ(tls_os_family("fedoraproject:fedora_linux:30"), "Linux");
    EXPECT_EQ(tls_os_family("apple:iphone_os:14"), "iOS");
    EXPECT_EQ(tls_os_family("acme:rtos:1"), "");
}

MercuryEntry mercury_entry(std::uint64_t n, std::vector<OsShare> shares) { return MercuryEntry{n, std::move(shares)}; }

TEST(TlsOsModel, ListedNearAndShared) {
    std::vector<std::pair<std::string, MercuryEntry>> entries = {
        {"(0303)(c02bc02f1301)((0000)(000a00040002001d)(0017))", mercury_entry(1000, {{"microsoft:windows_10:2004", 1.0}})},
        {"(0303)(c02bc02f1301)((0000)(000a00040002001d)(0017)(0023))", mercury_entry(50, {{"microsoft:windows_7:7601", 1.0}})},
        {"(0303)(13011302)((002b0003020304)(0033))", mercury_entry(800, {{"apple:mac_os_x:11.2.1", 1.0}})},
        {"(0303)(130113021303)((002b0003020304)(0033)(001000050003026832))",
         mercury_entry(400, {{"apple:mac_os_x:10.15.7", 0.5}, {"microsoft:windows_10:20H2", 0.5}})},
    };
    TlsOsModel model(entries);
    EXPECT_EQ(model.size(), 4u);
    auto listed = model.classify("(0303)(c02bc02f1301)((0000)(000a00040002001d)(0017))");
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->family, "Windows");
    EXPECT_DOUBLE_EQ(listed->nearest, 1.0);
    EXPECT_GT(listed->probability, 0.5);
    // Not listed: one cipher more than the macOS 11 entry, nearest to it.
    auto near = model.classify("(0303)(13011302c02b)((002b0003020304)(0033))");
    ASSERT_TRUE(near);
    EXPECT_LT(near->nearest, 1.0);
    EXPECT_EQ(near->family, "Mac OS X");
    EXPECT_EQ(near->os, "apple:mac_os_x:11.2.1");
    // Nothing in common with any entry: still the vote of the nearest (similarity 0 gives
    // no weight, so no guess).
    EXPECT_FALSE(model.classify("(0301)(0005)((ffff))"));
    EXPECT_FALSE(model.classify("garbage"));
}

// A hello that every OS's copy of one library sends is shared about as the population is:
// most of its vote, but no likelihood ratio, and so never decisive. A hello seen only on
// macOS in a mostly-Windows population is.
TEST(TlsOsModel, LikelihoodRatioAgainstThePopulation) {
    std::vector<std::pair<std::string, MercuryEntry>> entries = {
        {"(0303)(1301)((0000))", mercury_entry(7000, {{"microsoft:windows_10:2004", 1.0}})},
        {"(0303)(1302)((0000))", mercury_entry(2000, {{"apple:mac_os_x:11.2.1", 1.0}})},
        {"(0303)(c02f)((ff01))", mercury_entry(1000, {{"microsoft:windows_10:2004", 0.7}, {"apple:mac_os_x:11.2.1", 0.3}})},
    };
    TlsOsModel model(entries);
    auto library = model.classify("(0303)(c02f)((ff01))");
    ASSERT_TRUE(library);
    EXPECT_EQ(library->family, "Windows");
    EXPECT_GT(library->probability, 0.6);
    EXPECT_LT(library->likelihood_ratio, 1.5);
    EXPECT_FALSE(library->decisive());
    auto mac = model.classify("(0303)(1302)((0000))");
    ASSERT_TRUE(mac);
    EXPECT_EQ(mac->family, "Mac OS X");
    EXPECT_GE(mac->likelihood_ratio, 10);
    EXPECT_TRUE(mac->decisive());
}

}  // namespace
}  // namespace whorl::fp::tls
