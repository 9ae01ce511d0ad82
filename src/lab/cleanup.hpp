// Last-resort cleanup of lab resources when the process is interrupted (SIGINT, SIGTERM,
// SIGHUP, SIGQUIT): a fixed-size registry of namespace paths and child pids that an
// async-signal-safe handler removes (umount2 + unlink) and kills. This is the one piece of
// process-wide state in whorl; see docs/decisions/0002-lab-cleanup-registry.md.
// Namespaces left behind by a process that was SIGKILLed are removed by
// sweep_stale_namespaces() the next time a lab is created.
#pragma once

#include <string>
#include <sys/types.h>

namespace whorl::lab {

// Installs the signal handlers once per process.
void install_interrupt_cleanup();

void register_namespace(const std::string& name);
void unregister_namespace(const std::string& name);
void register_child(pid_t pid);
// Kills (SIGKILL) every process whose network namespace is /run/netns/NAME: what a lab's
// commands left running there (a daemon, a setsid'ed child) when the lab goes.
void kill_processes_in_namespace(const std::string& name);
void unregister_child(pid_t pid);

// Removes namespaces named "wl<pid>n..." whose creating process no longer exists.
// Returns how many were removed.
int sweep_stale_namespaces();

// The prefix of every namespace this process creates: "wl<pid>n".
std::string namespace_prefix();

}  // namespace whorl::lab
