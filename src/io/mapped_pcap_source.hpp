// MappedPcapSource: a PacketSource over a classic pcap file (not pcapng) read through
// mmap: each record is a header parse and a span into the mapping, where libpcap's file
// reader costs two fread calls per packet. Same behaviour as PcapSource for such files:
// micro- and nanosecond timestamps in either byte order, records longer than the file's
// snapshot length cut to it as libpcap does, a BPF filter applied with pcap_offline_filter,
// and a truncated or absurd record reported with the file name and its byte offset.
// open_capture_file() picks it when it can and PcapSource otherwise (pcapng, pipes).
#pragma once

#include <memory>
#include <string>

#include "base/error.hpp"
#include "io/packet_source.hpp"

struct bpf_insn;

namespace whorl::io {

class MappedPcapSource final : public PacketSource {
public:
    // nullptr (not an error) when the file is not a classic pcap file or cannot be mapped.
    static Result<std::unique_ptr<MappedPcapSource>> open(const std::string& path,
                                                          const std::string& bpf_filter = {});
    ~MappedPcapSource() override;
    MappedPcapSource(const MappedPcapSource&) = delete;
    MappedPcapSource& operator=(const MappedPcapSource&) = delete;

    int datalink() const override { return linktype_; }
    Result<std::optional<CapturedPacket>> next() override;
    bool at_end() const override { return at_end_; }
    int selectable_fd() const override { return -1; }
    CaptureStats stats() const override { return {}; }

private:
    MappedPcapSource() = default;
    std::uint32_t u32(std::size_t off) const;

    const std::byte* map_ = nullptr;
    std::size_t size_ = 0;
    std::size_t offset_ = 0;  // the next record
    std::string path_;
    bool swapped_ = false;
    bool nanoseconds_ = false;
    std::uint32_t snaplen_ = 0;
    int linktype_ = 0;
    bool at_end_ = false;
    struct Filter;
    std::unique_ptr<Filter> filter_;
};

// A capture file through MappedPcapSource when it is a classic pcap file, else PcapSource.
Result<std::unique_ptr<PacketSource>> open_capture_file(const std::string& path,
                                                        const std::string& bpf_filter = {});

}  // namespace whorl::io
