// Name resolution through the system resolver: forward (getaddrinfo) for host names given
// as targets, and reverse (getnameinfo) for the "scan report for NAME (IP)" lines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/ip_address.hpp"

namespace whorl::io {

std::vector<IpAddress> resolve_name(const std::string& name, bool ipv6);
std::optional<std::string> reverse_lookup(const IpAddress& address);

}  // namespace whorl::io
