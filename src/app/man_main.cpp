// whorl-man DIR: writes the manual pages whorl.1, whorl-passive.1 and whorl-match.1 into
// DIR, each generated from the option table its --help prints (the build runs it; the
// pages are installed into share/man/man1).
#include <cstdio>
#include <string>

#include "cli/match_command.hpp"
#include "cli/passive_command.hpp"
#include "cli/scan_options.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: whorl-man DIR\n");
        return 2;
    }
    const std::pair<const char*, std::string> pages[] = {{"whorl.1", whorl::cli::scan_man_page()},
                                                         {"whorl-passive.1", whorl::cli::passive_man_page()},
                                                         {"whorl-match.1", whorl::cli::match_man_page()}};
    for (const auto& [name, text] : pages) {
        std::string path = std::string(argv[1]) + "/" + name;
        std::FILE* f = std::fopen(path.c_str(), "w");
        if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
            std::fprintf(stderr, "whorl-man: cannot write %s\n", path.c_str());
            return 1;
        }
    }
    return 0;
}
