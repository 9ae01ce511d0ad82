// OS family names as whorl's verdict compares them. nmap-os-db's Class lines name the same
// OS differently over the years and files: Apple renamed "Mac OS X" to "OS X" (2012) and
// "OS X" to "macOS" (2016), and "iPhone OS" to "iOS" (2010) (Apple's press releases of
// WWDC 2010, 2012 and 2016); and Nmap files a device whose OS has no name of its own under
// family "embedded" with the device's vendor (Nmap Network Scanning, chapter 8, "Device
// and OS classification"), so a newer file may name the same stack "NetScaler" where an
// older one said Citrix "embedded".
#pragma once

#include <string>
#include <string_view>

namespace whorl::fp::verdict {

// The current name of a renamed family ("OS X" -> "macOS"), else the name itself.
std::string canonical_family(std::string_view family);

// Whether a verdict naming (vendor, family) names a class (vendor, family): the same
// family after renames, or the same vendor where either side is "embedded" (and only then:
// Meross's "embedded" is not OSRAM's).
bool same_family(std::string_view vendor_a, std::string_view family_a, std::string_view vendor_b,
                 std::string_view family_b);

}  // namespace whorl::fp::verdict
