// PcapSource (libpcap) and PcapFileReader (whorl's streaming reader for classic pcap) on
// capture files: reading records, link type, BPF filters, one clear error with the byte
// offset for truncated or corrupt files, a file cut while it is read, and memory that does
// not follow the file's size.
#include "io/pcap_source.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture_test_support.hpp"
#include "io/pcap_file_reader.hpp"

namespace whorl::io {
namespace {

using test::expect_the_two_records;
using test::read_all;
using test::TempFile;
using test::udp_packet;

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

// The two records of expect_the_two_records() in a classic pcap file.
std::string two_records() { return global_header() + record(udp_packet(53)) + record(udp_packet(123), 0, 100); }

TEST(PcapSource, ReadsEveryRecordThenEnds) {
    TempFile f(two_records());
    auto src = PcapSource::open_file(f.path());
    ASSERT_TRUE(src) << src.error().describe();
    expect_the_two_records(**src);
}

TEST(PcapSource, AppliesBpfFilter) {
    TempFile f(global_header() + record(udp_packet(53)) + record(udp_packet(123)) + record(udp_packet(53)));
    auto src = PcapSource::open_file(f.path(), "udp dst port 53");
    ASSERT_TRUE(src) << src.error().describe();
    auto all = read_all(**src);
    EXPECT_FALSE(all.error);
    EXPECT_EQ(all.packets, 2u);
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

TEST(PcapFileReader, ReadsLikePcapSource) {
    TempFile f(two_records());
    auto src = PcapFileReader::open(f.path());
    ASSERT_TRUE(src && *src);
    expect_the_two_records(**src);
}

// Issue 15: a raw-IP file (LINKTYPE 101, what tcpdump -i tun0 -w writes) with a BPF filter
// was "unknown data link type 101": the filter is compiled for the DLT.
TEST(PcapFileReader, FiltersARawIpFile) {
    TempFile f(global_header(101) + record(udp_packet(53)) + record(udp_packet(123)) + record(udp_packet(53)));
    auto src = PcapFileReader::open(f.path(), "udp dst port 53");
    ASSERT_TRUE(src) << src.error().describe();
    ASSERT_TRUE(*src);
    auto all = read_all(**src);
    EXPECT_FALSE(all.error);
    EXPECT_EQ(all.packets, 2u);
}

TEST(PcapFileReader, TruncatedAndAbsurdRecordsNameTheirOffset) {
    std::string second = record(udp_packet(123));
    second.resize(second.size() - 10);
    TempFile cut(global_header() + record(udp_packet(53)) + second);
    auto a = PcapFileReader::open(cut.path());
    ASSERT_TRUE(a && *a);
    auto ra = read_all(**a);
    EXPECT_EQ(ra.packets, 1u);
    ASSERT_TRUE(ra.error);
    EXPECT_EQ(ra.error->code, Errc::parse);
    EXPECT_EQ(ra.error->where, cut.path() + ": offset 68");
    TempFile header(global_header() + record(udp_packet(53)) + std::string("\x01\x02\x03", 3));
    auto b = PcapFileReader::open(header.path());
    ASSERT_TRUE(b && *b);
    auto rb = read_all(**b);
    ASSERT_TRUE(rb.error);
    EXPECT_EQ(rb.error->where, header.path() + ": offset 68");
    TempFile absurd(global_header() + record(udp_packet(53), 0x7fffffff));
    auto c = PcapFileReader::open(absurd.path());
    ASSERT_TRUE(c && *c);
    auto rc = read_all(**c);
    ASSERT_TRUE(rc.error);
    EXPECT_EQ(rc.error->where, absurd.path() + ": offset 24");
}

// A capture of `n` records of 1,000 bytes each.
std::string big_capture(std::size_t n) {
    std::string s = global_header(1);
    std::string frame(1000, '\0');
    for (std::size_t i = 0; i < n; ++i) s += record(frame);
    return s;
}

// Issue 15: a capture cut while it is read (logrotate's copytruncate) was SIGBUS through the
// mmap reader. Now: the records before the cut, then one error that says so.
TEST(PcapFileReader, AFileCutWhileReadIsOneErrorAfterItsRecords) {
    TempFile f(big_capture(8000));  // 8 MB: more than the reader's buffer
    auto src = PcapFileReader::open(f.path());
    ASSERT_TRUE(src && *src);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE((*src)->next());
    const off_t cut = 24 + 3000 * 1016 + 500;  // in the middle of record 3,001
    ASSERT_EQ(::truncate(f.path().c_str(), cut), 0);
    auto rest = read_all(**src);
    ASSERT_TRUE(rest.error);
    EXPECT_EQ(rest.error->code, Errc::io);
    EXPECT_NE(rest.error->message.find("shrank while being read (from 8128024 to 3048524 bytes)"), std::string::npos)
        << rest.error->describe();
    EXPECT_EQ(rest.error->where, f.path() + ": offset " + std::to_string(24 + 3000 * 1016));
    EXPECT_EQ(10 + rest.packets, 3000u);
    EXPECT_TRUE((*src)->at_end());
}

// Issue 15: the mmap reader kept every page it read (RSS = the file's size); the streaming
// reader's memory is its buffer, whatever the file.
TEST(PcapFileReader, MemoryIsTheBufferNotTheFile) {
    TempFile f(big_capture(8000));
    auto src = PcapFileReader::open(f.path());
    ASSERT_TRUE(src && *src);
    auto all = read_all(**src);
    EXPECT_FALSE(all.error);
    EXPECT_EQ(all.packets, 8000u);
    EXPECT_EQ((*src)->buffer_capacity(), std::size_t{1} << 20);
}

TEST(PcapFileReader, PcapngAndOtherFilesAreLeftToTheOtherReaders) {
    TempFile junk("this is not a capture file at all, just text\n");
    auto a = PcapFileReader::open(junk.path());
    ASSERT_TRUE(a);
    EXPECT_FALSE(*a);
    auto missing = PcapFileReader::open("/nonexistent/capture.pcap");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
}

}  // namespace
}  // namespace whorl::io
