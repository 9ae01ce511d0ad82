// Error::describe: "where: message", with the control bytes a message quotes from its input
// shown as \xNN (issue 15: a crafted nmap-os-db line turned the terminal red).
#include "base/error.hpp"

#include <gtest/gtest.h>

namespace whorl {
namespace {

TEST(Error, DescribeShowsControlBytesEscaped) {
    Error e{Errc::parse, "unexpected 'T1(\x1b[31mR=Y)'", "nmap-os-db:12"};
    EXPECT_EQ(e.describe(), "nmap-os-db:12: unexpected 'T1(\\x1b[31mR=Y)'");
    Error multi{Errc::usage, "first line\n\tsecond\x7f", ""};
    EXPECT_EQ(multi.describe(), "first line\n\tsecond\\x7f");
}

}  // namespace
}  // namespace whorl
