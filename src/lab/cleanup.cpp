// The signal-safe lab cleanup registry and the stale-namespace sweep.
#include "lab/cleanup.hpp"

#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

namespace whorl::lab {
namespace {

constexpr int kSlots = 256;
constexpr std::size_t kPathLen = 96;

struct NamespaceSlot {
    std::atomic<bool> used{false};
    char path[kPathLen] = {};
};

// Process-wide by necessity: a signal handler can reach nothing else.
NamespaceSlot g_namespaces[kSlots];
std::atomic<pid_t> g_children[kSlots];
std::mutex g_register_mutex;

void remove_namespace_path(const char* path) {
    ::umount2(path, MNT_DETACH);
    ::unlink(path);
}

void on_interrupt(int sig) {
    for (auto& c : g_children) {
        pid_t pid = c.load();
        if (pid > 0) ::kill(pid, SIGKILL);
    }
    for (auto& s : g_namespaces)
        if (s.used.load()) remove_namespace_path(s.path);
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

// A zombie counts as dead: it can no longer clean up after itself.
bool process_alive(pid_t pid) {
    if (::kill(pid, 0) != 0) return errno != ESRCH;
    std::FILE* f = std::fopen(fmt::format("/proc/{}/stat", pid).c_str(), "r");
    if (!f) return false;
    char state = '?';
    int scanned = std::fscanf(f, "%*d (%*[^)]) %c", &state);
    std::fclose(f);
    return !(scanned == 1 && state == 'Z');
}

// Orphans of a dead lab (a listener it started) still hold the namespace: find them by
// the namespace inode and kill them.
void kill_processes_inside(const std::filesystem::path& ns_path) {
    struct stat st {};
    if (::stat(ns_path.c_str(), &st) != 0) return;
    std::string wanted = fmt::format("net:[{}]", st.st_ino);
    std::error_code ec;
    for (const auto& p : std::filesystem::directory_iterator("/proc", ec)) {
        std::string pid_text = p.path().filename().string();
        if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
        char link[64] = {};
        std::string ns_link = p.path().string() + "/ns/net";
        ssize_t n = ::readlink(ns_link.c_str(), link, sizeof link - 1);
        if (n > 0 && wanted == std::string_view(link, static_cast<std::size_t>(n)))
            ::kill(static_cast<pid_t>(std::stol(pid_text)), SIGKILL);
    }
}

}  // namespace

void install_interrupt_cleanup() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
            struct sigaction sa {};
            sa.sa_handler = on_interrupt;
            sigemptyset(&sa.sa_mask);
            ::sigaction(sig, &sa, nullptr);
        }
    });
}

void register_namespace(const std::string& name) {
    std::lock_guard lock(g_register_mutex);
    for (auto& s : g_namespaces) {
        if (s.used.load()) continue;
        std::snprintf(s.path, kPathLen, "/run/netns/%s", name.c_str());
        s.used.store(true);
        return;
    }
}

void unregister_namespace(const std::string& name) {
    std::lock_guard lock(g_register_mutex);
    std::string path = "/run/netns/" + name;
    for (auto& s : g_namespaces)
        if (s.used.load() && path == s.path) s.used.store(false);
}

void register_child(pid_t pid) {
    for (auto& c : g_children) {
        pid_t expected = 0;
        if (c.compare_exchange_strong(expected, pid)) return;
    }
}

void unregister_child(pid_t pid) {
    for (auto& c : g_children) {
        pid_t expected = pid;
        if (c.compare_exchange_strong(expected, 0)) return;
    }
}

void kill_processes_in_namespace(const std::string& name) { kill_processes_inside("/run/netns/" + name); }

std::string namespace_prefix() { return fmt::format("wl{}n", ::getpid()); }

int sweep_stale_namespaces() {
    int removed = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/run/netns", ec)) {
        std::string name = e.path().filename().string();
        if (name.size() < 4 || name.rfind("wl", 0) != 0) continue;
        auto n = name.find('n', 2);
        if (n == std::string::npos || n == 2) continue;
        pid_t pid = 0;
        bool digits = true;
        for (std::size_t i = 2; i < n; ++i) {
            if (name[i] < '0' || name[i] > '9') digits = false;
            else pid = pid * 10 + (name[i] - '0');
        }
        if (!digits) continue;
        if (process_alive(pid)) continue;
        kill_processes_inside(e.path());
        remove_namespace_path(e.path().c_str());
        ++removed;
    }
    return removed;
}

}  // namespace whorl::lab
