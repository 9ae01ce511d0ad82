// Database discovery.
#include "fp/db/data_paths.hpp"

#include <cstdlib>
#include <filesystem>

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

}  // namespace

std::vector<std::string> nmap_data_dirs(std::string_view datadir_option) {
    std::vector<std::string> dirs;
    if (!datadir_option.empty()) dirs.emplace_back(datadir_option);
    if (const char* env = std::getenv("NMAPDIR"); env && *env) dirs.emplace_back(env);
    dirs.emplace_back("/usr/share/nmap");
    dirs.emplace_back("/usr/local/share/nmap");
    return dirs;
}

Result<std::string> find_nmap_file(std::string_view file, std::string_view datadir_option) {
    std::vector<std::string> candidates;
    for (const auto& d : nmap_data_dirs(datadir_option)) candidates.push_back(fmt::format("{}/{}", d, file));
    return first_existing(candidates, file);
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

std::optional<std::string> whorl_data_dir() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("WHORL_DATADIR"); env && *env) dirs.emplace_back(env);
    dirs.emplace_back(WHORL_SOURCE_DIR "/data");
    dirs.emplace_back("/usr/share/whorl");
    for (const auto& d : dirs) {
        std::error_code ec;
        if (std::filesystem::is_directory(d, ec)) return d;
    }
    return std::nullopt;
}

}  // namespace whorl::fp::db
