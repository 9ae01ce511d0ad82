// whorl's entry point: hands argv to the command line layer and turns errors into one
// clear message and an exit status. The only place that decides the process's exit code.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    whorl::cli::Streams io;
    auto status = whorl::cli::run(args, io);
    if (!status) {
        std::fflush(io.out);
        fmt::print(io.err, "whorl: {}\n", status.error().describe());
        return whorl::exit_status(status.error().code);
    }
    return *status;
}
