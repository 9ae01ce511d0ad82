// Where the field's databases are installed: nmap's data directory (found as Nmap finds
// it: --datadir, then $NMAPDIR, then the installed paths), p0f's p0f.fp and Ettercap's
// etter.finger.os, plus whorl's own data/ directory. Nothing is copied into the repo.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl::fp::db {

// Candidate nmap data directories in search order.
std::vector<std::string> nmap_data_dirs(std::string_view datadir_option);

// The first candidate directory holding `file` (e.g. "nmap-os-db"), or a not_found error
// listing every place searched.
Result<std::string> find_nmap_file(std::string_view file, std::string_view datadir_option = {});

// p0f's signature file (/etc/p0f/p0f.fp), or a not_found error.
Result<std::string> find_p0f_fp(std::string_view explicit_path = {});

// Ettercap's OS fingerprint file (/usr/share/ettercap/etter.finger.os), or not_found.
Result<std::string> find_ettercap_os(std::string_view explicit_path = {});

// whorl's own data directory: $WHORL_DATADIR, then the source tree, then /usr/share/whorl.
std::optional<std::string> whorl_data_dir();

}  // namespace whorl::fp::db
