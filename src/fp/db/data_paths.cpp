// Database discovery. The nmap search follows nmap.cc (nmap_fetchfile_sub) and output.cc
// (printdatafilepaths) of Nmap 7.95; see data_paths.hpp.
#include "fp/db/data_paths.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <tuple>

#include <fmt/format.h>

namespace whorl::fp::db {
namespace {

bool is_file(const std::string& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

Result<std::string> first_existing(const std::vector<std::string>& candidates, std::string_view what) {
    for (const auto& c : candidates)
        if (is_file(c)) return c;
    std::string tried;
    for (const auto& c : candidates) tried += (tried.empty() ? "" : ", ") + c;
    return fail(Errc::not_found, fmt::format("{} not found (looked in {})", what, tried));
}

// nbase's file_is_readable: 0 (missing or unreadable by the real user), 1 (file), 2 (dir).
int nmap_readable(const std::string& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0 || ::access(p.c_str(), R_OK) != 0) return 0;
    return S_ISDIR(st.st_mode) ? 2 : 1;
}

// The home directory in uid's passwd entry (getpwuid_r: the loaders run on threads).
std::optional<std::string> passwd_home(uid_t uid) {
    long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
    struct passwd pw {};
    struct passwd* found = nullptr;
    while (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == ERANGE && buf.size() < (1u << 20))
        buf.resize(buf.size() * 2);
    if (found == nullptr || found->pw_dir == nullptr) return std::nullopt;
    return std::string(found->pw_dir);
}

}  // namespace

NmapSearchInputs nmap_search_inputs(std::string_view datadir_option) {
    NmapSearchInputs in;
    in.datadir = datadir_option;
    if (const char* env = std::getenv("NMAPDIR")) in.nmapdir = env;
    if (auto home = passwd_home(::getuid())) in.user_homes.push_back(*home);
    if (::getuid() != ::geteuid())
        if (auto home = passwd_home(::geteuid())) in.user_homes.push_back(*home);
    if (const char* path = std::getenv("PATH"))
        if (auto nmap = find_on_path("nmap", path)) in.nmap_dir = nmap_dirname(*nmap);
    return in;
}

std::vector<std::string> nmap_search_dirs(const NmapSearchInputs& in) {
    std::vector<std::string> dirs;
    if (!in.datadir.empty()) dirs.push_back(in.datadir);
    if (in.nmapdir) dirs.push_back(*in.nmapdir);
    for (const auto& home : in.user_homes) dirs.push_back(home + "/.nmap");
    if (in.nmap_dir) {
        dirs.push_back(*in.nmap_dir);
        dirs.push_back(*in.nmap_dir + "/../share/nmap");
    }
    dirs.insert(dirs.end(), in.system_dirs.begin(), in.system_dirs.end());
    return dirs;
}

std::vector<std::string> nmap_data_dirs(std::string_view datadir_option) {
    return nmap_search_dirs(nmap_search_inputs(datadir_option));
}

Result<std::string> find_nmap_file_in(std::string_view file, const NmapSearchInputs& in) {
    std::string tried;
    for (const auto& dir : nmap_search_dirs(in)) {
        std::string path = fmt::format("{}/{}", dir, file);
        switch (nmap_readable(path)) {
            case 1: return path;
            case 2:
                return fail(Errc::not_found, fmt::format("{} not found: {} is a directory (Nmap's search stops "
                                                         "at the first readable entry of that name)",
                                                         file, path));
            default: tried += (tried.empty() ? "" : ", ") + path;
        }
    }
    return fail(Errc::not_found, fmt::format("{} not found (looked in {})", file, tried));
}

Result<std::string> find_nmap_file(std::string_view file, std::string_view datadir_option) {
    return find_nmap_file_in(file, nmap_search_inputs(datadir_option));
}

std::optional<std::string> find_on_path(std::string_view program, std::string_view path_list) {
    while (true) {
        auto colon = path_list.find(':');
        std::string_view dir = path_list.substr(0, colon);
        std::string candidate = fmt::format("{}/{}", dir.empty() ? "." : dir, program);
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
            std::error_code ec;
            auto real = std::filesystem::canonical(candidate, ec);
            if (!ec) return real.string();
        }
        if (colon == std::string_view::npos) return std::nullopt;
        path_list.remove_prefix(colon + 1);
    }
}

std::string nmap_dirname(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    if (slash == 0) return "/";
    return std::string(path.substr(0, slash));
}

std::optional<std::string> nmap_local_copy_warning(std::string_view file, const std::string& found) {
    if (found.empty() || found.front() == '.') return std::nullopt;
    std::string local = fmt::format("./{}", file);
    if (nmap_readable(local) == 0) return std::nullopt;
    struct stat a {}, b {};
    if (::stat(found.c_str(), &a) == 0 && ::stat(local.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        return std::nullopt;
    return fmt::format("Warning: File {} exists, but Nmap is using {} for security and consistency reasons.  "
                       "set NMAPDIR=. to give priority to files in your local directory (may affect the other "
                       "data files too).",
                       local, found);
}

std::optional<std::string> nmap_local_copy_warning(const std::map<std::string, std::string>& read) {
    for (const auto& [name, path] : read)
        if (auto w = nmap_local_copy_warning(name, path)) return w;
    return std::nullopt;
}

std::optional<std::string> nmap_data_files_brief_dir(const std::map<std::string, std::string>& read, int verbose,
                                                     int debugging) {
    if (read.empty() || verbose <= 0 || debugging > 0) return std::nullopt;
    std::string dir = nmap_dirname(read.begin()->second);
    for (const auto& [name, path] : read)
        if (nmap_dirname(path) != dir) return std::nullopt;
    return dir;
}

std::vector<std::string> nmap_data_files_lines(const std::map<std::string, std::string>& read, int verbose,
                                               int debugging) {
    struct Record {
        std::string dir, file;
    };
    std::vector<Record> records;
    for (const auto& [name, path] : read) {
        auto slash = path.rfind('/');
        records.push_back({nmap_dirname(path), slash == std::string::npos ? path : path.substr(slash + 1)});
    }
    std::stable_sort(records.begin(), records.end(),
                     [](const Record& a, const Record& b) {
                         return std::tie(a.dir, a.file) < std::tie(b.dir, b.file);
                     });
    std::size_t dirs = 0;
    for (std::size_t i = 0; i < records.size(); ++i)
        if (i == 0 || records[i].dir != records[i - 1].dir) ++dirs;

    std::vector<std::string> lines;
    if (dirs == 0) {
        if (debugging > 0) lines.emplace_back("No data files read.");
    } else if (dirs == 1 && verbose > 0 && debugging == 0) {
        lines.push_back("Read data files from: " + records.front().dir);
    } else if (dirs > 1 || debugging > 0) {
        for (std::size_t i = 0; i < records.size(); ++i) {
            if (i == 0 || records[i].dir != records[i - 1].dir) lines.push_back("Read from " + records[i].dir + ":");
            lines.back() += " " + records[i].file;
            if (i + 1 == records.size() || records[i + 1].dir != records[i].dir) lines.back() += ".";
        }
    }
    return lines;
}

Result<std::string> find_p0f_fp(std::string_view explicit_path) {
    if (!explicit_path.empty()) return first_existing({std::string(explicit_path)}, "p0f signature file");
    return first_existing({"/etc/p0f/p0f.fp", "/usr/local/etc/p0f/p0f.fp"}, "p0f.fp");
}

Result<std::string> find_ettercap_os(std::string_view explicit_path) {
    if (!explicit_path.empty()) return first_existing({std::string(explicit_path)}, "Ettercap OS file");
    return first_existing({"/usr/share/ettercap/etter.finger.os", "/usr/local/share/ettercap/etter.finger.os"},
                          "etter.finger.os");
}

std::vector<std::string> whorl_data_dirs() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("WHORL_DATADIR"); env && *env) dirs.emplace_back(env);
    // An installed binary (PREFIX/bin/whorl) reads PREFIX/share/whorl, wherever PREFIX
    // was moved to; a binary in a build tree reads its source tree's data/.
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) dirs.push_back((exe.parent_path().parent_path() / "share" / "whorl").string());
    dirs.emplace_back(WHORL_SOURCE_DIR "/data");
    dirs.emplace_back(WHORL_INSTALL_DATADIR);
    dirs.emplace_back("/usr/share/whorl");
    return dirs;
}

std::optional<std::string> whorl_data_dir() {
    const std::vector<std::string> dirs = whorl_data_dirs();
    for (const auto& d : dirs) {
        std::error_code ec;
        if (std::filesystem::is_directory(d, ec)) return d;
    }
    return std::nullopt;
}

Result<std::string> whorl_data_file(std::string_view relative) {
    auto dir = whorl_data_dir();
    if (!dir) return fail(Errc::not_found, "whorl data directory not found (set WHORL_DATADIR)");
    return *dir + "/" + std::string(relative);
}

namespace {
std::optional<std::string> existing_data_file(std::string_view relative) {
    auto path = whorl_data_file(relative);
    std::error_code ec;
    if (!path || !std::filesystem::exists(*path, ec)) return std::nullopt;
    return *path;
}
}  // namespace

std::optional<std::string> whorl_os_db_path() { return existing_data_file("whorl-os-db"); }

std::optional<std::string> whorl_os6_db_path() { return existing_data_file("whorl-os6-db"); }

}  // namespace whorl::fp::db
