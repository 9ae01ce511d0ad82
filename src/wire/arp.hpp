// ARP for IPv4 over Ethernet (RFC 826): a view of a request or reply, and a builder for the
// whole Ethernet frame of a request (host discovery on a local link, as Nmap's -PR).
#pragma once

#include <cstdint>
#include <optional>

#include "base/bytes.hpp"
#include "wire/address.hpp"

namespace whorl::wire {

class ArpView {
public:
    static constexpr std::size_t kLength = 28;
    static constexpr std::uint16_t kRequest = 1, kReply = 2;

    // Only Ethernet/IPv4 ARP (htype 1, ptype 0x0800, hlen 6, plen 4) is accepted.
    static std::optional<ArpView> parse(Bytes payload);

    std::uint16_t operation() const { return load_be16(bytes_, 6); }
    MacAddress sender_mac() const { return MacAddress::read(bytes_, 8); }
    Ipv4Address sender_ip() const { return Ipv4Address::read(bytes_, 14); }
    MacAddress target_mac() const { return MacAddress::read(bytes_, 18); }
    Ipv4Address target_ip() const { return Ipv4Address::read(bytes_, 24); }

private:
    explicit ArpView(Bytes b) : bytes_(b) {}
    Bytes bytes_;
};

// A broadcast "who has target_ip? tell sender_ip" frame (Ethernet header + ARP, padded to
// the 60-byte Ethernet minimum). Returns its length, or nullopt if `out` is too small.
std::optional<std::size_t> build_arp_request(MutableBytes out, const MacAddress& sender_mac, Ipv4Address sender_ip,
                                             Ipv4Address target_ip);

}  // namespace whorl::wire
