// The --version text: whorl's version, build details and the database paths in use.
#include "cli/version.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"

namespace whorl::cli {
namespace {

std::string found_or_missing(const Result<std::string>& r) {
    return r ? *r : fmt::format("not found ({})", r.error().message);
}

// The Nmap release whorl follows by default: the one the installed nmap-os-db is written
// for (--nmap-compat overrides it per run).
std::string nmap_behaviour_lines() {
    auto path = fp::db::find_nmap_file("nmap-os-db");
    if (!path) return "Follows Nmap 7.93's behaviour (no nmap-os-db found; --nmap-compat 7.95 for 7.95's)\n";
    auto text = read_file(*path);
    auto b = text ? fp::db::header_behaviour(*text) : fp::NmapBehaviour::v7_93;
    return fmt::format("Follows Nmap {}'s behaviour (the installed nmap-os-db is {}; --nmap-compat 7.93|7.95 "
                       "overrides)\n",
                       fp::nmap_version_text(b),
                       b == fp::NmapBehaviour::v7_95 ? "in the 7.94.2+ grammar" : "7.93's grammar");
}

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
