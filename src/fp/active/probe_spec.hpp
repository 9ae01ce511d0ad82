// Nmap 7.93's OS-detection probes as data (active-os-detection reference §2): the six SEQ
// probes, the OPS and T1 fallbacks, ECN, T2-T7, the two ICMP echoes and the UDP probe,
// each with its windows, options, flags, DF, TOS, ports and payload. The scanner builds
// packets from these specs; nothing else knows the numbers.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace whorl::fp::active {

enum class ProbeId : std::uint8_t {
    seq1, seq2, seq3, seq4, seq5, seq6,
    ops1, ops2, ops3, ops4, ops5, ops6,  // fallbacks for a missing O/W value
    ecn,
    t1, t2, t3, t4, t5, t6, t7,          // t1 is a fallback: normally SEQ1's reply is T1
    ie1, ie2,
    u1,
};
inline constexpr std::size_t kProbeCount = 23;

enum class ProbeKind : std::uint8_t { tcp, icmp_echo, udp };
enum class PortRole : std::uint8_t { open_tcp, closed_tcp, closed_udp, none };
enum class AckField : std::uint8_t { ack_base, zero };  // the probe's ack number: A or 0

struct TcpFlags {
    static constexpr std::uint8_t fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, ack = 0x10, urg = 0x20,
                                  ece = 0x40, cwr = 0x80;
};

struct ProbeSpec {
    ProbeId id;
    std::string_view name;
    ProbeKind kind;
    PortRole port;
    std::uint8_t source_offset;  // TCP: tcpbase + offset; UDP: udpbase + offset
    std::uint8_t tcp_flags;
    std::uint8_t reserved_bits;  // the low nibble of TCP byte 12 (ECN probe: 8)
    std::uint16_t window;
    std::uint16_t urgent_pointer;
    std::uint8_t option_block;   // index into tcp_option_block()
    std::uint8_t seq_offset;     // probe seq = S + seq_offset
    AckField ack;
    bool dont_fragment;
    std::uint8_t tos;
    std::uint8_t icmp_code;      // echo probes: 9 (IE1) or 0 (IE2)
    std::uint8_t icmp_seq_offset;  // echo id = I + offset, seq = 295 + offset
    std::uint16_t payload_length;  // ICMP: zero bytes; UDP: 0x43 bytes
};

const ProbeSpec& probe_spec(ProbeId id);
std::span<const ProbeSpec> all_probe_specs();

// The 13 option blocks of §2.2, byte exact.
std::span<const std::uint8_t> tcp_option_block(std::uint8_t index);

inline constexpr std::uint16_t kIcmpSeqBase = 295;
inline constexpr std::uint16_t kU1IpId = 0x1042;
inline constexpr std::uint8_t kU1PayloadByte = 0x43;

// The SEQ slot (0-5) of a SEQ or OPS probe, the T test (0-6) of a T probe.
inline int seq_slot(ProbeId id) { return static_cast<int>(id) - static_cast<int>(ProbeId::seq1); }
inline int ops_slot(ProbeId id) { return static_cast<int>(id) - static_cast<int>(ProbeId::ops1); }
inline int t_index(ProbeId id) { return static_cast<int>(id) - static_cast<int>(ProbeId::t1); }
inline bool is_seq(ProbeId id) { return id <= ProbeId::seq6; }
inline bool is_ops(ProbeId id) { return id >= ProbeId::ops1 && id <= ProbeId::ops6; }
inline bool is_t(ProbeId id) { return id >= ProbeId::t1 && id <= ProbeId::t7; }

}  // namespace whorl::fp::active
