// Classic pcap files through mmap; see mapped_pcap_source.hpp.
#include "io/mapped_pcap_source.hpp"

#include <fcntl.h>
#include <pcap/pcap.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "io/pcap_source.hpp"

namespace whorl::io {

namespace {

constexpr std::size_t kFileHeader = 24, kRecordHeader = 16;
constexpr std::uint32_t kMaxRecord = 262144;  // libpcap's limit for ordinary link types

}  // namespace

// A BPF program compiled for the file's link type, run with pcap_offline_filter.
struct MappedPcapSource::Filter {
    pcap_t* dead = nullptr;
    bpf_program program{};
    ~Filter() {
        pcap_freecode(&program);
        if (dead) pcap_close(dead);
    }
};

MappedPcapSource::~MappedPcapSource() {
    if (map_) ::munmap(const_cast<std::byte*>(map_), size_);
}

std::uint32_t MappedPcapSource::u32(std::size_t off) const {
    std::uint32_t v;
    std::memcpy(&v, map_ + off, sizeof v);
    return swapped_ ? std::byteswap(v) : v;
}

Result<std::unique_ptr<MappedPcapSource>> MappedPcapSource::open(const std::string& path,
                                                                 const std::string& bpf_filter) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unique_ptr<MappedPcapSource>();
    struct stat st {};
    void* map = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= static_cast<off_t>(kFileHeader))
        map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return std::unique_ptr<MappedPcapSource>();
    std::unique_ptr<MappedPcapSource> src(new MappedPcapSource());
    src->map_ = static_cast<const std::byte*>(map);
    src->size_ = static_cast<std::size_t>(st.st_size);
    src->path_ = path;
    ::madvise(map, src->size_, MADV_SEQUENTIAL);
    std::uint32_t magic;
    std::memcpy(&magic, src->map_, sizeof magic);
    switch (magic) {
        case 0xa1b2c3d4: break;
        case 0xd4c3b2a1: src->swapped_ = true; break;
        case 0xa1b23c4d: src->nanoseconds_ = true; break;
        case 0x4d3cb2a1: src->swapped_ = src->nanoseconds_ = true; break;
        default: return std::unique_ptr<MappedPcapSource>();  // pcapng or not a capture
    }
    src->snaplen_ = src->u32(16);
    src->linktype_ = static_cast<int>(src->u32(20) & 0xFFFF);
    src->offset_ = kFileHeader;
    if (src->snaplen_ == 0 || src->snaplen_ > kMaxRecord) src->snaplen_ = kMaxRecord;
    if (!bpf_filter.empty()) {
        src->filter_ = std::make_unique<Filter>();
        src->filter_->dead = pcap_open_dead(src->linktype_, static_cast<int>(src->snaplen_));
        if (!src->filter_->dead ||
            pcap_compile(src->filter_->dead, &src->filter_->program, bpf_filter.c_str(), 1,
                         PCAP_NETMASK_UNKNOWN) != 0)
            return fail(Errc::usage,
                        fmt::format("bad BPF filter '{}': {}", bpf_filter,
                                    src->filter_->dead ? pcap_geterr(src->filter_->dead) : "no link type"),
                        path);
    }
    return src;
}

Result<std::optional<CapturedPacket>> MappedPcapSource::next() {
    for (;;) {
        if (at_end_) return std::nullopt;
        const std::size_t left = size_ - offset_;
        if (left == 0) {
            at_end_ = true;
            return std::nullopt;
        }
        auto corrupt = [this](std::string why) {
            at_end_ = true;
            return fail(Errc::parse, fmt::format("corrupt capture: {}", why),
                        fmt::format("{}: offset {}", path_, offset_));
        };
        if (left < kRecordHeader)
            return corrupt(fmt::format("truncated dump file; tried to read {} header bytes, only got {}",
                                       kRecordHeader, left));
        const std::uint32_t sec = u32(offset_), frac = u32(offset_ + 4);
        const std::uint32_t caplen = u32(offset_ + 8), len = u32(offset_ + 12);
        if (caplen > kMaxRecord)
            return corrupt(fmt::format("invalid packet capture length {}, bigger than maximum of {}", caplen,
                                       kMaxRecord));
        if (left - kRecordHeader < caplen)
            return corrupt(fmt::format("truncated dump file; tried to read {} captured bytes, only got {}", caplen,
                                       left - kRecordHeader));
        CapturedPacket pkt;
        const std::uint32_t kept = caplen > snaplen_ ? snaplen_ : caplen;  // libpcap cuts to the snapshot
        pkt.data = Bytes(map_ + offset_ + kRecordHeader, kept);
        pkt.wire_length = len;
        pkt.timestamp = std::chrono::seconds(sec) + std::chrono::microseconds(nanoseconds_ ? frac / 1000 : frac);
        offset_ += kRecordHeader + caplen;
        if (filter_) {
            pcap_pkthdr hdr{};
            hdr.caplen = kept;
            hdr.len = len;
            if (!pcap_offline_filter(&filter_->program, &hdr, reinterpret_cast<const u_char*>(pkt.data.data())))
                continue;
        }
        return pkt;
    }
}

Result<std::unique_ptr<PacketSource>> open_capture_file(const std::string& path,
                                                        const std::string& bpf_filter) {
    auto mapped = MappedPcapSource::open(path, bpf_filter);
    if (!mapped) return unexpected(mapped.error());
    if (*mapped) return std::unique_ptr<PacketSource>(std::move(*mapped));
    auto pcap = PcapSource::open_file(path, bpf_filter);
    if (!pcap) return unexpected(pcap.error());
    return std::unique_ptr<PacketSource>(std::move(*pcap));
}

}  // namespace whorl::io
