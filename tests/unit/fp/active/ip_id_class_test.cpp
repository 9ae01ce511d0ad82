// IP ID classes, including Nmap 7.93's unsigned-difference quirk.
#include "fp/active/ip_id_class.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace whorl::fp::active {
namespace {

std::string cls(std::vector<std::uint16_t> ids, bool localhost = false) {
    return classify_ip_ids(ids, localhost).attribute_value().value_or("(omitted)");
}

TEST(IpIdClass, Classes) {
    EXPECT_EQ(cls({0, 0, 0, 0, 0, 0}), "Z");
    EXPECT_EQ(cls({100, 101, 102, 104, 105, 107}), "I");
    EXPECT_EQ(cls({100, 102, 104, 106}), "I");  // by 2
    EXPECT_EQ(classify_ip_ids(std::vector<std::uint16_t>{100, 102, 104, 106}).cls, IpIdClass::increment_by_2);
    EXPECT_EQ(cls({256, 512, 768, 1280}), "BI");
    EXPECT_EQ(cls({1000, 3000, 7000, 9000}), "RI");
    EXPECT_EQ(cls({1000, 30000, 7000}), "RD");
    EXPECT_EQ(cls({0x1234, 0x1234, 0x1234}), "1234");
    EXPECT_EQ(cls({100, 200, 317}), "(omitted)");  // differences 100 and 117: unknown
    EXPECT_EQ(cls({5}), "(omitted)");
}

TEST(IpIdClass, DecreasesAreRandomOnlyWithMoreThanTwoSamples) {
    EXPECT_EQ(cls({500, 499, 498}), "RD");   // unsigned difference is huge
    EXPECT_EQ(cls({500, 499}), "RI");        // masked to 0xFFFF: > 1000 and not a multiple of 256
    EXPECT_EQ(cls({65535, 2, 5}), "RD");     // a wrap past 65535 is also RD
}

TEST(IpIdClass, LocalhostAdjustment) {
    // Against ourselves every probe also takes an ID: +2 steps become +1.
    EXPECT_EQ(classify_ip_ids(std::vector<std::uint16_t>{10, 12, 14, 16}, true).cls, IpIdClass::increment);
    EXPECT_EQ(classify_ip_ids(std::vector<std::uint16_t>{10, 13, 16, 19}, true).cls, IpIdClass::increment_by_2);
}

TEST(IpIdClass, Descriptions) {
    EXPECT_EQ(classify_ip_ids(std::vector<std::uint16_t>{0, 0, 0}).description(), "All zeros");
    EXPECT_EQ(classify_ip_ids(std::vector<std::uint16_t>{1, 2, 3}).description(), "Incremental");
}

}  // namespace
}  // namespace whorl::fp::active
