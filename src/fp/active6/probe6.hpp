// Nmap's IPv6 OS probes (FPEngine6; 7.93 and 7.95 send the same 17): six timed SYNs S1-S6
// with the IPv4 SEQ probes' windows and options, IE1 (echo request, code 9, 120 zero
// bytes, behind a hop-by-hop header), IE2 (echo request behind the out-of-order chain
// hop-by-hop, destination options, routing, hop-by-hop), NS (a neighbor solicitation,
// only to an on-link target), U1 (300 bytes of 'C' to a closed UDP port), TECN and T2-T7.
// There is no T1: S1's answer plays its part. Which probes go, in which order, with which
// TCP fields; scan/os_probe6_packet writes the bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace whorl::fp::active6 {

enum class Probe6Id : std::uint8_t { s1, s2, s3, s4, s5, s6, ie1, ie2, ns, u1, tecn, t2, t3, t4, t5, t6, t7 };
inline constexpr std::size_t kProbe6Count = 17;

enum class Probe6Kind : std::uint8_t { tcp, echo, neighbor_solicitation, udp };

// A TCP probe. Its source port is the host's TCP port base + index and its sequence number
// the host's sequence base + index (S1..S6: 0..5, TECN: 6, T2..T7: 7..12). The ack field
// is random per probe, 0 for TECN.
struct Tcp6Spec {
    std::uint8_t index;
    std::uint16_t window;
    std::uint8_t flags;  // TCP byte 13; TECN is 0xC2 (CWR, ECE, SYN) without IPv4's reserved bit
    bool to_open_port;   // else the closed port (T5-T7)
    std::uint16_t urgent_pointer;
    std::uint8_t option_block;  // fp::active::tcp_option_block(): the IPv4 probes' blocks
    bool zero_ack;
};

std::string_view probe6_name(Probe6Id id);
Probe6Kind probe6_kind(Probe6Id id);
// Only for TCP probes.
const Tcp6Spec& tcp6_spec(Probe6Id id);
// S1-S6: sent 100 ms apart and, when one of them goes unanswered, all sent again.
inline bool is_timed(Probe6Id id) { return id <= Probe6Id::s6; }

inline constexpr std::uint32_t kFlowLabel = 0x12345;
inline constexpr std::uint16_t kEchoId = 0xabcd;
inline constexpr std::size_t kIe1PayloadLength = 120;
inline constexpr std::size_t kU1PayloadLength = 300;
inline constexpr std::byte kU1PayloadByte{0x43};
inline constexpr std::uint8_t kNsHopLimit = 255;  // RFC 4861 7.1.1: anything else is dropped

// The probes a host gets, in Nmap's order: S1-S6 and TECN, T2-T4 need an open port, T5-T7
// a closed one, NS a target on the link.
std::vector<Probe6Id> probe6_plan(bool has_open_port, bool has_closed_port, bool on_link);

}  // namespace whorl::fp::active6
