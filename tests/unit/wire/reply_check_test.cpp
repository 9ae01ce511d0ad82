// Nmap 7.95's reader checks (wire/reply_check): which received segments count as replies.
// The malformed ones are issue 15's reproducers (Nmap discards them; whorl reported the
// port open and fingerprinted them): data offsets 0, 4 and 15 past the capture, a total
// length longer than the capture with the TCP header cut, and options that are not whole.
#include "wire/reply_check.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace whorl::wire {
namespace {

// A raw-IP SYN/ACK from 198.51.100.2:22 to 198.51.100.1 with `options` as they are, a data
// offset (default: from the options), an IP total length (default: the packet's), `cut`
// bytes dropped from the end of the capture and `padding` zero bytes after it.
std::vector<std::byte> syn_ack(const std::vector<unsigned>& options, int data_offset = -1, int total_length = -1,
                               std::size_t cut = 0, std::size_t padding = 0) {
    std::vector<unsigned> b = {0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 6, 0, 0, 198, 51, 100, 2, 198, 51, 100, 1,
                               0, 22, 0xd4, 0x31, 0, 0, 0x10, 0, 0, 0, 0, 1, 0x50, 0x12, 0xfa, 0xf0, 0, 0, 0, 0};
    const std::size_t header = 20 + options.size();
    b[32] = static_cast<unsigned>((data_offset >= 0 ? data_offset : static_cast<int>(header / 4)) << 4);
    b.insert(b.end(), options.begin(), options.end());
    const std::size_t total = total_length >= 0 ? static_cast<std::size_t>(total_length) : b.size();
    b[2] = static_cast<unsigned>(total >> 8);
    b[3] = static_cast<unsigned>(total & 0xff);
    b.resize(b.size() - cut);
    b.insert(b.end(), padding, 0);
    std::vector<std::byte> out;
    for (unsigned x : b) out.push_back(static_cast<std::byte>(x));
    return out;
}

bool accepted(const std::vector<std::byte>& packet) {
    return nmap_reader_accepts(decode_frame(LinkType::raw, Bytes(packet.data(), packet.size())));
}

const std::vector<unsigned> kLinuxOptions = {2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};

TEST(NmapReader, AcceptsWellFormedReplies) {
    EXPECT_TRUE(accepted(syn_ack({})));
    EXPECT_TRUE(accepted(syn_ack(kLinuxOptions)));
    EXPECT_TRUE(accepted(syn_ack({2, 4, 5, 0xb4, 0, 0x99, 0x99, 0x99})));  // after EOL, nothing is looked at
    EXPECT_TRUE(accepted(syn_ack({5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1})));  // one SACK block
    EXPECT_TRUE(accepted(syn_ack({30, 1, 1, 1})));  // an unknown kind of length 1 moves one byte on
    // Ethernet padding counts as captured bytes, as in Nmap: a data offset past the IP total
    // length but within the padded capture passes.
    EXPECT_TRUE(accepted(syn_ack({1, 1, 1, 1}, 6, 40, 4, 6)));
}

TEST(NmapReader, DiscardsTheMalformedRepliesOfIssue15) {
    EXPECT_FALSE(accepted(syn_ack({}, 0)));                       // data offset 0
    EXPECT_FALSE(accepted(syn_ack({}, 4)));                       // data offset 4
    EXPECT_FALSE(accepted(syn_ack({1, 1, 1, 1}, 15)));            // data offset 15, 24 bytes captured
    EXPECT_FALSE(accepted(syn_ack(kLinuxOptions, -1, 60, 16)));   // total length 60, 44 bytes delivered
    EXPECT_FALSE(accepted(syn_ack({2, 40, 5, 0xb4})));            // MSS claiming 40 bytes
    EXPECT_FALSE(accepted(syn_ack({3, 0, 7, 1})));                // window scale of length 0
    EXPECT_FALSE(accepted(syn_ack({8, 1, 1, 1})));                // timestamp of length 1
    EXPECT_FALSE(accepted(syn_ack({5, 2, 1, 1})));                // SACK of length 2
    EXPECT_FALSE(accepted(syn_ack({1, 1, 8, 10, 0, 0, 0, 1})));   // a timestamp cut by the header end
    EXPECT_FALSE(accepted(syn_ack({1, 1, 1, 0x22})));             // a last single byte that is not EOL or NOP
    EXPECT_FALSE(accepted(syn_ack({30, 0, 1, 1})));               // an unknown kind of length 0
}

TEST(NmapReader, FragmentsShortUdpAndWhatIsNotIp) {
    auto later = syn_ack({});
    later[6] = std::byte{0x00};
    later[7] = std::byte{0x10};  // fragment offset 16 x 8 bytes
    EXPECT_FALSE(accepted(later));
    auto first = syn_ack({});
    first[6] = std::byte{0x20};  // more fragments, offset 0: the first fragment counts
    EXPECT_TRUE(accepted(first));
    std::vector<unsigned> udp = {0x45, 0, 0, 26, 0, 1, 0, 0, 64, 17, 0, 0, 198, 51, 100, 2, 198, 51, 100, 1, 0, 53, 0x30, 0x39, 0, 6};
    std::vector<std::byte> u;
    for (unsigned x : udp) u.push_back(static_cast<std::byte>(x));
    EXPECT_FALSE(accepted(u));  // 6 bytes of UDP
    // ARP is not this reader's business.
    std::vector<std::byte> arp(42, std::byte{0});
    arp[12] = std::byte{0x08};
    arp[13] = std::byte{0x06};
    EXPECT_TRUE(nmap_reader_accepts(decode_frame(LinkType::ethernet, Bytes(arp.data(), arp.size()))));
}

}  // namespace
}  // namespace whorl::wire
