// Classic pcap files streamed through one buffer; see pcap_file_reader.hpp.
#include "io/pcap_file_reader.hpp"

#include <fcntl.h>
#include <pcap/pcap.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "io/pcap_source.hpp"

namespace whorl::io {

namespace {

constexpr std::size_t kFileHeader = 24, kRecordHeader = 16;
constexpr std::uint32_t kMaxRecord = 262144;  // libpcap's limit for ordinary link types
constexpr std::size_t kBuffer = std::size_t{1} << 20;

}  // namespace

int dlt_from_linktype(int linktype) {
    switch (linktype) {
        case 100: return DLT_ATM_RFC1483;
        case 101: return DLT_RAW;
        case 102: return DLT_SLIP_BSDOS;
        case 103: return DLT_PPP_BSDOS;
        case 106: return DLT_ATM_CLIP;
        default: return linktype;  // the others are equal where libpcap knows them
    }
}

// A BPF program compiled for the file's link type, run with pcap_offline_filter.
struct PcapFileReader::Filter {
    pcap_t* dead = nullptr;
    bpf_program program{};
    ~Filter() {
        pcap_freecode(&program);
        if (dead) pcap_close(dead);
    }
};

PcapFileReader::~PcapFileReader() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint32_t PcapFileReader::u32(std::size_t at) const {
    std::uint32_t v;
    std::memcpy(&v, buffer_.data() + begin_ + at, sizeof v);
    return swapped_ ? std::byteswap(v) : v;
}

Result<bool> PcapFileReader::fill(std::size_t need) {
    if (end_ - begin_ >= need) return true;
    // Move what is left to the front (the packet handed out last is no longer needed),
    // grow only for a record larger than the buffer, and read until `need` or the end.
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (buffer_.size() < need) buffer_.resize(need);
    while (end_ < need) {
        ssize_t n = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(Errc::io, std::strerror(errno), fmt::format("{}: offset {}", path_, offset_ + end_));
        if (n == 0) return false;
        end_ += static_cast<std::size_t>(n);
    }
    return true;
}

Result<std::unique_ptr<PcapFileReader>> PcapFileReader::open(const std::string& path, const std::string& bpf_filter) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::unique_ptr<PcapFileReader>();
    std::unique_ptr<PcapFileReader> src(new PcapFileReader());
    src->fd_ = fd;
    src->path_ = path;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(kFileHeader))
        return std::unique_ptr<PcapFileReader>();
    src->size_at_open_ = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    src->buffer_.resize(kBuffer);
    auto header = src->fill(kFileHeader);
    if (!header) return unexpected(header.error());
    if (!*header) return std::unique_ptr<PcapFileReader>();
    std::uint32_t magic;
    std::memcpy(&magic, src->buffer_.data(), sizeof magic);
    switch (magic) {
        case 0xa1b2c3d4: break;
        case 0xd4c3b2a1: src->swapped_ = true; break;
        case 0xa1b23c4d: src->nanoseconds_ = true; break;
        case 0x4d3cb2a1: src->swapped_ = src->nanoseconds_ = true; break;
        default: return std::unique_ptr<PcapFileReader>();  // pcapng or not a capture
    }
    src->snaplen_ = src->u32(16);
    src->dlt_ = dlt_from_linktype(static_cast<int>(src->u32(20) & 0xFFFF));
    src->begin_ = kFileHeader;
    src->offset_ = kFileHeader;
    if (src->snaplen_ == 0 || src->snaplen_ > kMaxRecord) src->snaplen_ = kMaxRecord;
    if (!bpf_filter.empty()) {
        src->filter_ = std::make_unique<Filter>();
        src->filter_->dead = pcap_open_dead(src->dlt_, static_cast<int>(src->snaplen_));
        if (!src->filter_->dead ||
            pcap_compile(src->filter_->dead, &src->filter_->program, bpf_filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
            return fail(Errc::usage,
                        fmt::format("bad BPF filter '{}': {}", bpf_filter,
                                    src->filter_->dead ? pcap_geterr(src->filter_->dead) : "no link type"),
                        path);
    }
    return src;
}

Result<std::optional<CapturedPacket>> PcapFileReader::next() {
    for (;;) {
        if (at_end_) return std::nullopt;
        auto corrupt = [this](std::string why) {
            at_end_ = true;
            return fail(Errc::parse, fmt::format("corrupt capture: {}", why), fmt::format("{}: offset {}", path_, offset_));
        };
        // The file is shorter than when it was opened: it was cut while being read.
        auto shrunk = [this]() -> Result<std::optional<CapturedPacket>> {
            at_end_ = true;
            struct stat st {};
            std::uint64_t now = ::fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
            return fail(Errc::io,
                        fmt::format("the capture shrank while being read (from {} to {} bytes); every whole record "
                                    "before this offset was read",
                                    size_at_open_, now),
                        fmt::format("{}: offset {}", path_, offset_));
        };
        auto head = fill(kRecordHeader);
        if (!head) return unexpected(head.error());
        const std::size_t left = end_ - begin_;
        if (!*head) {
            if (offset_ + left < size_at_open_) return shrunk();
            at_end_ = left == 0;
            if (left == 0) return std::nullopt;
            return corrupt(fmt::format("truncated dump file; tried to read {} header bytes, only got {}",
                                       kRecordHeader, left));
        }
        const std::uint32_t sec = u32(0), frac = u32(4), caplen = u32(8), len = u32(12);
        if (caplen > kMaxRecord)
            return corrupt(
                fmt::format("invalid packet capture length {}, bigger than maximum of {}", caplen, kMaxRecord));
        auto body = fill(kRecordHeader + caplen);
        if (!body) return unexpected(body.error());
        if (!*body) {
            const std::size_t got = end_ - begin_ - kRecordHeader;
            if (offset_ + kRecordHeader + got < size_at_open_) return shrunk();
            return corrupt(
                fmt::format("truncated dump file; tried to read {} captured bytes, only got {}", caplen, got));
        }
        CapturedPacket pkt;
        const std::uint32_t kept = caplen > snaplen_ ? snaplen_ : caplen;  // libpcap cuts to the snapshot
        pkt.data = Bytes(buffer_.data() + begin_ + kRecordHeader, kept);
        pkt.wire_length = len;
        pkt.timestamp = std::chrono::seconds(sec) + std::chrono::microseconds(nanoseconds_ ? frac / 1000 : frac);
        begin_ += kRecordHeader + caplen;
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

Result<std::unique_ptr<PacketSource>> open_capture_file(const std::string& path, const std::string& bpf_filter) {
    auto streamed = PcapFileReader::open(path, bpf_filter);
    if (!streamed) return unexpected(streamed.error());
    if (*streamed) return std::unique_ptr<PacketSource>(std::move(*streamed));
    auto pcap = PcapSource::open_file(path, bpf_filter);
    if (!pcap) return unexpected(pcap.error());
    return std::unique_ptr<PacketSource>(std::move(*pcap));
}

}  // namespace whorl::io
