// Command dispatch: `whorl help [COMMAND]`, and a lone word taken for a mistyped command
// (never looked up in DNS as a host name).
#include "cli/commands.hpp"

#include <gtest/gtest.h>

#include "passive_test_support.hpp"

namespace whorl::cli {
namespace {

test::CommandRun dispatch(const std::vector<std::string>& args) { return test::run_captured(run, args); }

TEST(Commands, HelpListsTheScanOptionsAndEveryCommand) {
    auto d = dispatch({"help"});
    ASSERT_TRUE(d.status);
    EXPECT_EQ(*d.status, 0);
    for (const char* word : {"-Pn", "-oX", "version", "match", "passive", "help"})
        EXPECT_NE(d.out.find(word), std::string::npos) << word;
}

TEST(Commands, HelpOfACommandIsItsOwnHelp) {
    auto via_help = dispatch({"help", "passive"}), direct = dispatch({"passive", "--help"});
    ASSERT_TRUE(via_help.status && direct.status);
    EXPECT_EQ(via_help.out, direct.out);
    auto none = dispatch({"help", "nope"});
    ASSERT_FALSE(none.status);
    EXPECT_EQ(none.status.error().code, Errc::usage);
}

TEST(Commands, ALoneWordIsAMistypedCommandNotAHostName) {
    for (const char* word : {"pasive", "foo", "Help"}) {
        auto d = dispatch({word});
        ASSERT_FALSE(d.status) << word;
        EXPECT_EQ(d.status.error().code, Errc::usage) << word;
        EXPECT_NE(d.status.error().message.find("is not a whorl command"), std::string::npos) << word;
        EXPECT_NE(d.status.error().message.find("whorl -Pn " + std::string(word)), std::string::npos) << word;
        EXPECT_EQ(d.out, "") << word;
    }
}

}  // namespace
}  // namespace whorl::cli
