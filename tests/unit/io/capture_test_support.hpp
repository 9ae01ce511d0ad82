// Helpers shared by the capture file reader tests: a temporary file, reading a source to
// its end, a small IPv4/UDP packet for BPF filters, and the check that libpcap's reader and
// whorl's give the same packets.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/packet_source.hpp"

namespace whorl::io::test {

class TempFile {
public:
    explicit TempFile(const std::string& contents) {
        char tmpl[] = "/tmp/whorl-pcap-XXXXXX";
        int fd = ::mkstemp(tmpl);
        path_ = tmpl;
        EXPECT_EQ(::write(fd, contents.data(), contents.size()), static_cast<ssize_t>(contents.size()));
        ::close(fd);
    }
    ~TempFile() { ::unlink(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Every packet of a source until its end or its error.
struct ReadAll {
    std::size_t packets = 0;
    std::optional<Error> error;
};
inline ReadAll read_all(PacketSource& src) {
    ReadAll r;
    for (;;) {
        auto p = src.next();
        if (!p) {
            r.error = p.error();
            return r;
        }
        if (!*p) return r;
        ++r.packets;
    }
}

// A minimal IPv4/UDP packet (raw-IP link type) so BPF filters have something to match.
inline std::string udp_packet(std::uint16_t dport) {
    std::string p = std::string("\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00", 12) +
                    std::string("\xc6\x33\x64\x01\xc6\x33\x64\x02", 8);
    p += std::string("\x30\x39", 2);
    p += static_cast<char>(dport >> 8);
    p += static_cast<char>(dport & 0xff);
    p += std::string("\x00\x08\x00\x00", 4);
    return p;
}

// What libpcap's reader and whorl's both give for two raw-IP records: udp_packet(53) at
// 1700000000.000250 s, then udp_packet(123) with a wire length of 100.
inline void expect_the_two_records(PacketSource& src) {
    EXPECT_EQ(src.datalink(), 12);  // LINKTYPE_RAW 101 is reported as DLT_RAW 12 on Linux, as libpcap says
    EXPECT_EQ(src.selectable_fd(), -1);
    auto p1 = src.next();
    ASSERT_TRUE(p1 && *p1);
    EXPECT_EQ((*p1)->data.size(), 28u);
    EXPECT_EQ((*p1)->timestamp.count(), 1700000000LL * 1000000 + 250);
    EXPECT_EQ((*p1)->dlt, 12);
    auto p2 = src.next();
    ASSERT_TRUE(p2 && *p2);
    EXPECT_EQ((*p2)->wire_length, 100u);
    auto end = src.next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
    EXPECT_TRUE(src.at_end());
}

// Two sources over the same file give the same packets: bytes, lengths, times, link type.
inline void expect_same_packets(PacketSource& expected, PacketSource& actual) {
    for (std::size_t n = 0;; ++n) {
        auto e = expected.next();
        auto a = actual.next();
        ASSERT_TRUE(e) << e.error().describe();
        ASSERT_TRUE(a) << "packet " << n << ": " << a.error().describe();
        ASSERT_EQ(e->has_value(), a->has_value()) << "packet " << n;
        if (!*e) return;
        const auto& pe = **e;
        const auto& pa = **a;
        EXPECT_EQ(std::vector<std::byte>(pe.data.begin(), pe.data.end()),
                  std::vector<std::byte>(pa.data.begin(), pa.data.end()))
            << "packet " << n;
        EXPECT_EQ(pe.wire_length, pa.wire_length) << "packet " << n;
        EXPECT_EQ(pe.timestamp, pa.timestamp) << "packet " << n;
        EXPECT_EQ(pe.dlt, pa.dlt) << "packet " << n;
    }
}

}  // namespace whorl::io::test
