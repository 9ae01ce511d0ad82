// The --version text: whorl's version, build details and the database paths in use.
#include "cli/version.hpp"

#include <fmt/format.h>

#include "fp/db/data_paths.hpp"

namespace whorl::cli {
namespace {

std::string found_or_missing(const Result<std::string>& r) {
    return r ? *r : fmt::format("not found ({})", r.error().message);
}

}  // namespace

std::string version_text() {
    std::string out = fmt::format("whorl version {} ( operating-system fingerprinting )\n", WHORL_VERSION);
    out += "Databases:\n";
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
