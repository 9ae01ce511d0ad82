// The probe table.
#include "fp/active/probe_spec.hpp"

namespace whorl::fp::active {
namespace {

using F = TcpFlags;
constexpr auto kOpen = PortRole::open_tcp;
constexpr auto kClosed = PortRole::closed_tcp;
constexpr auto kA = AckField::ack_base;

// Options: WScale 10, NOP, MSS 1460, TS, SACK-permitted; ... (reference §2.2).
constexpr std::uint8_t kBlock0[] = {0x03, 0x03, 0x0a, 0x01, 0x02, 0x04, 0x05, 0xb4, 0x08, 0x0a,
                                    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x04, 0x02};
constexpr std::uint8_t kBlock1[] = {0x02, 0x04, 0x05, 0x78, 0x03, 0x03, 0x00, 0x04, 0x02, 0x08,
                                    0x0a, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00};
constexpr std::uint8_t kBlock2[] = {0x08, 0x0a, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
                                    0x01, 0x01, 0x03, 0x03, 0x05, 0x01, 0x02, 0x04, 0x02, 0x80};
constexpr std::uint8_t kBlock3[] = {0x04, 0x02, 0x08, 0x0a, 0xff, 0xff, 0xff, 0xff,
                                    0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x0a, 0x00};
constexpr std::uint8_t kBlock4[] = {0x02, 0x04, 0x02, 0x18, 0x04, 0x02, 0x08, 0x0a, 0xff, 0xff,
                                    0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x03, 0x03, 0x0a, 0x00};
constexpr std::uint8_t kBlock5[] = {0x02, 0x04, 0x01, 0x09, 0x04, 0x02, 0x08, 0x0a,
                                    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00};
constexpr std::uint8_t kBlock6[] = {0x03, 0x03, 0x0a, 0x01, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x01, 0x01};
constexpr std::uint8_t kBlockT[] = {0x03, 0x03, 0x0a, 0x01, 0x02, 0x04, 0x01, 0x09, 0x08, 0x0a,
                                    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x04, 0x02};
constexpr std::uint8_t kBlockT7[] = {0x03, 0x03, 0x0f, 0x01, 0x02, 0x04, 0x01, 0x09, 0x08, 0x0a,
                                     0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x04, 0x02};

constexpr std::array<std::span<const std::uint8_t>, 13> kBlocks = {
    kBlock0, kBlock1, kBlock2, kBlock3, kBlock4, kBlock5, kBlock6, kBlockT, kBlockT, kBlockT, kBlockT, kBlockT, kBlockT7};

constexpr std::uint16_t kSeqWindows[6] = {1, 63, 4, 4, 16, 512};

constexpr ProbeSpec tcp(ProbeId id, std::string_view name, PortRole port, std::uint8_t offset, std::uint8_t flags,
                        std::uint16_t window, std::uint8_t block, std::uint8_t seq_offset, bool df) {
    return ProbeSpec{id, name, ProbeKind::tcp, port, offset, flags, 0, window, 0, block, seq_offset, kA, df, 0, 0, 0, 0};
}

constexpr std::array<ProbeSpec, kProbeCount> kProbes = {
    tcp(ProbeId::seq1, "SEQ1", kOpen, 0, F::syn, kSeqWindows[0], 0, 0, false),
    tcp(ProbeId::seq2, "SEQ2", kOpen, 1, F::syn, kSeqWindows[1], 1, 1, false),
    tcp(ProbeId::seq3, "SEQ3", kOpen, 2, F::syn, kSeqWindows[2], 2, 2, false),
    tcp(ProbeId::seq4, "SEQ4", kOpen, 3, F::syn, kSeqWindows[3], 3, 3, false),
    tcp(ProbeId::seq5, "SEQ5", kOpen, 4, F::syn, kSeqWindows[4], 4, 4, false),
    tcp(ProbeId::seq6, "SEQ6", kOpen, 5, F::syn, kSeqWindows[5], 5, 5, false),
    tcp(ProbeId::ops1, "OPS1", kOpen, 6, F::syn, kSeqWindows[0], 0, 0, false),
    tcp(ProbeId::ops2, "OPS2", kOpen, 7, F::syn, kSeqWindows[1], 1, 0, false),
    tcp(ProbeId::ops3, "OPS3", kOpen, 8, F::syn, kSeqWindows[2], 2, 0, false),
    tcp(ProbeId::ops4, "OPS4", kOpen, 9, F::syn, kSeqWindows[3], 3, 0, false),
    tcp(ProbeId::ops5, "OPS5", kOpen, 10, F::syn, kSeqWindows[4], 4, 0, false),
    tcp(ProbeId::ops6, "OPS6", kOpen, 11, F::syn, kSeqWindows[5], 5, 0, false),
    ProbeSpec{ProbeId::ecn, "ECN", ProbeKind::tcp, kOpen, 12, F::cwr | F::ece | F::syn, 8, 3, 63477, 6, 0,
              AckField::zero, false, 0, 0, 0, 0},
    tcp(ProbeId::t1, "T1", kOpen, 13, F::syn, 1, 0, 0, false),
    tcp(ProbeId::t2, "T2", kOpen, 14, 0, 128, 7, 0, true),
    tcp(ProbeId::t3, "T3", kOpen, 15, F::syn | F::fin | F::psh | F::urg, 256, 8, 0, false),
    tcp(ProbeId::t4, "T4", kOpen, 16, F::ack, 1024, 9, 0, true),
    tcp(ProbeId::t5, "T5", kClosed, 17, F::syn, 31337, 10, 0, false),
    tcp(ProbeId::t6, "T6", kClosed, 18, F::ack, 32768, 11, 0, true),
    tcp(ProbeId::t7, "T7", kClosed, 19, F::fin | F::psh | F::urg, 65535, 12, 0, false),
    ProbeSpec{ProbeId::ie1, "IE1", ProbeKind::icmp_echo, PortRole::none, 0, 0, 0, 0, 0, 0, 0, kA, true, 0x00, 9, 0, 120},
    ProbeSpec{ProbeId::ie2, "IE2", ProbeKind::icmp_echo, PortRole::none, 0, 0, 0, 0, 0, 0, 0, kA, false, 0x04, 0, 1, 150},
    ProbeSpec{ProbeId::u1, "U1", ProbeKind::udp, PortRole::closed_udp, 0, 0, 0, 0, 0, 0, 0, kA, false, 0, 0, 0, 300},
};

}  // namespace

const ProbeSpec& probe_spec(ProbeId id) { return kProbes[static_cast<std::size_t>(id)]; }
std::span<const ProbeSpec> all_probe_specs() { return kProbes; }
std::span<const std::uint8_t> tcp_option_block(std::uint8_t index) { return kBlocks.at(index); }

}  // namespace whorl::fp::active
