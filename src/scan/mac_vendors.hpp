// nmap-mac-prefixes: the vendor behind a MAC address's first three bytes, for the
// "MAC Address: 02:57:4C:00:00:02 (Vendor)" line; "Unknown" when the prefix is not listed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/error.hpp"

namespace whorl::scan {

using MacAddress = std::array<std::uint8_t, 6>;

std::string format_mac(const MacAddress& mac);  // "02:57:4C:00:00:02"

class MacVendors {
public:
    static Result<MacVendors> parse(std::string_view text, const std::string& path);
    static Result<MacVendors> load(std::string_view datadir_option = {});

    std::string_view vendor(const MacAddress& mac) const;
    std::size_t size() const { return by_prefix_.size(); }

private:
    std::unordered_map<std::uint32_t, std::string> by_prefix_;
};

}  // namespace whorl::scan
