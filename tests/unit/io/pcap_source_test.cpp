// PcapSource on capture files: reading records, link type, BPF filters, and one clear
// error with the byte offset for truncated or corrupt files.
#include "io/pcap_source.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace whorl::io {
namespace {

void put32(std::string& s, std::uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); }
void put16(std::string& s, std::uint16_t v) { s.append(reinterpret_cast<const char*>(&v), 2); }

std::string global_header(std::uint32_t linktype = 101) {
    std::string s;
    put32(s, 0xa1b2c3d4);
    put16(s, 2);
    put16(s, 4);
    put32(s, 0);
    put32(s, 0);
    put32(s, 65535);
    put32(s, linktype);
    return s;
}

std::string record(const std::string& data, std::uint32_t incl = 0, std::uint32_t orig = 0) {
    std::string s;
    put32(s, 1700000000);
    put32(s, 250);
    put32(s, incl ? incl : static_cast<std::uint32_t>(data.size()));
    put32(s, orig ? orig : static_cast<std::uint32_t>(data.size()));
    return s + data;
}

// A minimal IPv4/UDP packet (raw-IP link type) so BPF filters have something to match.
std::string udp_packet(std::uint16_t dport) {
    std::string p = std::string("\x45\x00\x00\x1c\x00\x01\x00\x00\x40\x11\x00\x00", 12) +
                    std::string("\xc6\x33\x64\x01\xc6\x33\x64\x02", 8);
    p += std::string("\x30\x39", 2);
    p += static_cast<char>(dport >> 8);
    p += static_cast<char>(dport & 0xff);
    p += std::string("\x00\x08\x00\x00", 4);
    return p;
}

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
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

TEST(PcapSource, ReadsEveryRecordThenEnds) {
    TempFile f(global_header() + record(udp_packet(53)) + record(udp_packet(123), 0, 100));
    auto src = PcapSource::open_file(f.path());
    ASSERT_TRUE(src) << src.error().describe();
    EXPECT_EQ((*src)->datalink(), 12);  // LINKTYPE_RAW 101 is reported as DLT_RAW 12 on Linux
    EXPECT_EQ((*src)->selectable_fd(), -1);
    auto p1 = (*src)->next();
    ASSERT_TRUE(p1 && *p1);
    EXPECT_EQ((*p1)->data.size(), 28u);
    EXPECT_EQ((*p1)->timestamp.count(), 1700000000LL * 1000000 + 250);
    auto p2 = (*src)->next();
    ASSERT_TRUE(p2 && *p2);
    EXPECT_EQ((*p2)->wire_length, 100u);
    auto end = (*src)->next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
    EXPECT_TRUE((*src)->at_end());
}

TEST(PcapSource, AppliesBpfFilter) {
    TempFile f(global_header() + record(udp_packet(53)) + record(udp_packet(123)) + record(udp_packet(53)));
    auto src = PcapSource::open_file(f.path(), "udp dst port 53");
    ASSERT_TRUE(src) << src.error().describe();
    int n = 0;
    while (true) {
        auto p = (*src)->next();
        ASSERT_TRUE(p);
        if (!*p) break;
        ++n;
    }
    EXPECT_EQ(n, 2);
}

TEST(PcapSource, BadFilterIsAUsageError) {
    TempFile f(global_header() + record(udp_packet(53)));
    auto src = PcapSource::open_file(f.path(), "udp port banana");
    ASSERT_FALSE(src);
    EXPECT_EQ(src.error().code, Errc::usage);
    EXPECT_NE(src.error().message.find("banana"), std::string::npos);
}

TEST(PcapSource, TruncatedRecordNamesItsOffset) {
    std::string second = record(udp_packet(123));
    second.resize(second.size() - 10);  // the file ends in the middle of record 2
    TempFile f(global_header() + record(udp_packet(53)) + second);
    auto src = PcapSource::open_file(f.path());
    ASSERT_TRUE(src);
    auto first = (*src)->next();
    ASSERT_TRUE(first && *first);
    auto broken = (*src)->next();
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, Errc::parse);
    // Record 2 starts after the 24-byte file header and the 16 + 28 bytes of record 1.
    EXPECT_NE(broken.error().describe().find(f.path() + ": offset 68"), std::string::npos)
        << broken.error().describe();
    EXPECT_TRUE((*src)->at_end());
}

TEST(PcapSource, TruncatedRecordHeaderNamesItsOffset) {
    TempFile f(global_header() + record(udp_packet(53)) + std::string("\x01\x02\x03", 3));
    auto src = PcapSource::open_file(f.path());
    ASSERT_TRUE(src);
    ASSERT_TRUE((*src)->next());
    auto broken = (*src)->next();
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().describe().find("offset 68"), std::string::npos) << broken.error().describe();
}

TEST(PcapSource, AbsurdRecordLengthIsAnError) {
    TempFile f(global_header() + record(udp_packet(53), 0x7fffffff));
    auto src = PcapSource::open_file(f.path());
    ASSERT_TRUE(src);
    auto broken = (*src)->next();
    ASSERT_FALSE(broken);
    EXPECT_NE(broken.error().describe().find("offset 24"), std::string::npos) << broken.error().describe();
}

TEST(PcapSource, NotACaptureOrMissing) {
    TempFile junk("this is not a capture file at all, just text\n");
    auto a = PcapSource::open_file(junk.path());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().code, Errc::parse);
    EXPECT_EQ(a.error().where, junk.path());
    TempFile empty("");
    EXPECT_FALSE(PcapSource::open_file(empty.path()));
    auto missing = PcapSource::open_file("/nonexistent/capture.pcap");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
}

}  // namespace
}  // namespace whorl::io
