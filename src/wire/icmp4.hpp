// ICMPv4 message view: echo request/reply, timestamp request/reply, and the error messages
// (destination unreachable, time exceeded, parameter problem, source quench, redirect)
// whose quoted datagram is exposed as a nested Ipv4View plus its transport bytes.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/ipv4.hpp"
#include "wire/quoted_transport.hpp"

namespace whorl::wire {

namespace icmp4_type {
inline constexpr std::uint8_t kEchoReply = 0;
inline constexpr std::uint8_t kDestUnreachable = 3;
inline constexpr std::uint8_t kSourceQuench = 4;
inline constexpr std::uint8_t kRedirect = 5;
inline constexpr std::uint8_t kEchoRequest = 8;
inline constexpr std::uint8_t kTimeExceeded = 11;
inline constexpr std::uint8_t kParameterProblem = 12;
inline constexpr std::uint8_t kTimestampRequest = 13;
inline constexpr std::uint8_t kTimestampReply = 14;
}  // namespace icmp4_type

struct Icmp4Timestamps {
    std::uint32_t originate = 0;
    std::uint32_t receive = 0;
    std::uint32_t transmit = 0;
};

// A quoted datagram: its IP header and whatever of its payload was quoted.
struct Icmp4Quote {
    Ipv4View ip;
    QuotedTransport transport;
};

class Icmp4View {
public:
    static constexpr std::size_t kHeaderLength = 8;
    static constexpr std::size_t kTimestampLength = 20;

    static std::optional<Icmp4View> parse(Bytes message) {
        if (message.size() < kHeaderLength) return std::nullopt;
        return Icmp4View(message);
    }

    std::uint8_t type() const { return load_u8(bytes_, 0); }
    std::uint8_t code() const { return load_u8(bytes_, 1); }
    std::uint16_t checksum() const { return load_be16(bytes_, 2); }
    std::uint32_t rest_of_header() const { return load_be32(bytes_, 4); }
    // Echo and timestamp: identifier and sequence number (the rest-of-header halves).
    std::uint16_t id() const { return load_be16(bytes_, 4); }
    std::uint16_t sequence() const { return load_be16(bytes_, 6); }
    // Fragmentation needed (3/4): the next-hop MTU (RFC 1191).
    std::uint16_t next_hop_mtu() const { return load_be16(bytes_, 6); }
    // Parameter problem: the pointer octet.
    std::uint8_t pointer() const { return load_u8(bytes_, 4); }
    Bytes payload() const { return bytes_.subspan(kHeaderLength); }
    Bytes message() const { return bytes_; }

    bool is_echo() const {
        return type() == icmp4_type::kEchoRequest || type() == icmp4_type::kEchoReply;
    }
    bool is_timestamp() const {
        return type() == icmp4_type::kTimestampRequest || type() == icmp4_type::kTimestampReply;
    }
    bool is_error() const {
        const auto t = type();
        return t == icmp4_type::kDestUnreachable || t == icmp4_type::kSourceQuench ||
               t == icmp4_type::kRedirect || t == icmp4_type::kTimeExceeded ||
               t == icmp4_type::kParameterProblem;
    }

    // Timestamp messages with all 20 bytes present.
    std::optional<Icmp4Timestamps> timestamps() const {
        if (!is_timestamp() || bytes_.size() < kTimestampLength) return std::nullopt;
        return Icmp4Timestamps{load_be32(bytes_, 8), load_be32(bytes_, 12), load_be32(bytes_, 16)};
    }

    // Error messages whose quoted IP header is whole; the quote's own total length will
    // usually exceed what was quoted (its `truncated` quirk), which is normal here.
    std::optional<Icmp4Quote> quote() const {
        if (!is_error()) return std::nullopt;
        auto ip = Ipv4View::parse(payload());
        if (!ip) return std::nullopt;
        return Icmp4Quote{*ip, QuotedTransport(ip->payload())};
    }

    // The checksum over the message as captured verifies (meaningless if truncated).
    bool checksum_ok() const;

private:
    explicit Icmp4View(Bytes b) : bytes_(b) {}
    Bytes bytes_;
};

}  // namespace whorl::wire
