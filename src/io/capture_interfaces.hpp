// The interfaces libpcap can capture on, for `whorl passive -L` (p0f -L).
#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"

namespace whorl::io {

struct CaptureInterface {
    std::string name;
    std::string description;
    std::vector<std::string> addresses;  // IPv4 and IPv6, as text
    bool up = false, loopback = false;
};

Result<std::vector<CaptureInterface>> list_capture_interfaces();

}  // namespace whorl::io
