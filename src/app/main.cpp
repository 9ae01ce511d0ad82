// whorl's entry point: hands argv to the command line layer and turns errors into one
// clear message and an exit status. The only place that decides the process's exit code.
#include <cstdio>
#include <string_view>

#include <fmt/format.h>

#include "cli/version.hpp"

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--version" || a == "-V") {
            fmt::print("{}", whorl::cli::version_text());
            return 0;
        }
    }
    fmt::print(stderr, "whorl: no command given; try whorl --version\n");
    return 2;
}
