// ICMPv6 message view: echo request/reply and the error messages (destination
// unreachable, packet too big, time exceeded, parameter problem) with the quoted IPv6
// datagram as a nested Ipv6View. The checksum covers a pseudo-header, so checking it
// needs the addresses.
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"
#include "wire/ipv6.hpp"
#include "wire/ipv6_extensions.hpp"
#include "wire/quoted_transport.hpp"

namespace whorl::wire {

namespace icmp6_type {
inline constexpr std::uint8_t kDestUnreachable = 1;
inline constexpr std::uint8_t kPacketTooBig = 2;
inline constexpr std::uint8_t kTimeExceeded = 3;
inline constexpr std::uint8_t kParameterProblem = 4;
inline constexpr std::uint8_t kEchoRequest = 128;
inline constexpr std::uint8_t kEchoReply = 129;
inline constexpr std::uint8_t kNeighborSolicitation = 135;
inline constexpr std::uint8_t kNeighborAdvertisement = 136;
}  // namespace icmp6_type

struct Icmp6Quote {
    Ipv6View ip;
    Ipv6Extensions extensions;  // walked over what was quoted
    QuotedTransport transport;  // from the quote's upper-layer offset
};

class Icmp6View {
public:
    static constexpr std::size_t kHeaderLength = 8;

    static std::optional<Icmp6View> parse(Bytes message) {
        if (message.size() < kHeaderLength) return std::nullopt;
        return Icmp6View(message);
    }

    std::uint8_t type() const { return load_u8(bytes_, 0); }
    std::uint8_t code() const { return load_u8(bytes_, 1); }
    std::uint16_t checksum() const { return load_be16(bytes_, 2); }
    std::uint32_t rest_of_header() const { return load_be32(bytes_, 4); }
    std::uint16_t id() const { return load_be16(bytes_, 4); }
    std::uint16_t sequence() const { return load_be16(bytes_, 6); }
    std::uint32_t mtu() const { return load_be32(bytes_, 4); }      // packet too big
    std::uint32_t pointer() const { return load_be32(bytes_, 4); }  // parameter problem
    Bytes payload() const { return bytes_.subspan(kHeaderLength); }
    Bytes message() const { return bytes_; }

    bool is_echo() const {
        return type() == icmp6_type::kEchoRequest || type() == icmp6_type::kEchoReply;
    }
    bool is_error() const { return type() < 128; }

    // Error messages whose quoted fixed IPv6 header is whole.
    std::optional<Icmp6Quote> quote() const;

    bool checksum_ok(const Ipv6Address& src, const Ipv6Address& dst) const;

private:
    explicit Icmp6View(Bytes b) : bytes_(b) {}
    Bytes bytes_;
};

}  // namespace whorl::wire
