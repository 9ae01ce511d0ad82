// Child processes for the lab: run a command to completion (output captured, with a
// timeout) or start one in the background and kill it when the handle goes away.
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

#include "base/error.hpp"

namespace whorl::lab {

struct CommandResult {
    int exit_status = -1;  // exit code, or 128 + signal
    std::string out;
    std::string err;
    bool timed_out = false;
};

// Runs argv (searched in PATH) and waits for it, killing it after `timeout`.
Result<CommandResult> run_command(const std::vector<std::string>& argv,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                  const std::string& stdin_text = {});

// Runs argv with this process's stdin/stdout/stderr and returns its exit status.
Result<int> run_foreground(const std::vector<std::string>& argv);

// run_command that also fails when the command exits non-zero; the error quotes stderr.
Result<std::string> run_checked(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout = std::chrono::seconds(30));

class BackgroundProcess {
public:
    static Result<BackgroundProcess> start(const std::vector<std::string>& argv);
    BackgroundProcess(BackgroundProcess&& other) noexcept;
    BackgroundProcess& operator=(BackgroundProcess&& other) noexcept;
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;
    ~BackgroundProcess();

    pid_t pid() const { return pid_; }
    bool running();
    void stop();  // SIGTERM, then SIGKILL after a short grace

private:
    explicit BackgroundProcess(pid_t pid) : pid_(pid) {}
    pid_t pid_ = -1;
};

std::string join_command(const std::vector<std::string>& argv);

}  // namespace whorl::lab
