// Readers for the lab captures under tests/fixtures/pcap/ (classic pcap files, Ethernet):
// the frames with their times, and the p0f matcher input of a SYN or SYN+ACK decoded by
// wire/ (as the passive pipeline builds it: quirks, option walk, header lengths).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "fp/tcp/tcp_matcher.hpp"
#include "wire/frame.hpp"

namespace whorl::fp::passive::test {

struct CapturedFrame {
    std::int64_t time_us = 0;
    std::vector<std::byte> data;
};

// Every record of a little-endian, microsecond pcap file under tests/fixtures/; fails the
// current test (and returns what it read so far) on a malformed file.
std::vector<CapturedFrame> read_pcap(const std::string& fixture_relative);

// The matcher input of a decoded TCP segment; peer_syn_mss for a SYN+ACK.
TcpSignatureInput tcp_input_from_frame(const wire::DecodedFrame& f, std::uint16_t peer_syn_mss = 0);

// A SYN's matcher input built by hand (for facts published without a capture): DF and a
// non-zero IP ID over IPv4, a flow label over IPv6, a non-zero own timestamp value.
TcpSignatureInput built_syn(std::uint8_t ttl, std::uint16_t window, std::uint16_t mss, std::uint8_t ws,
                            std::initializer_list<std::uint8_t> layout, std::uint8_t eol_pad = 0, bool v6 = false);

// The SYN+ACKs of a capture under tests/fixtures/ (Ethernet), each with the MSS of the
// last SYN before it (tests/fixtures/pcap/stacks/: one SYN, its SYN+ACK, the ACK).
std::vector<TcpSignatureInput> synacks_after_syns(const std::string& fixture_relative);

}  // namespace whorl::fp::passive::test
