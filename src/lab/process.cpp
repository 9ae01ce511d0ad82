// fork/exec with captured output, timeouts and background children.
#include "lab/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "lab/cleanup.hpp"

namespace whorl::lab {
namespace {

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
    std::vector<char*> v;
    for (const auto& a : argv) v.push_back(const_cast<char*>(a.c_str()));
    v.push_back(nullptr);
    return v;
}

int decode_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

void drain(int fd, std::string& into, bool& open) {
    char buf[65536];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
        into.append(buf, static_cast<std::size_t>(n));
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        open = false;
    }
}

}  // namespace

std::string join_command(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
    return s;
}

Result<CommandResult> run_command(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                                  const std::string& stdin_text) {
    if (argv.empty()) return fail(Errc::internal, "empty command");
    int out_pipe[2], err_pipe[2], in_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 || ::pipe2(in_pipe, O_CLOEXEC) != 0)
        return fail(Errc::io, fmt::format("pipe: {}", errno_text(errno)));
    auto args = c_argv(argv);
    pid_t pid = ::fork();
    if (pid < 0) return fail(Errc::io, fmt::format("fork: {}", errno_text(errno)));
    if (pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        ::execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    ::close(in_pipe[0]);
    if (!stdin_text.empty()) {
        std::size_t off = 0;
        while (off < stdin_text.size()) {
            ssize_t n = ::write(in_pipe[1], stdin_text.data() + off, stdin_text.size() - off);
            if (n <= 0) break;
            off += static_cast<std::size_t>(n);
        }
    }
    ::close(in_pipe[1]);

    CommandResult result;
    bool out_open = true, err_open = true;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_open || err_open) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
        if (!out_open) fds[0].fd = -1;
        if (!err_open) fds[1].fd = -1;
        int rc = ::poll(fds, 2, static_cast<int>(left.count()));
        if (rc < 0 && errno != EINTR) break;
        if (fds[0].revents) drain(out_pipe[0], result.out, out_open);
        if (fds[1].revents) drain(err_pipe[0], result.err, err_open);
    }
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_status = decode_status(status);
    return result;
}

namespace {

volatile sig_atomic_t g_foreground_child = 0;

// Passes a stop signal sent to this process alone on to the foreground command; one the
// terminal sent to the whole process group has reached the command already.
void forward_stop_signal(int sig, siginfo_t* info, void*) {
    const pid_t child = g_foreground_child;
    if (child > 0 && info && info->si_code <= 0) ::kill(child, sig);  // SI_USER, SI_QUEUE, SI_TKILL
}

}  // namespace

Result<int> run_foreground(const std::vector<std::string>& argv) {
    if (argv.empty()) return fail(Errc::internal, "empty command");
    auto args = c_argv(argv);
    pid_t pid = ::fork();
    if (pid < 0) return fail(Errc::io, fmt::format("fork: {}", errno_text(errno)));
    if (pid == 0) {
        ::execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    // Until the command ends, a signal to stop is the command's to act on: the terminal's
    // SIGINT/SIGQUIT reach it anyway (same process group), one sent to this process alone
    // (kill PID, SIGTERM, SIGHUP) is passed on. Then the caller's lab goes as usual: its
    // namespaces, and whatever the command left running in them.
    g_foreground_child = pid;
    struct sigaction forward {}, saved[4];
    forward.sa_sigaction = forward_stop_signal;
    forward.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&forward.sa_mask);
    const int signals[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (int i = 0; i < 4; ++i) ::sigaction(signals[i], &forward, &saved[i]);
    register_child(pid);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    unregister_child(pid);
    for (int i = 0; i < 4; ++i) ::sigaction(signals[i], &saved[i], nullptr);
    g_foreground_child = 0;
    return decode_status(status);
}

Result<std::string> run_checked(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    auto r = run_command(argv, timeout);
    if (!r) return unexpected(r.error());
    if (r->timed_out) return fail(Errc::io, fmt::format("`{}` timed out", join_command(argv)));
    if (r->exit_status != 0)
        return fail(Errc::io, fmt::format("`{}` failed ({}): {}", join_command(argv), r->exit_status,
                                          r->err.empty() ? r->out : r->err));
    return std::move(r->out);
}

Result<BackgroundProcess> BackgroundProcess::start(const std::vector<std::string>& argv) {
    if (argv.empty()) return fail(Errc::internal, "empty command");
    auto args = c_argv(argv);
    pid_t pid = ::fork();
    if (pid < 0) return fail(Errc::io, fmt::format("fork: {}", errno_text(errno)));
    if (pid == 0) {
        int devnull = ::open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            ::dup2(devnull, 0);
            ::dup2(devnull, 1);
        }
        ::execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    register_child(pid);
    return BackgroundProcess(pid);
}

BackgroundProcess::BackgroundProcess(BackgroundProcess&& other) noexcept : pid_(std::exchange(other.pid_, -1)) {}

BackgroundProcess& BackgroundProcess::operator=(BackgroundProcess&& other) noexcept {
    if (this != &other) {
        stop();
        pid_ = std::exchange(other.pid_, -1);
    }
    return *this;
}

BackgroundProcess::~BackgroundProcess() { stop(); }

bool BackgroundProcess::running() {
    if (pid_ < 0) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
        unregister_child(pid_);
        pid_ = -1;
        return false;
    }
    return true;
}

void BackgroundProcess::stop() {
    if (pid_ < 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
            unregister_child(pid_);
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    unregister_child(pid_);
    pid_ = -1;
}

}  // namespace whorl::lab
