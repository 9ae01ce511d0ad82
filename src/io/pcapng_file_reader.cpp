// pcapng files streamed block by block with a link type per interface; see
// pcapng_file_reader.hpp.
#include "io/pcapng_file_reader.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "io/pcap_file_reader.hpp"

namespace whorl::io {

namespace {

constexpr std::size_t kPcapngBuffer = std::size_t{1} << 20;
constexpr std::uint32_t kMaxPcapngBlock = (std::uint32_t{16} << 20) + 64;  // 16 MiB of data and its header
constexpr std::uint32_t kMaxPcapngSnaplen = 262144;  // libpcap's limit for ordinary link types
constexpr std::size_t kMaxInterfacesPerSection = 65536;  // what an obsolete Packet Block can name

bool is_packet_block(std::uint32_t type) {
    return type == pcapng::kEnhancedPacketType || type == pcapng::kSimplePacketType ||
           type == pcapng::kObsoletePacketType;
}

}  // namespace

Result<std::unique_ptr<PcapngFileReader>> PcapngFileReader::open(const std::string& path,
                                                                 const std::string& bpf_filter) {
    std::unique_ptr<PcapngFileReader> src(new PcapngFileReader(bpf_filter));
    if (!src->file_.open(path, 4, kPcapngBuffer)) return std::unique_ptr<PcapngFileReader>();
    auto magic = src->file_.fill(4);
    if (!magic) return unexpected(magic.error());
    std::uint32_t type;
    std::memcpy(&type, src->file_.data(), sizeof type);
    if (!*magic || type != pcapng::kSectionHeaderType) return std::unique_ptr<PcapngFileReader>();
    // Read up to the first interface description, so that datalink() and the first
    // filter program are known before any packet.
    while (src->interfaces_.empty()) {
        auto block = src->peek_block();
        if (!block) return unexpected(block.error());
        if (!*block || is_packet_block((*block)->type))
            return src->corrupt(fmt::format("no Interface Description Block before the first {}",
                                            *block ? "packet" : "end of the file"));
        if (auto r = src->take_non_packet(**block); !r) return unexpected(r.error());
        src->file_.consume((*block)->length);
    }
    return src;
}

unexpected<Error> PcapngFileReader::corrupt(std::string why) {
    at_end_ = true;
    return fail(Errc::parse, fmt::format("corrupt capture: {}", why), file_.where());
}

Result<std::optional<PcapngFileReader::Block>> PcapngFileReader::peek_block() {
    // The end of the file, expected (before a block) or not (inside one, or the file shrank).
    auto ended = [this](std::size_t need) -> Result<std::optional<Block>> {
        if (file_.shrank()) {
            at_end_ = true;
            return unexpected(file_.shrank_error("block"));
        }
        if (file_.available() == 0) return std::nullopt;
        return corrupt(fmt::format("truncated block; tried to read {} bytes, only got {}", need,
                                   file_.available()));
    };
    auto head = file_.fill(8);
    if (!head) return unexpected(head.error());
    if (!*head) return ended(8);
    Block block;
    std::memcpy(&block.type, file_.data(), sizeof block.type);  // a section header's is a palindrome
    pcapng::SectionOrder order = order_;
    if (block.type == pcapng::kSectionHeaderType) {
        auto with_magic = file_.fill(12);
        if (!with_magic) return unexpected(with_magic.error());
        if (!*with_magic) return ended(12);
        auto section = pcapng::section_order(Bytes(file_.data() + 8, 4));
        if (!section) return corrupt("section header without the byte-order magic 0x1A2B3C4D");
        order = *section;
    } else {
        block.type = order.u32(Bytes(file_.data(), 4), 0);
    }
    block.length = order.u32(Bytes(file_.data(), 8), 4);
    if (block.length % 4 != 0) return corrupt(fmt::format("block length {} is not a multiple of 4", block.length));
    if (block.length < pcapng::min_block_length(block.type))
        return corrupt(fmt::format("block of type {} has a length of {}, shorter than its {} bytes of header",
                                   block.type, block.length, pcapng::min_block_length(block.type)));
    if (block.length > kMaxPcapngBlock)
        return corrupt(fmt::format("block length {} is over the limit of {}", block.length, kMaxPcapngBlock));
    auto whole = file_.fill(block.length);
    if (!whole) return unexpected(whole.error());
    if (!*whole) return ended(block.length);
    const Bytes bytes(file_.data(), block.length);
    if (const std::uint32_t trailing = order.u32(bytes, block.length - 4); trailing != block.length)
        return corrupt(fmt::format("trailing block length {} differs from the leading {}", trailing, block.length));
    block.body = bytes.subspan(8, block.length - pcapng::kBlockFraming);
    return block;
}

Result<void> PcapngFileReader::take_non_packet(const Block& block) {
    if (block.type == pcapng::kSectionHeaderType) {
        order_ = *pcapng::section_order(block.body.first(4));  // peek_block checked it
        const auto version = pcapng::section_version(block.body, order_);
        if (version.major != 1) return corrupt(fmt::format("pcapng version {}.{} is not 1.x", version.major, version.minor));
        interfaces_.clear();
        return {};
    }
    if (block.type != pcapng::kInterfaceDescriptionType) return {};  // statistics, name resolution, ...
    auto description = pcapng::parse_interface_description(block.body, order_);
    if (!description) return corrupt(description.error().message);
    if (interfaces_.size() >= kMaxInterfacesPerSection)
        return corrupt(fmt::format("more than {} interfaces in one section", kMaxInterfacesPerSection));
    Interface interface;
    interface.description = *description;
    interface.dlt = dlt_from_linktype(description->linktype);
    interface.snaplen = description->snaplen == 0 || description->snaplen > kMaxPcapngSnaplen ? kMaxPcapngSnaplen
                                                                                              : description->snaplen;
    if (auto compiled = filter_.prepare(interface.dlt, file_.where()); !compiled) {
        at_end_ = true;
        return fail(Errc::usage, fmt::format("{} (interface {})", compiled.error().message, interfaces_.size()),
                    compiled.error().where);
    }
    if (first_dlt_ < 0) first_dlt_ = interface.dlt;
    interfaces_.push_back(interface);
    return {};
}

Result<std::optional<CapturedPacket>> PcapngFileReader::take_packet(const Block& block) {
    auto record = pcapng::parse_packet_block(block.type, block.body, order_);
    if (!record) return corrupt(record.error().message);
    if (record->interface >= interfaces_.size())
        return corrupt(fmt::format("packet on interface {}, but the section describes {} interface(s)",
                                   record->interface, interfaces_.size()));
    const Interface& interface = interfaces_[record->interface];
    CapturedPacket pkt;
    pkt.data = record->data.first(std::min<std::size_t>(record->data.size(), interface.snaplen));
    pkt.wire_length = record->wire_length;
    if (record->has_timestamp) pkt.timestamp = pcapng::to_microseconds(record->timestamp, interface.description);
    pkt.dlt = interface.dlt;
    pkt.interface = record->interface;
    if (!filter_.accepts(pkt.dlt, pkt.data, pkt.wire_length)) return std::nullopt;
    return pkt;
}

Result<std::optional<CapturedPacket>> PcapngFileReader::next() {
    for (;;) {
        if (at_end_) return std::nullopt;
        auto block = peek_block();
        if (!block) return unexpected(block.error());
        if (!*block) {
            at_end_ = true;
            return std::nullopt;
        }
        if (!is_packet_block((*block)->type)) {
            if (auto r = take_non_packet(**block); !r) return unexpected(r.error());
            file_.consume((*block)->length);
            continue;
        }
        auto packet = take_packet(**block);
        if (!packet) return unexpected(packet.error());
        // The packet's bytes stay in the buffer until the next call's fill().
        file_.consume((*block)->length);
        if (*packet) return packet;
    }
}

}  // namespace whorl::io
