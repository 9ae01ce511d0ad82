// Shared formatting: Nmap's significant digits, byte counts, times, host counts, names.
#include "report/report_format.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace whorl::report {
namespace {

TEST(SignificantDigits, TwoDigitsAsNmapPrintsLatency) {
    EXPECT_EQ(significant_digits(0.00009, 2), "0.000090");
    EXPECT_EQ(significant_digits(0.000082, 2), "0.000082");
    EXPECT_EQ(significant_digits(0.0012345, 2), "0.0012");
    EXPECT_EQ(significant_digits(0.97, 2), "0.97");
    EXPECT_EQ(significant_digits(0.1, 2), "0.10");
    EXPECT_EQ(significant_digits(1.5, 2), "1.5");
    EXPECT_EQ(significant_digits(12.3, 2), "12");
    EXPECT_EQ(significant_digits(123.0, 2), "120");
    EXPECT_EQ(significant_digits(0.0, 2), "0.00");
}

TEST(SignificantDigits, RoundsHalfUpBeforeCountingDecimals) {
    // 0.0000995 rounds to 0.00010 at two digits, but the decimals were counted from the
    // unrounded magnitude: Nmap prints "0.000100".
    EXPECT_EQ(significant_digits(0.0000995, 2), "0.000100");
    EXPECT_EQ(significant_digits(0.00125, 2), "0.0013");
}

TEST(FormatBytes, PowersOfThousand) {
    EXPECT_EQ(format_bytes(0), "0B");
    EXPECT_EQ(format_bytes(999), "999B");
    EXPECT_EQ(format_bytes(45806), "45.806KB");
    EXPECT_EQ(format_bytes(999999), "999.999KB");
    EXPECT_EQ(format_bytes(1234567), "1.235MB");
}

class LocalTimeInUtc : public ::testing::Test {
protected:
    void SetUp() override {
        const char* tz = std::getenv("TZ");
        saved_ = tz ? std::optional<std::string>(tz) : std::nullopt;
        setenv("TZ", "UTC", 1);
        tzset();
    }
    void TearDown() override {
        saved_ ? setenv("TZ", saved_->c_str(), 1) : unsetenv("TZ");
        tzset();
    }
    std::optional<std::string> saved_;
};

TEST_F(LocalTimeInUtc, CtimeAndStrftimeForms) {
    EXPECT_EQ(ctime_text(1795569073), "Wed Nov 25 01:11:13 2026");
    EXPECT_EQ(ctime_text(1794182400), "Mon Nov  9 00:00:00 2026");  // day padded with a space
    EXPECT_EQ(local_time_text(1795569073, "%Y-%m-%d %H:%M %Z"), "2026-11-25 01:11 UTC");
}

HostReport host(const char* addr, bool up = true) {
    HostReport h;
    h.address = *IpAddress::parse(addr);
    h.up = up;
    return h;
}

TEST(HostsSummary, PluralsAsNmap) {
    ScanReport r;
    r.hosts.push_back(host("198.51.100.2"));
    EXPECT_EQ(hosts_summary(r), "1 IP address (1 host up)");
    r.hosts.push_back(host("198.51.100.3", false));
    EXPECT_EQ(hosts_summary(r), "2 IP addresses (1 host up)");
    r.hosts[0].up = false;
    EXPECT_EQ(hosts_summary(r), "2 IP addresses (0 hosts up)");
    r.hosts = {};
    EXPECT_EQ(hosts_summary(r), "0 IP addresses (0 hosts up)");
}

TEST(NameIp, UserNameThenReverseDnsThenAddress) {
    HostReport h = host("198.51.100.2");
    EXPECT_EQ(name_ip(h), "198.51.100.2");
    h.rdns = "ptr.example";
    EXPECT_EQ(name_ip(h), "ptr.example (198.51.100.2)");
    h.user_hostname = "target.example";
    EXPECT_EQ(name_ip(h), "target.example (198.51.100.2)");
    EXPECT_EQ(name_ip(host("2001:db8::2")), "2001:db8::2");
}

TEST(ReasonText, TtlOnlyWhenKnownAndTheSenderWhenNotTheTarget) {
    EXPECT_EQ(reason_text(scan::Reason::syn_ack, 64), "syn-ack ttl 64");
    EXPECT_EQ(reason_text(scan::Reason::no_response, 0), "no-response");
    EXPECT_EQ(reason_text(scan::Reason::host_unreach, 254, IpAddress::parse("198.51.100.254")),
              "host-unreach from 198.51.100.254 ttl 254");
}

TEST(MacVendor, UnknownWhenTheReportHasNone) {
    HostReport h = host("198.51.100.2");
    EXPECT_EQ(mac_vendor_text(h), "Unknown");
    EXPECT_EQ(known_mac_vendor(h), "");
    h.mac_vendor = "Unknown";  // what MacVendors::vendor() says for an unlisted prefix
    EXPECT_EQ(known_mac_vendor(h), "");
    h.mac_vendor = "VMware";
    EXPECT_EQ(mac_vendor_text(h), "VMware");
    EXPECT_EQ(mac_text({0x02, 0x57, 0x4c, 0, 0, 0x0a}), "02:57:4C:00:00:0A");
}

}  // namespace
}  // namespace whorl::report
