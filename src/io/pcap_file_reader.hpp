// PcapFileReader: a PacketSource over a classic pcap file (not pcapng), streamed with
// read(2) through one buffer: each record is a header parse and a span into the buffer,
// where libpcap's file reader costs two fread calls per packet. Memory stays at the buffer
// (1 MiB, more only for a record larger than that) whatever the file's size. Same
// behaviour as PcapSource for such files: micro- and nanosecond timestamps in either byte
// order, records longer than the file's snapshot length cut to it as libpcap does, a BPF
// filter applied with pcap_offline_filter (compiled for the DLT of the file's LINKTYPE), and
// a truncated or absurd record reported with the file name and its byte offset. A file
// that shrinks while it is read (logrotate's copytruncate, a capture cut by another tool)
// ends with one error saying so, after every whole record before the cut. Every packet
// carries the file's one DLT. open_capture_file() picks it for classic pcap files,
// PcapngFileReader for pcapng files and PcapSource otherwise (pipes, other formats).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "io/file_read_buffer.hpp"
#include "io/offline_filter.hpp"
#include "io/packet_source.hpp"

namespace whorl::io {

class PcapFileReader final : public PacketSource {
public:
    // nullptr (not an error) when the file is not a regular classic pcap file.
    static Result<std::unique_ptr<PcapFileReader>> open(const std::string& path, const std::string& bpf_filter = {});
    ~PcapFileReader() override = default;
    PcapFileReader(const PcapFileReader&) = delete;
    PcapFileReader& operator=(const PcapFileReader&) = delete;

    int datalink() const override { return dlt_; }
    Result<std::optional<CapturedPacket>> next() override;
    bool at_end() const override { return at_end_; }
    int selectable_fd() const override { return -1; }
    CaptureStats stats() const override { return {}; }

    // The buffer's size now (for tests: it does not follow the file's).
    std::size_t buffer_capacity() const { return file_.capacity(); }

private:
    explicit PcapFileReader(const std::string& bpf_filter) : filter_(bpf_filter) {}
    std::uint32_t u32(std::size_t at) const;

    FileReadBuffer file_;  // its offset is that of the next record
    bool swapped_ = false;
    bool nanoseconds_ = false;
    std::uint32_t snaplen_ = 0;
    int dlt_ = 0;
    bool at_end_ = false;
    OfflineFilter filter_;
};

// A capture file through PcapFileReader when it is a classic pcap file, PcapngFileReader
// when it is a pcapng file, else PcapSource (pipes, standard input, other formats).
Result<std::unique_ptr<PacketSource>> open_capture_file(const std::string& path, const std::string& bpf_filter = {});

// The pcap DLT that libpcap uses for a LINKTYPE written in a file header (they differ for a
// few: LINKTYPE_RAW 101 is DLT_RAW).
int dlt_from_linktype(int linktype);

}  // namespace whorl::io
