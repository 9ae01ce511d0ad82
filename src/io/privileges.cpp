// setgroups / setgid / setuid (and chroot) for passive capture; see privileges.hpp.
#include "io/privileges.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include <fmt/format.h>

namespace whorl::io {

namespace {

unexpected<Error> sys_fail(std::string_view what, const std::string& user) {
    const int err = errno;
    return fail(err == EPERM ? Errc::permission : Errc::io,
                fmt::format("cannot drop privileges: {}: {}", what, errno_text(err)), user);
}

bool usable_root(const std::string& dir) {
    struct stat st {};
    return !dir.empty() && dir != "/" && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The chroot for a user without a usable home (nobody's is /nonexistent): an empty
// directory only root can write, kept in /run (cleared at boot) and reused.
Result<std::string> empty_root() {
    const std::string parent = "/run/whorl", dir = "/run/whorl/empty";
    for (const auto& d : {parent, dir})
        if (::mkdir(d.c_str(), 0755) != 0 && errno != EEXIST) return sys_fail("mkdir", d);
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0) return sys_fail("stat", dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 0022) != 0)
        return fail(Errc::permission, "not a directory owned by root and writable only by it", dir);
    if (::chmod(dir.c_str(), 0555) != 0) return sys_fail("chmod", dir);
    return dir;
}

}  // namespace

Result<DroppedPrivileges> drop_privileges(const std::string& user, bool chroot_home) {
    struct passwd pw {};
    struct passwd* found = nullptr;
    std::vector<char> buf(16384);
    if (::getpwnam_r(user.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || !found)
        return fail(Errc::not_found, "no such user", user);
    if (pw.pw_uid == 0 || pw.pw_gid == 0)
        return fail(Errc::usage, "the user to switch to must not be root", user);
    DroppedPrivileges out{pw.pw_uid, pw.pw_gid, {}};
    const std::string home = pw.pw_dir ? pw.pw_dir : "";
    if (::initgroups(pw.pw_name, pw.pw_gid) != 0) return sys_fail("initgroups", user);
    if (chroot_home) {
        std::string root = home;
        if (!usable_root(root)) {
            auto empty = empty_root();
            if (!empty) return unexpected(empty.error());
            root = *empty;
        }
        if (::chdir(root.c_str()) != 0 || ::chroot(root.c_str()) != 0 || ::chdir("/") != 0)
            return sys_fail(fmt::format("chroot {}", root), user);
        out.root = root;
    }
    if (::setgid(pw.pw_gid) != 0) return sys_fail("setgid", user);
    if (::setuid(pw.pw_uid) != 0) return sys_fail("setuid", user);
    if (::setuid(0) == 0 || ::geteuid() != pw.pw_uid || ::getegid() != pw.pw_gid)
        return fail(Errc::internal, "privileges could be regained after dropping them", user);
    return out;
}

}  // namespace whorl::io
