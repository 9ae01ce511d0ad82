// Shared formatting for the report writers.
#include "report/report_format.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

#include <fmt/format.h>

namespace whorl::report {

std::string significant_digits(double value, int digits) {
    int shift = -digits;
    if (value != 0 && std::isfinite(value)) {
        // Round to the digits first (half up), then print as many decimals as they need.
        shift = static_cast<int>(std::floor(std::log10(std::fabs(value)))) - digits + 1;
        double scale = std::pow(10.0, shift);
        value = std::floor(value / scale + 0.5) * scale;
    }
    return fmt::format("{:.{}f}", value, std::max(0, -shift));
}

std::string format_bytes(std::uint64_t bytes) {
    if (bytes < 1000) return fmt::format("{}B", bytes);
    if (bytes < 1000000) return fmt::format("{:.3f}KB", static_cast<double>(bytes) / 1000.0);
    return fmt::format("{:.3f}MB", static_cast<double>(bytes) / 1000000.0);
}

namespace {

std::tm local_tm(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

}  // namespace

std::string ctime_text(std::int64_t unix_seconds) {
    return local_time_text(unix_seconds, "%a %b %e %H:%M:%S %Y");
}

std::string local_time_text(std::int64_t unix_seconds, const char* format) {
    std::tm tm = local_tm(unix_seconds);
    char buf[128];
    std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
    return std::string(buf, n);
}

int hosts_up(const ScanReport& report) {
    return static_cast<int>(std::count_if(report.hosts.begin(), report.hosts.end(), [](const HostReport& h) { return h.up; }));
}

std::size_t hosts_total(const ScanReport& report) { return report.hosts.size() + report.down_hosts_not_kept; }

std::string hosts_summary(const ScanReport& report) {
    std::size_t total = hosts_total(report);
    int up = hosts_up(report);
    return fmt::format("{} IP address{} ({} host{} up)", total, total == 1 ? "" : "es", up, up == 1 ? "" : "s");
}

std::string address_text(const HostReport& host) { return host.address.to_string(); }

std::string mac_text(const std::array<std::uint8_t, 6>& m) {
    return fmt::format("{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}", m[0], m[1], m[2], m[3], m[4], m[5]);
}

std::string name_ip(const HostReport& host) {
    const std::string& name = !host.user_hostname.empty() ? host.user_hostname : host.rdns;
    if (name.empty()) return address_text(host);
    return fmt::format("{} ({})", name, address_text(host));
}

std::string reason_text(scan::Reason reason, std::uint8_t ttl, const std::optional<IpAddress>& from) {
    std::string s(scan::reason_name(reason));
    if (from) s += " from " + from->to_string();
    if (ttl) s += fmt::format(" ttl {}", ttl);
    return s;
}

std::string_view mac_vendor_text(const HostReport& host) {
    std::string_view v = known_mac_vendor(host);
    return v.empty() ? "Unknown" : v;
}

std::string_view known_mac_vendor(const HostReport& host) {
    return host.mac_vendor == "Unknown" ? std::string_view{} : std::string_view(host.mac_vendor);
}

}  // namespace whorl::report
