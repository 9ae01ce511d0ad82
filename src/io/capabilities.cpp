// capget/capset, the bounding set and the user switch; see capabilities.hpp.
#include "io/capabilities.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <fstream>
#include <vector>

#include <fmt/format.h>

namespace whorl::io {

namespace {

constexpr std::uint64_t kKeep = (1ull << CAP_NET_RAW) | (1ull << CAP_NET_ADMIN);

struct CapSets {
    std::uint64_t effective = 0, permitted = 0, inheritable = 0;
};

bool get_caps(CapSets& out) {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &hdr, data) != 0) return false;
    out.effective = data[0].effective | (std::uint64_t{data[1].effective} << 32);
    out.permitted = data[0].permitted | (std::uint64_t{data[1].permitted} << 32);
    out.inheritable = data[0].inheritable | (std::uint64_t{data[1].inheritable} << 32);
    return true;
}

bool set_caps(const CapSets& in) {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    data[0] = {static_cast<std::uint32_t>(in.effective), static_cast<std::uint32_t>(in.permitted),
               static_cast<std::uint32_t>(in.inheritable)};
    data[1] = {static_cast<std::uint32_t>(in.effective >> 32), static_cast<std::uint32_t>(in.permitted >> 32),
               static_cast<std::uint32_t>(in.inheritable >> 32)};
    return ::syscall(SYS_capset, &hdr, data) == 0;
}

int last_cap() {
    std::ifstream f("/proc/sys/kernel/cap_last_cap");
    int n = CAP_LAST_CAP;
    f >> n;
    return n;
}

unexpected<Error> sys_fail(std::string_view what) {
    const int err = errno;
    return fail(err == EPERM ? Errc::permission : Errc::io, fmt::format("cannot limit capabilities: {}: {}", what, errno_text(err)));
}

}  // namespace

Result<KeptCapabilities> keep_only_network_capabilities(const std::string& user) {
    KeptCapabilities out{static_cast<unsigned>(::getuid()), static_cast<unsigned>(::getgid()), false};
    CapSets caps;
    if (!get_caps(caps)) return sys_fail("capget");
    out.had_net_raw = (caps.effective >> CAP_NET_RAW) & 1;
    // The bounding set first: dropping from it needs CAP_SETPCAP, which goes next.
    if ((caps.effective >> CAP_SETPCAP) & 1)
        for (int cap = 0; cap <= last_cap(); ++cap)
            if (!((kKeep >> cap) & 1) && ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
                return sys_fail(fmt::format("PR_CAPBSET_DROP {}", cap));
    if (!user.empty()) {
        struct passwd pw {};
        struct passwd* found = nullptr;
        std::vector<char> buf(16384);
        if (::getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || !found)
            return fail(Errc::not_found, "no such user", user);
        if (pw.pw_uid == 0) return fail(Errc::usage, "the user to switch to must not be root", user);
        // Permitted capabilities survive the switch to a non-zero uid only with KEEPCAPS.
        if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return sys_fail("PR_SET_KEEPCAPS");
        if (::initgroups(pw.pw_name, pw.pw_gid) != 0) return sys_fail("initgroups");
        if (::setresgid(pw.pw_gid, pw.pw_gid, pw.pw_gid) != 0) return sys_fail("setresgid");
        if (::setresuid(pw.pw_uid, pw.pw_uid, pw.pw_uid) != 0) return sys_fail("setresuid");
        ::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
        out.uid = pw.pw_uid;
        out.gid = pw.pw_gid;
        if (::setresuid(0, 0, 0) == 0) return fail(Errc::internal, "root could be regained after switching", user);
    }
    CapSets keep{caps.permitted & kKeep, caps.permitted & kKeep, 0};
    if (!set_caps(keep)) return sys_fail("capset");
    // Nothing exec'ed from here on could gain what was dropped.
    ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
    return out;
}

std::string effective_capabilities_text() {
    CapSets caps;
    if (!get_caps(caps)) return "?";
    std::string out;
    if ((caps.effective >> CAP_NET_ADMIN) & 1) out += "cap_net_admin";
    if ((caps.effective >> CAP_NET_RAW) & 1) out += std::string(out.empty() ? "" : ",") + "cap_net_raw";
    std::uint64_t other = caps.effective & ~kKeep;
    if (other) out += fmt::format("{}and {} more", out.empty() ? "" : ",", __builtin_popcountll(other));
    return out.empty() ? "none" : out;
}

}  // namespace whorl::io
