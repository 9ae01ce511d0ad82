// PcapngFileReader: a PacketSource over a pcapng file, streamed with read(2) through one
// bounded buffer like PcapFileReader (no mmap; memory is the buffer, 1 MiB, more only for
// a block larger than that, and no block may exceed 16 MiB). libpcap refuses a pcapng file
// whose interfaces have different link types (what mergecap makes of an Ethernet and a
// Linux SLL capture); this reader gives each packet the DLT of its own interface instead.
//
// Reads: Section Header Blocks in either byte order, several sections in one file (each
// new section starts a new interface list), Interface Description Blocks (link type,
// snapshot length, if_tsresol as a power of 10 or of 2, if_tsoffset), Enhanced, Simple
// (interface 0, no timestamp) and obsolete Packet Blocks; any other block is skipped by its
// length. A pcapng file that libpcap reads gives the same packets, lengths and timestamps;
// a record longer than its interface's snapshot length (which libpcap refuses) is cut to
// it, as PcapFileReader cuts classic records.
// A BPF filter is compiled once per distinct link type, when an interface of that type is
// described, and each packet is filtered with its interface's program; an expression that
// does not compile for one of the link types is a usage error naming it.
//
// Link types: datalink() is the first interface's DLT; link_type_per_packet() is true, and
// each CapturedPacket carries its interface's DLT and index. The reader hands over every
// packet whatever its link type: a consumer that cannot decode one (`whorl passive`)
// skips that interface's packets and warns once, so one unsupported interface does not
// cost the others (docs/decisions/0021-pcapng-reader.md).
//
// Bad input is one error naming the file and the byte offset of the block: a truncated
// block, a length not a multiple of 4, shorter than its type's header or over the 16 MiB
// limit, a trailing length that differs from the leading one, a packet on an interface no
// Interface Description Block described, a captured length past its block, a bad byte-order
// magic or version. A file that shrinks while it is read ends with one error saying so.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "io/file_read_buffer.hpp"
#include "io/offline_filter.hpp"
#include "io/packet_source.hpp"
#include "io/pcapng_blocks.hpp"

namespace whorl::io {

class PcapngFileReader final : public PacketSource {
public:
    // nullptr (not an error) when the file is not a regular pcapng file. An error when the
    // blocks before its first Interface Description Block are broken, when a packet or the
    // end comes before any interface is described, or when the filter does not compile for
    // the first interface's link type.
    static Result<std::unique_ptr<PcapngFileReader>> open(const std::string& path, const std::string& bpf_filter = {});
    ~PcapngFileReader() override = default;
    PcapngFileReader(const PcapngFileReader&) = delete;
    PcapngFileReader& operator=(const PcapngFileReader&) = delete;

    int datalink() const override { return first_dlt_; }
    bool link_type_per_packet() const override { return true; }
    Result<std::optional<CapturedPacket>> next() override;
    bool at_end() const override { return at_end_; }
    int selectable_fd() const override { return -1; }
    CaptureStats stats() const override { return {}; }

    // The buffer's size now (for tests: it does not follow the file's).
    std::size_t buffer_capacity() const { return file_.capacity(); }

private:
    explicit PcapngFileReader(const std::string& bpf_filter) : filter_(bpf_filter) {}

    struct Block {
        std::uint32_t type = 0;
        std::uint32_t length = 0;  // the whole block's
        Bytes body;                // between the two lengths
    };
    struct Interface {
        pcapng::InterfaceDescription description;
        int dlt = 0;
        std::uint32_t snaplen = 0;  // what records are cut to
    };

    // The next block, whole in the buffer and checked (lengths, byte order) but not yet
    // consumed; nullopt at the end of the file.
    Result<std::optional<Block>> peek_block();
    // What a block that is not a packet does to the reader: a section header starts a new
    // section, an interface description adds an interface, anything else is skipped.
    Result<void> take_non_packet(const Block& block);
    // A packet block as a packet; nullopt when the filter drops it.
    Result<std::optional<CapturedPacket>> take_packet(const Block& block);
    // A parse error at the current block's offset; reading stops.
    unexpected<Error> corrupt(std::string why);

    FileReadBuffer file_;  // its offset is that of the next block
    pcapng::SectionOrder order_;
    std::vector<Interface> interfaces_;  // of the current section
    int first_dlt_ = -1;
    bool at_end_ = false;
    OfflineFilter filter_;
};

}  // namespace whorl::io
