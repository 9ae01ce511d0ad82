// Where the field's databases are installed: nmap's data files (nmap-os-db, nmap-services,
// nmap-mac-prefixes), found as Nmap finds them, p0f's p0f.fp and Ettercap's
// etter.finger.os, plus whorl's own data/ directory. Nothing is copied into the repo.
//
// Nmap's search (nmap.cc, nmap_fetchfile_sub, 7.93 to 7.95), first readable file wins:
//   1. --datadir DIR
//   2. $NMAPDIR (when set; an empty value means "/", as in Nmap)
//   3. ~/.nmap of the real user (the passwd entry of getuid(), not $HOME), then of the
//      effective user when the two differ
//   4. the directory of the nmap executable, then that directory's ../share/nmap
//      (Nmap's own binary; for whorl: `nmap` found on $PATH, symlinks resolved)
//   5. NMAPDATADIR, compiled in: /usr/local/share/nmap for a source build, /usr/share/nmap
//      for Debian's; whorl tries both, in that order
// The current directory is not searched (Nmap stopped in 2011); a ./FILE that differs from
// the file used only draws a warning (nmap_local_copy_warning). Paths are not normalised:
// Debian's nmap reads "/usr/bin/../share/nmap/nmap-os-db", and says so.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl::fp::db {

// Everything Nmap's search depends on besides the file name.
struct NmapSearchInputs {
    std::string datadir;                  // --datadir; empty: not given
    std::optional<std::string> nmapdir;   // $NMAPDIR, when set
    std::vector<std::string> user_homes;  // real user's home, then the effective user's
    std::optional<std::string> nmap_dir;  // directory of the nmap executable
    std::vector<std::string> system_dirs{"/usr/local/share/nmap", "/usr/share/nmap"};
};

// The inputs as this process sees them: $NMAPDIR, the passwd homes of getuid() and
// geteuid(), and the directory of `nmap` on $PATH.
NmapSearchInputs nmap_search_inputs(std::string_view datadir_option = {});

// Candidate nmap data directories in search order.
std::vector<std::string> nmap_search_dirs(const NmapSearchInputs& in);
std::vector<std::string> nmap_data_dirs(std::string_view datadir_option);

// The first candidate directory's `file` (e.g. "nmap-os-db"), as "DIR/FILE", or a
// not_found error listing every place searched. As in Nmap, a readable directory of that
// name ends the search too (and fails: Nmap's callers then report the file missing).
Result<std::string> find_nmap_file_in(std::string_view file, const NmapSearchInputs& in);
Result<std::string> find_nmap_file(std::string_view file, std::string_view datadir_option = {});

// `program` on a PATH-style list ("" entries are the current directory), the first
// executable regular file, with symlinks resolved; nullopt if none.
std::optional<std::string> find_on_path(std::string_view program, std::string_view path_list);

// Nmap's path_get_dirname: everything before the last '/' ("/" for "/x", "." for "x").
std::string nmap_dirname(std::string_view path);

// Nmap's warning when ./FILE exists but is not the file it found (printed once per run,
// to stderr): "Warning: File ./FILE exists, but Nmap is using FOUND for security and
// consistency reasons.  set NMAPDIR=. to give priority to ...". nullopt: no warning.
std::optional<std::string> nmap_local_copy_warning(std::string_view file, const std::string& found);
// The same for the first of `read` (file name -> path) it applies to: Nmap warns once.
std::optional<std::string> nmap_local_copy_warning(const std::map<std::string, std::string>& read);

// Nmap's printdatafilepaths (output.cc): what it prints after the scan about the data
// files it read (file name -> path). Grouped by directory, sorted by directory then file:
//   none read:                  "No data files read." with -d, else nothing
//   one directory, -v, no -d:   "Read data files from: DIR"
//   one directory and -d, or several directories (any verbosity):
//                               "Read from DIR: FILE FILE." for each directory
std::vector<std::string> nmap_data_files_lines(const std::map<std::string, std::string>& read, int verbose,
                                               int debugging);
// DIR when those lines are the single "Read data files from: DIR", else nullopt.
std::optional<std::string> nmap_data_files_brief_dir(const std::map<std::string, std::string>& read, int verbose,
                                                     int debugging);

// p0f's signature file (/etc/p0f/p0f.fp), or a not_found error.
Result<std::string> find_p0f_fp(std::string_view explicit_path = {});

// Ettercap's OS fingerprint file (/usr/share/ettercap/etter.finger.os), or not_found.
Result<std::string> find_ettercap_os(std::string_view explicit_path = {});

// Where whorl's own data directory is looked for, in order: $WHORL_DATADIR, PREFIX/share/whorl
// beside an installed binary (PREFIX/bin/whorl), the source tree's data/, the install
// prefix compiled in, /usr/share/whorl.
std::vector<std::string> whorl_data_dirs();
// The first of those that exists.
std::optional<std::string> whorl_data_dir();
// A file of that directory ("dhcp-fingerprints.txt", "mercury/tcp-os.tsv"), or a
// not_found error when there is no data directory.
Result<std::string> whorl_data_file(std::string_view relative);
// whorl's own reference OS prints (whorl-os-db in that directory), if the file exists.
std::optional<std::string> whorl_os_db_path();
// whorl's own IPv6 reference prints (whorl-os6-db: the lab stacks' TCP answers over IPv6 in
// nmap-os-db's IPv4 terms, read for IPv6 targets only), if the file exists.
std::optional<std::string> whorl_os6_db_path();

}  // namespace whorl::fp::db
