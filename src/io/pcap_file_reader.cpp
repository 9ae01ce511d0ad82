// Classic pcap files streamed through one buffer; see pcap_file_reader.hpp.
#include "io/pcap_file_reader.hpp"

#include <pcap/pcap.h>

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "io/pcap_source.hpp"
#include "io/pcapng_file_reader.hpp"

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

std::uint32_t PcapFileReader::u32(std::size_t at) const {
    std::uint32_t v;
    std::memcpy(&v, file_.data() + at, sizeof v);
    return swapped_ ? std::byteswap(v) : v;
}

Result<std::unique_ptr<PcapFileReader>> PcapFileReader::open(const std::string& path, const std::string& bpf_filter) {
    std::unique_ptr<PcapFileReader> src(new PcapFileReader(bpf_filter));
    if (!src->file_.open(path, kFileHeader, kBuffer)) return std::unique_ptr<PcapFileReader>();
    auto header = src->file_.fill(kFileHeader);
    if (!header) return unexpected(header.error());
    if (!*header) return std::unique_ptr<PcapFileReader>();
    std::uint32_t magic;
    std::memcpy(&magic, src->file_.data(), sizeof magic);
    switch (magic) {
        case 0xa1b2c3d4: break;
        case 0xd4c3b2a1: src->swapped_ = true; break;
        case 0xa1b23c4d: src->nanoseconds_ = true; break;
        case 0x4d3cb2a1: src->swapped_ = src->nanoseconds_ = true; break;
        default: return std::unique_ptr<PcapFileReader>();  // pcapng or not a capture
    }
    src->snaplen_ = src->u32(16);
    src->dlt_ = dlt_from_linktype(static_cast<int>(src->u32(20) & 0xFFFF));
    src->file_.consume(kFileHeader);
    if (src->snaplen_ == 0 || src->snaplen_ > kMaxRecord) src->snaplen_ = kMaxRecord;
    if (auto r = src->filter_.prepare(src->dlt_, path); !r) return unexpected(r.error());
    return src;
}

Result<std::optional<CapturedPacket>> PcapFileReader::next() {
    for (;;) {
        if (at_end_) return std::nullopt;
        auto corrupt = [this](std::string why) {
            at_end_ = true;
            return fail(Errc::parse, fmt::format("corrupt capture: {}", why), file_.where());
        };
        // The file is shorter than when it was opened: it was cut while being read.
        auto shrunk = [this]() -> Result<std::optional<CapturedPacket>> {
            at_end_ = true;
            return unexpected(file_.shrank_error("record"));
        };
        auto head = file_.fill(kRecordHeader);
        if (!head) return unexpected(head.error());
        const std::size_t left = file_.available();
        if (!*head) {
            if (file_.shrank()) return shrunk();
            at_end_ = left == 0;
            if (left == 0) return std::nullopt;
            return corrupt(fmt::format("truncated dump file; tried to read {} header bytes, only got {}",
                                       kRecordHeader, left));
        }
        const std::uint32_t sec = u32(0), frac = u32(4), caplen = u32(8), len = u32(12);
        if (caplen > kMaxRecord)
            return corrupt(
                fmt::format("invalid packet capture length {}, bigger than maximum of {}", caplen, kMaxRecord));
        auto body = file_.fill(kRecordHeader + caplen);
        if (!body) return unexpected(body.error());
        if (!*body) {
            const std::size_t got = file_.available() - kRecordHeader;
            if (file_.shrank()) return shrunk();
            return corrupt(
                fmt::format("truncated dump file; tried to read {} captured bytes, only got {}", caplen, got));
        }
        CapturedPacket pkt;
        const std::uint32_t kept = caplen > snaplen_ ? snaplen_ : caplen;  // libpcap cuts to the snapshot
        pkt.data = Bytes(file_.data() + kRecordHeader, kept);
        pkt.wire_length = len;
        pkt.timestamp = std::chrono::seconds(sec) + std::chrono::microseconds(nanoseconds_ ? frac / 1000 : frac);
        pkt.dlt = dlt_;
        file_.consume(kRecordHeader + caplen);
        if (!filter_.accepts(dlt_, pkt.data, len)) continue;
        return pkt;
    }
}

Result<std::unique_ptr<PacketSource>> open_capture_file(const std::string& path, const std::string& bpf_filter) {
    auto streamed = PcapFileReader::open(path, bpf_filter);
    if (!streamed) return unexpected(streamed.error());
    if (*streamed) return std::unique_ptr<PacketSource>(std::move(*streamed));
    auto ng = PcapngFileReader::open(path, bpf_filter);
    if (!ng) return unexpected(ng.error());
    if (*ng) return std::unique_ptr<PacketSource>(std::move(*ng));
    auto pcap = PcapSource::open_file(path, bpf_filter);
    if (!pcap) return unexpected(pcap.error());
    return std::unique_ptr<PacketSource>(std::move(*pcap));
}

}  // namespace whorl::io
