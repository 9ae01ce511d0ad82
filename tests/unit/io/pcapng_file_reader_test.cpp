// PcapngFileReader on pcapng files built here block by block: both byte orders, micro-,
// nano- and binary timestamp resolutions, two sections, Simple and obsolete Packet Blocks,
// skipped unknown blocks, records cut to the snapshot length, a link type per interface with a BPF program per link type, the
// same packets as libpcap wherever libpcap reads the file, one error with the file and
// the block's offset for every kind of damage, a file cut while it is read, and memory
// that does not follow the file's size.
#include "io/pcapng_file_reader.hpp"

#include <unistd.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture_test_support.hpp"
#include "io/pcap_file_reader.hpp"
#include "io/pcap_source.hpp"

namespace whorl::io {
namespace {

using test::expect_same_packets;
using test::expect_the_two_records;
using test::read_all;
using test::TempFile;
using test::udp_packet;

constexpr std::uint64_t kSecondsAt = 1700000000;

// A pcapng file built block by block; each section in the byte order it was opened with.
class NgFile {
public:
    explicit NgFile(bool big_endian = false) { section(big_endian); }

    NgFile& section(bool big_endian, std::uint16_t major = 1) {
        big_ = big_endian;
        return block(0x0A0D0D0A, u32(0x1A2B3C4D) + u16(major) + u16(0) + u64(~std::uint64_t{0}));
    }
    NgFile& interface(std::uint16_t linktype, std::uint32_t snaplen = 65535, const std::string& options = {}) {
        return block(1, u16(linktype) + u16(0) + u32(snaplen) + options + (options.empty() ? "" : u32(0)));
    }
    NgFile& enhanced(std::uint32_t iface, std::uint64_t ts, const std::string& data, std::uint32_t wire = 0) {
        return block(6, u32(iface) + u32(static_cast<std::uint32_t>(ts >> 32)) + u32(static_cast<std::uint32_t>(ts)) +
                            u32(static_cast<std::uint32_t>(data.size())) + u32(wire ? wire : length(data)) + padded(data));
    }
    NgFile& simple(const std::string& data, std::uint32_t wire = 0) {
        return block(3, u32(wire ? wire : length(data)) + padded(data));
    }
    NgFile& obsolete(std::uint16_t iface, std::uint64_t ts, const std::string& data) {
        return block(2, u16(iface) + u16(0) + u32(static_cast<std::uint32_t>(ts >> 32)) +
                            u32(static_cast<std::uint32_t>(ts)) + u32(length(data)) + u32(length(data)) + padded(data));
    }
    // Any block: the type, the total length on both sides of the body (padded to 4).
    NgFile& block(std::uint32_t type, const std::string& body) {
        offsets_.push_back(bytes_.size());
        const std::string b = padded(body);
        const std::uint32_t total = length(b) + 12;
        bytes_ += u32(type) + u32(total) + b + u32(total);
        return *this;
    }

    // An option in the byte order of the current section: code, length, padded value.
    std::string option(std::uint16_t code, const std::string& value) const {
        return u16(code) + u16(static_cast<std::uint16_t>(value.size())) + padded(value);
    }
    std::string u16(std::uint16_t v) const { return in_order(v); }
    std::string u32(std::uint32_t v) const { return in_order(v); }
    std::string u64(std::uint64_t v) const { return in_order(v); }

    const std::string& bytes() const { return bytes_; }
    std::string& bytes() { return bytes_; }
    std::size_t offset(std::size_t block) const { return offsets_.at(block); }
    // Overwrites the 4 bytes at `at` with v in the current byte order.
    void patch32(std::size_t at, std::uint32_t v) { bytes_.replace(at, 4, u32(v)); }

private:
    template <class T>
    std::string in_order(T v) const {
        if (big_ != (std::endian::native == std::endian::big)) v = std::byteswap(v);
        return std::string(reinterpret_cast<const char*>(&v), sizeof v);
    }
    static std::uint32_t length(const std::string& s) { return static_cast<std::uint32_t>(s.size()); }
    static std::string padded(std::string s) {
        s.resize((s.size() + 3) & ~std::size_t{3}, '\0');
        return s;
    }

    bool big_ = false;
    std::string bytes_;
    std::vector<std::size_t> offsets_;
};

// A tiny Ethernet II frame around udp_packet(dport).
std::string ethernet_udp(std::uint16_t dport) {
    return std::string("\x00\x11\x22\x33\x44\x55\x00\x66\x77\x88\x99\xaa\x08\x00", 14) + udp_packet(dport);
}

std::unique_ptr<PcapngFileReader> open_ng(const std::string& path, const std::string& filter = {}) {
    auto src = PcapngFileReader::open(path, filter);
    EXPECT_TRUE(src) << src.error().describe();
    if (!src) return nullptr;
    EXPECT_TRUE(*src) << path << " was not taken for a pcapng file";
    return std::move(*src);
}

TEST(PcapngFileReader, ReadsLikeLibpcapInEitherByteOrder) {
    for (bool big : {false, true}) {
        NgFile ng(big);
        ng.interface(101)
            .enhanced(0, kSecondsAt * 1000000 + 250, udp_packet(53))
            .enhanced(0, kSecondsAt * 1000000 + 250, udp_packet(123), 100);
        TempFile f(ng.bytes());
        auto pcap = PcapSource::open_file(f.path());
        ASSERT_TRUE(pcap) << pcap.error().describe();
        expect_the_two_records(**pcap);
        auto own = open_ng(f.path());
        ASSERT_TRUE(own);
        EXPECT_TRUE(own->link_type_per_packet());
        expect_the_two_records(*own);
        auto chosen = open_capture_file(f.path());
        ASSERT_TRUE(chosen);
        EXPECT_NE(dynamic_cast<PcapngFileReader*>(chosen->get()), nullptr) << "big endian: " << big;
    }
}

// Three interfaces of one link type (libpcap reads that too): microseconds by default,
// nanoseconds (if_tsresol 9), 2^-20 s with an if_tsoffset of 100 s.
TEST(PcapngFileReader, TimestampResolutionsAndOffsetAgreeWithLibpcap) {
    for (bool big : {false, true}) {
        NgFile ng(big);
        ng.interface(1)
            .interface(1, 65535, ng.option(9, std::string(1, '\x09')))
            .interface(1, 65535, ng.option(9, std::string(1, '\x94')) + ng.option(14, ng.u64(100)))
            .enhanced(0, kSecondsAt * 1000000 + 250, ethernet_udp(53))
            .enhanced(1, kSecondsAt * 1000000000 + 123456789, ethernet_udp(54))
            .enhanced(2, (kSecondsAt << 20) + (1 << 19), ethernet_udp(55));
        TempFile f(ng.bytes());
        auto own = open_ng(f.path());
        ASSERT_TRUE(own);
        std::vector<std::int64_t> times;
        std::vector<std::uint32_t> interfaces;
        for (auto p = own->next(); p && *p; p = own->next()) {
            times.push_back((*p)->timestamp.count());
            interfaces.push_back((*p)->interface);
            EXPECT_EQ((*p)->dlt, 1);
        }
        const std::int64_t base = static_cast<std::int64_t>(kSecondsAt) * 1000000;
        EXPECT_EQ(times, (std::vector<std::int64_t>{base + 250, base + 123456, base + 100 * 1000000 + 500000}));
        EXPECT_EQ(interfaces, (std::vector<std::uint32_t>{0, 1, 2}));
        auto pcap = PcapSource::open_file(f.path());
        ASSERT_TRUE(pcap) << pcap.error().describe();
        auto again = open_ng(f.path());
        ASSERT_TRUE(again);
        expect_same_packets(**pcap, *again);
    }
}

// Crafted times neither wrap nor overflow: before the epoch is 0, past 2^62 us saturates.
TEST(PcapngFileReader, AbsurdTimesAreClampedNotWrapped) {
    NgFile ng;
    ng.interface(101, 65535, ng.option(14, ng.u64(static_cast<std::uint64_t>(-5))))
        .interface(101, 65535, ng.option(9, std::string(1, '\x00')) + ng.option(14, ng.u64(std::uint64_t{1} << 62)))
        .enhanced(0, 1000000, udp_packet(53))
        .enhanced(1, ~std::uint64_t{0}, udp_packet(53));
    TempFile f(ng.bytes());
    auto own = open_ng(f.path());
    ASSERT_TRUE(own);
    std::vector<std::int64_t> times;
    for (auto p = own->next(); p && *p; p = own->next()) times.push_back((*p)->timestamp.count());
    EXPECT_EQ(times, (std::vector<std::int64_t>{0, std::int64_t{1} << 62}));
}

// A Simple Packet Block belongs to interface 0 and has no time; the obsolete Packet Block
// is read; name resolution, statistics, custom and unknown blocks are skipped. libpcap
// reads the same.
TEST(PcapngFileReader, SimpleAndObsoleteBlocksAndSkippedOnes) {
    NgFile ng(true);
    ng.interface(101)
        .block(4, ng.u16(0) + ng.u16(0))           // name resolution, empty
        .simple(udp_packet(53))
        .block(0x0BAD, "whatever this is")         // unknown
        .block(5, ng.u32(0) + ng.u32(0) + ng.u32(0))  // interface statistics
        .obsolete(0, kSecondsAt * 1000000 + 7, udp_packet(123))
        .block(0x40000BAD, ng.u32(32473) + "custom");
    TempFile f(ng.bytes());
    auto own = open_ng(f.path());
    ASSERT_TRUE(own);
    auto spb = own->next();
    ASSERT_TRUE(spb && *spb);
    EXPECT_EQ((*spb)->data.size(), 28u);
    EXPECT_EQ((*spb)->timestamp.count(), 0);
    EXPECT_EQ((*spb)->interface, 0u);
    auto pb = own->next();
    ASSERT_TRUE(pb && *pb);
    EXPECT_EQ((*pb)->timestamp.count(), static_cast<std::int64_t>(kSecondsAt) * 1000000 + 7);
    EXPECT_EQ((*pb)->dlt, 12);
    auto end = own->next();
    ASSERT_TRUE(end);
    EXPECT_FALSE(*end);
    auto pcap = PcapSource::open_file(f.path());
    ASSERT_TRUE(pcap) << pcap.error().describe();
    auto again = open_ng(f.path());
    ASSERT_TRUE(again);
    expect_same_packets(**pcap, *again);
}

// A record longer than its interface's snapshot length is cut to it, as the classic
// reader does (libpcap refuses such a pcapng file); a Simple Packet Block holds its
// original length or what fits in the block.
TEST(PcapngFileReader, RecordsLongerThanTheSnapshotLengthAreCut) {
    NgFile ng;
    ng.interface(101, 24).enhanced(0, 1, udp_packet(53)).simple(udp_packet(54)).interface(101).simple(udp_packet(55), 100);
    TempFile f(ng.bytes());
    auto own = open_ng(f.path());
    ASSERT_TRUE(own);
    std::vector<std::pair<std::size_t, std::uint32_t>> lengths;  // captured, on the wire
    for (auto p = own->next(); p && *p; p = own->next()) lengths.emplace_back((*p)->data.size(), (*p)->wire_length);
    EXPECT_EQ(lengths, (std::vector<std::pair<std::size_t, std::uint32_t>>{{24, 28}, {24, 28}, {24, 100}}));
}

// A new section header starts a new interface list, in its own byte order.
TEST(PcapngFileReader, TwoSectionsEachWithTheirInterfaces) {
    NgFile ng(false);
    ng.interface(101).enhanced(0, 1, udp_packet(53));
    ng.section(true).interface(113).interface(1).enhanced(1, 2, ethernet_udp(53)).enhanced(0, 3, "sll");
    TempFile f(ng.bytes());
    auto own = open_ng(f.path());
    ASSERT_TRUE(own);
    EXPECT_EQ(own->datalink(), 12);  // the first interface's
    std::vector<std::pair<int, std::uint32_t>> seen;
    for (auto p = own->next(); p && *p; p = own->next()) seen.emplace_back((*p)->dlt, (*p)->interface);
    EXPECT_EQ(seen, (std::vector<std::pair<int, std::uint32_t>>{{12, 0}, {1, 1}, {113, 0}}));
    EXPECT_TRUE(own->at_end());
}

// Interfaces of two link types: the filter is compiled for each and applied to each
// packet with its interface's program.
TEST(PcapngFileReader, FiltersEachInterfaceWithItsLinkTypesProgram) {
    NgFile ng;
    ng.interface(101).interface(1);
    for (std::uint16_t port : {53, 123, 53, 67}) ng.enhanced(0, 1, udp_packet(port)).enhanced(1, 2, ethernet_udp(port));
    TempFile f(ng.bytes());
    auto all = open_ng(f.path());
    ASSERT_TRUE(all);
    EXPECT_EQ(read_all(*all).packets, 8u);
    auto some = open_ng(f.path(), "udp dst port 53");
    ASSERT_TRUE(some);
    std::vector<int> dlts;
    for (auto p = some->next(); p && *p; p = some->next()) dlts.push_back((*p)->dlt);
    EXPECT_EQ(dlts, (std::vector<int>{12, 1, 12, 1}));
}

TEST(PcapngFileReader, AFilterThatDoesNotCompileForALinkTypeNamesIt) {
    NgFile ng;
    ng.interface(1).enhanced(0, 1, ethernet_udp(53)).interface(101).enhanced(1, 2, udp_packet(53));
    TempFile f(ng.bytes());
    const std::string ether_only = "ether src 00:66:77:88:99:aa";
    auto src = open_ng(f.path(), ether_only);  // the first interface is Ethernet: fine
    ASSERT_TRUE(src);
    auto first = src->next();
    ASSERT_TRUE(first && *first);
    auto broken = src->next();
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, Errc::usage);
    EXPECT_NE(broken.error().message.find("link type 12"), std::string::npos) << broken.error().describe();
    EXPECT_NE(broken.error().message.find("interface 1"), std::string::npos) << broken.error().describe();
    EXPECT_EQ(broken.error().where, f.path() + ": offset " + std::to_string(ng.offset(3)));
    EXPECT_TRUE(src->at_end());
    auto bad = PcapngFileReader::open(f.path(), "udp port banana");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::usage);
    EXPECT_NE(bad.error().message.find("banana"), std::string::npos);
}

// The first error of opening a file with open_capture_file and reading it to the end.
std::optional<Error> first_error(const std::string& path) {
    auto src = open_capture_file(path);
    if (!src) return src.error();
    EXPECT_NE(dynamic_cast<PcapngFileReader*>(src->get()), nullptr);
    return read_all(**src).error;
}

struct Damage {
    const char* name;
    std::size_t block;  // whose offset the error names
    const char* says;
    void (*harm)(NgFile&);
};

// The file every damage starts from: a section, an interface, three packets (blocks 2-4).
NgFile healthy(bool big) {
    NgFile ng(big);
    ng.interface(101).enhanced(0, 1, udp_packet(53)).enhanced(0, 2, udp_packet(54)).enhanced(0, 3, udp_packet(55));
    return ng;
}

const Damage kDamages[] = {
    {"truncated block", 4, "truncated block", [](NgFile& ng) { ng.bytes().resize(ng.offset(4) + 20); }},
    {"truncated block header", 4, "truncated block", [](NgFile& ng) { ng.bytes().resize(ng.offset(4) + 5); }},
    {"length not a multiple of 4", 3, "not a multiple of 4", [](NgFile& ng) { ng.patch32(ng.offset(3) + 4, 62); }},
    {"shorter than its header", 3, "shorter than its 32 bytes", [](NgFile& ng) { ng.patch32(ng.offset(3) + 4, 16); }},
    {"absurd length", 3, "over the limit", [](NgFile& ng) { ng.patch32(ng.offset(3) + 4, 0x7FFFFFF0); }},
    {"trailing length mismatch", 3, "trailing block length 64 differs from the leading 60",
     [](NgFile& ng) { ng.patch32(ng.offset(4) - 4, 64); }},
    {"interface without a description", 3, "packet on interface 3",
     [](NgFile& ng) { ng.patch32(ng.offset(3) + 8, 3); }},
    {"captured length past the block", 3, "captured length 200 runs past the block",
     [](NgFile& ng) { ng.patch32(ng.offset(3) + 20, 200); }},
    {"bad byte-order magic", 5, "byte-order magic",
     [](NgFile& ng) {
         ng.section(false);
         ng.patch32(ng.offset(5) + 8, 0x12345678);
     }},
    {"unknown version", 5, "version 2.0", [](NgFile& ng) { ng.section(false, 2); }},
    {"packet before any interface", 1, "no Interface Description Block before the first packet",
     [](NgFile& ng) { ng.bytes().erase(ng.offset(1), ng.offset(2) - ng.offset(1)); }},
    {"option past the block", 5, "option 9 of 40 bytes runs past",
     [](NgFile& ng) { ng.interface(1, 65535, ng.u16(9) + ng.u16(40)); }},
    {"resolution over 64 bits", 5, "if_tsresol 10^-20", [](NgFile& ng) { ng.interface(1, 65535, ng.option(9, "\x14")); }},
    {"a new section forgets the interfaces", 6, "packet on interface 0, but the section describes 0",
     [](NgFile& ng) { ng.section(true).enhanced(0, 4, udp_packet(56)); }},
};

TEST(PcapngFileReader, EveryDamageIsOneErrorWithTheFileAndTheBlocksOffset) {
    for (bool big : {false, true}) {
        for (const auto& d : kDamages) {
            NgFile ng = healthy(big);
            d.harm(ng);
            TempFile f(ng.bytes());
            auto error = first_error(f.path());
            ASSERT_TRUE(error) << d.name;
            EXPECT_EQ(error->code, Errc::parse) << d.name;
            EXPECT_EQ(error->where, f.path() + ": offset " + std::to_string(ng.offset(d.block)))
                << d.name << ": " << error->describe();
            EXPECT_NE(error->message.find(d.says), std::string::npos) << d.name << ": " << error->describe();
        }
    }
}

// A pcapng file of `n` Ethernet records of 1,000 bytes each; block k+2 is record k.
NgFile big_pcapng(std::size_t n) {
    NgFile ng;
    ng.interface(1);
    const std::string frame(1000, '\0');
    for (std::size_t i = 0; i < n; ++i) ng.enhanced(0, i, frame);
    return ng;
}

TEST(PcapngFileReader, AFileCutWhileReadIsOneErrorAfterItsBlocks) {
    NgFile ng = big_pcapng(8000);  // 8 MB: more than the reader's buffer
    TempFile f(ng.bytes());
    auto src = open_ng(f.path());
    ASSERT_TRUE(src);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(src->next());
    const std::size_t cut_block = ng.offset(2 + 3000);
    ASSERT_EQ(::truncate(f.path().c_str(), static_cast<off_t>(cut_block + 500)), 0);
    auto rest = read_all(*src);
    ASSERT_TRUE(rest.error);
    EXPECT_EQ(rest.error->code, Errc::io);
    EXPECT_NE(rest.error->message.find("shrank while being read (from " + std::to_string(ng.bytes().size()) + " to " +
                                       std::to_string(cut_block + 500) + " bytes); every whole block"),
              std::string::npos)
        << rest.error->describe();
    EXPECT_EQ(rest.error->where, f.path() + ": offset " + std::to_string(cut_block));
    EXPECT_EQ(10 + rest.packets, 3000u);
    EXPECT_TRUE(src->at_end());
}

TEST(PcapngFileReader, MemoryIsTheBufferNotTheFile) {
    TempFile f(big_pcapng(8000).bytes());
    auto src = open_ng(f.path());
    ASSERT_TRUE(src);
    auto all = read_all(*src);
    EXPECT_FALSE(all.error);
    EXPECT_EQ(all.packets, 8000u);
    EXPECT_EQ(src->buffer_capacity(), std::size_t{1} << 20);
}

TEST(PcapngFileReader, OtherFilesAreLeftToTheOtherReaders) {
    TempFile junk("this is not a capture file at all, just text\n");
    auto a = PcapngFileReader::open(junk.path());
    ASSERT_TRUE(a);
    EXPECT_FALSE(*a);
    auto missing = PcapngFileReader::open("/nonexistent/capture.pcapng");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
}

}  // namespace
}  // namespace whorl::io
