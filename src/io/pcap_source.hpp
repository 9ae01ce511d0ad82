// PcapSource: a PacketSource over libpcap, for capture files (pcap and pcapng) and live
// interfaces (immediate mode, non-blocking, selectable fd), with an optional BPF filter.
// Errors name the file and the byte offset of the record that could not be read.
#pragma once

#include <memory>
#include <string>

#include "io/packet_source.hpp"

struct pcap;

namespace whorl::io {

struct LiveOptions {
    int snaplen = 65535;
    bool promiscuous = false;
    int buffer_bytes = 16 << 20;
};

class PcapSource final : public PacketSource {
public:
    static Result<std::unique_ptr<PcapSource>> open_file(const std::string& path,
                                                         const std::string& bpf_filter = {});
    static Result<std::unique_ptr<PcapSource>> open_live(const std::string& interface,
                                                         const std::string& bpf_filter = {},
                                                         const LiveOptions& options = {});
    ~PcapSource() override;
    PcapSource(const PcapSource&) = delete;
    PcapSource& operator=(const PcapSource&) = delete;

    int datalink() const override;
    Result<std::optional<CapturedPacket>> next() override;
    bool at_end() const override { return at_end_; }
    int selectable_fd() const override;
    CaptureStats stats() const override;

    // Replaces the BPF filter (e.g. once the targets are known).
    Result<void> set_filter(const std::string& bpf_filter);

private:
    PcapSource(pcap* handle, std::string name, bool is_file);

    pcap* handle_;
    std::string name_;  // file path or interface
    bool is_file_;
    bool at_end_ = false;
    // Classic pcap files: where the next record starts, kept by arithmetic (asking the
    // FILE costs an lseek per packet). -1 for pcapng, whose offsets come from ftell.
    long next_offset_ = -1;
};

}  // namespace whorl::io
