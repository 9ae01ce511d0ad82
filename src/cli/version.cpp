// The --version text: whorl's version, build details and the database paths in use.
#include "cli/version.hpp"

#include <fmt/format.h>

#include "fp/db/data_paths.hpp"

namespace whorl::cli {
namespace {

std::string found_or_missing(const Result<std::string>& r) {
    return r ? *r : fmt::format("not found ({})", r.error().message);
}

// Hook for the line(s) naming the Nmap release whorl follows (fp/nmap_behaviour.hpp,
// --nmap-compat), printed under the version line. Owned by that work: it returns nothing
// until that work fills it in.
std::string nmap_behaviour_lines() { return {}; }

// Where the nmap data files are looked for, in Nmap's order (fp/db/data_paths.hpp).
std::string nmap_search_text() {
    std::string dirs;
    for (const auto& d : fp::db::nmap_data_dirs({})) dirs += (dirs.empty() ? "" : ", ") + d;
    return dirs;
}

}  // namespace

std::string version_text() {
    std::string out = fmt::format("whorl version {} ( operating-system fingerprinting )\n", WHORL_VERSION);
    out += nmap_behaviour_lines();
    out += "Databases:\n";
    out += fmt::format("  nmap search order: {}\n", nmap_search_text());
    out += fmt::format("  nmap-os-db:        {}\n", found_or_missing(fp::db::find_nmap_file("nmap-os-db")));
    out += fmt::format("  nmap-services:     {}\n", found_or_missing(fp::db::find_nmap_file("nmap-services")));
    out += fmt::format("  nmap-mac-prefixes: {}\n", found_or_missing(fp::db::find_nmap_file("nmap-mac-prefixes")));
    out += fmt::format("  p0f.fp:            {}\n", found_or_missing(fp::db::find_p0f_fp()));
    out += fmt::format("  etter.finger.os:   {}\n", found_or_missing(fp::db::find_ettercap_os()));
    auto own = fp::db::whorl_data_dir();
    out += fmt::format("  whorl data:        {}\n", own ? *own : std::string("not found"));
    return out;
}

}  // namespace whorl::cli
