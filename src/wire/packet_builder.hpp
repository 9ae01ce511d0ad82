// Whole IP packets (IPv4 or IPv6 header + TCP, UDP, ICMPv4 or ICMPv6) built into the
// caller's buffer with every checksum correct: the IPv4 header checksum, TCP/UDP/ICMPv6
// over their pseudo-header, ICMPv4 over the message. Each returns the packet length, or
// nullopt if it does not fit (or a field is out of range). An override in the field
// structs is written as given instead.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/ip_builder.hpp"
#include "wire/transport_builder.hpp"

namespace whorl::wire {

struct EchoFields {
    std::uint8_t type = 8;  // ICMPv4 8/0, ICMPv6 128/129
    std::uint8_t code = 0;  // nmap's IE1 uses code 9
    std::uint16_t id = 0;
    std::uint16_t seq = 0;
};

struct Icmp4TimestampFields {
    std::uint8_t type = 13;  // 13 request, 14 reply
    std::uint8_t code = 0;
    std::uint16_t id = 0;
    std::uint16_t seq = 0;
    std::uint32_t originate = 0;
    std::uint32_t receive = 0;
    std::uint32_t transmit = 0;
};

std::optional<std::size_t> build_tcp(MutableBytes out, const Ipv4Fields& ip,
                                     const TcpFields& tcp, Bytes payload = {});
std::optional<std::size_t> build_tcp(MutableBytes out, const Ipv6Fields& ip,
                                     const TcpFields& tcp, Bytes payload = {});
std::optional<std::size_t> build_udp(MutableBytes out, const Ipv4Fields& ip,
                                     const UdpFields& udp, Bytes payload = {});
std::optional<std::size_t> build_udp(MutableBytes out, const Ipv6Fields& ip,
                                     const UdpFields& udp, Bytes payload = {});
std::optional<std::size_t> build_icmp4(MutableBytes out, const Ipv4Fields& ip,
                                       const IcmpFields& icmp, Bytes payload = {});
std::optional<std::size_t> build_icmp6(MutableBytes out, const Ipv6Fields& ip,
                                       const IcmpFields& icmp, Bytes payload = {});

std::optional<std::size_t> build_icmp4_echo(MutableBytes out, const Ipv4Fields& ip,
                                            const EchoFields& echo, Bytes payload = {});
std::optional<std::size_t> build_icmp4_timestamp(MutableBytes out, const Ipv4Fields& ip,
                                                 const Icmp4TimestampFields& ts);
std::optional<std::size_t> build_icmp6_echo(MutableBytes out, const Ipv6Fields& ip,
                                            const EchoFields& echo, Bytes payload = {});

}  // namespace whorl::wire
