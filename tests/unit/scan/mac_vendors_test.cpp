// MAC vendor lookup from the installed nmap-mac-prefixes.
#include "scan/mac_vendors.hpp"

#include <gtest/gtest.h>

namespace whorl::scan {
namespace {

TEST(MacVendors, InstalledFileNamesVendorsAndLabMacsAreUnknown) {
    auto db = MacVendors::load();
    ASSERT_TRUE(db) << db.error().describe();
    EXPECT_GT(db->size(), 30000u);
    EXPECT_EQ(db->vendor({0x00, 0x00, 0x0C, 1, 2, 3}), "Cisco Systems");
    EXPECT_EQ(db->vendor({0x02, 0x57, 0x4C, 0, 0, 2}), "Unknown");
    EXPECT_EQ(format_mac({0x02, 0x57, 0x4C, 0, 0, 2}), "02:57:4C:00:00:02");
}

TEST(MacVendors, BadLineNamesItsLocation) {
    auto r = MacVendors::parse("00000C Cisco\nXYZ Broken\n", "prefixes");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().where, "prefixes:2");
}

}  // namespace
}  // namespace whorl::scan
