// Small pieces of text every writer shares, spelled as Nmap 7.93 spells them: numbers
// with significant digits ("0.000090"), byte counts ("45.806KB"), times (ctime() and
// strftime() in the local time zone, as Nmap prints them), "2 IP addresses (1 host up)",
// "name (ip)", and a port's reason ("admin-prohibited from 198.51.100.254 ttl 254").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ip_address.hpp"
#include "report/scan_report.hpp"

namespace whorl::report {

inline constexpr std::string_view kScannerName = "whorl";
inline constexpr std::string_view kScannerTagline = "operating-system fingerprinting";

// `value` with `digits` significant digits and no exponent, trailing zeros kept
// (Nmap's num_to_string_sigdigits): 0.00009 -> "0.000090", 0.97 -> "0.97", 12.3 -> "12".
std::string significant_digits(double value, int digits);

// Nmap's byte counts: "812B", "45.806KB", "1.234MB" (powers of 1000).
std::string format_bytes(std::uint64_t bytes);

// ctime() of a Unix time in the local zone, without the newline: "Wed Nov 25 01:11:13 2026".
std::string ctime_text(std::int64_t unix_seconds);

// strftime() of a Unix time in the local zone ("%Y-%m-%d %H:%M %Z").
std::string local_time_text(std::int64_t unix_seconds, const char* format);

// "1 IP address (1 host up)", "2 IP addresses (0 hosts up)".
std::string hosts_summary(const ScanReport& report);
int hosts_up(const ScanReport& report);
// Every host scanned: those in report.hosts and the down ones reported but not kept.
std::size_t hosts_total(const ScanReport& report);

// The address as text ("198.51.100.2"), the MAC as "02:57:4C:00:00:02".
std::string address_text(const HostReport& host);
std::string mac_text(const std::array<std::uint8_t, 6>& mac);

// Nmap's Target::NameIP(): "name (ip)" with the name typed by the user, else the reverse
// DNS name, else just the address.
std::string name_ip(const HostReport& host);

// A reason as Nmap prints it after a port or "received": "syn-ack ttl 64",
// "no-response", "host-unreach from 198.51.100.254 ttl 254".
std::string reason_text(scan::Reason reason, std::uint8_t ttl, const std::optional<IpAddress>& from = std::nullopt);

// The MAC vendor for display: "Unknown" when the report has none.
std::string_view mac_vendor_text(const HostReport& host);
// The MAC vendor for XML: empty when unknown.
std::string_view known_mac_vendor(const HostReport& host);

}  // namespace whorl::report
