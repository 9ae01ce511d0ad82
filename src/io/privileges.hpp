// Dropping root after the capture is open (`whorl passive -u USER`): the user's groups,
// group and user ids, and optionally a chroot into the user's home directory, as p0f -u
// does. Everything needing the file system (databases, output files, the time zone) must
// be opened or loaded before.
#pragma once

#include <string>

#include "base/error.hpp"

namespace whorl::io {

struct DroppedPrivileges {
    unsigned uid = 0, gid = 0;
    std::string root;  // the chroot directory, empty when none
};

// chroot_home: chroot into the user's home when it is a directory other than "/", else
// into an empty directory only root can write (/run/whorl/empty; nobody's home is
// /nonexistent), so -u always confines as p0f's does. Fails unless the process ends up
// unable to regain root.
Result<DroppedPrivileges> drop_privileges(const std::string& user, bool chroot_home);

}  // namespace whorl::io
