// Keeping only the capabilities an active scan needs once it is under way: CAP_NET_RAW (raw
// sockets, packet capture) and CAP_NET_ADMIN (socket options, promiscuous capture). Every
// other capability leaves the effective, permitted, inheritable and bounding sets, so a
// scan run as root cannot write where root could, load modules or trace processes. With a
// user (-u USER), the scan also becomes that user (its groups, group and user ids) and keeps
// the two capabilities across the switch. What needs the file system beyond what any user
// may read (report files) must be opened before.
#pragma once

#include <string>

#include "base/error.hpp"

namespace whorl::io {

struct KeptCapabilities {
    unsigned uid = 0, gid = 0;  // after the switch, if there was one
    bool had_net_raw = false;   // CAP_NET_RAW was there to keep
};

// Fails (permission) when the process cannot change its capabilities at all; a process that
// holds none of the two keeps what it has and says so in had_net_raw.
Result<KeptCapabilities> keep_only_network_capabilities(const std::string& user = {});

// "cap_net_admin,cap_net_raw", the effective set as /proc/self/status shows it (for -d).
std::string effective_capabilities_text();

}  // namespace whorl::io
