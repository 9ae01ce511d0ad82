// Command dispatch: `whorl help [COMMAND]`, and a lone word taken for a mistyped command
// (never looked up in DNS as a host name).
#include "cli/commands.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace whorl::cli {
namespace {

struct Dispatched {
    Result<int> status;
    std::string out;
};

Dispatched dispatch(std::vector<std::string> args) {
    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    Dispatched d{run(args, Streams{out, err}), {}};
    std::rewind(out);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out)) > 0;) d.out.append(buf, n);
    std::fclose(out);
    std::fclose(err);
    return d;
}

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
