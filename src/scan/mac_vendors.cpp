// nmap-mac-prefixes parsing and lookup.
#include "scan/mac_vendors.hpp"

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"

namespace whorl::scan {

std::string format_mac(const MacAddress& m) {
    return fmt::format("{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}", m[0], m[1], m[2], m[3], m[4], m[5]);
}

Result<MacVendors> MacVendors::parse(std::string_view text, const std::string& path) {
    MacVendors db;
    std::uint32_t line_no = 0;
    for (auto line : split(text, '\n')) {
        ++line_no;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto space = line.find_first_of(" \t");
        auto prefix = parse_uint(line.substr(0, space), 16);
        if (space != 6 || !prefix)
            return fail(Errc::parse, "expected a 6-digit hex prefix and a vendor name", fmt::format("{}:{}", path, line_no));
        db.by_prefix_.emplace(static_cast<std::uint32_t>(*prefix), std::string(trim(line.substr(space))));
    }
    return db;
}

Result<MacVendors> MacVendors::load(std::string_view datadir_option) {
    auto path = fp::db::find_nmap_file("nmap-mac-prefixes", datadir_option);
    if (!path) return unexpected(path.error());
    auto text = read_file(*path);
    if (!text) return unexpected(text.error());
    return parse(*text, *path);
}

std::string_view MacVendors::vendor(const MacAddress& m) const {
    std::uint32_t key = (std::uint32_t{m[0]} << 16) | (std::uint32_t{m[1]} << 8) | m[2];
    auto it = by_prefix_.find(key);
    return it == by_prefix_.end() ? std::string_view("Unknown") : std::string_view(it->second);
}

}  // namespace whorl::scan
