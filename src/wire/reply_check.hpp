// Whether Nmap 7.95's packet reader lets a received frame through to its scans: the checks
// readip_pcap/validatepkt/validateTCPhdr (tcpip.cc) make once, before host discovery, the
// SYN scan and the OS scan see a packet. A frame they reject is dropped silently (not
// counted in "Raw packets ... Rcvd", not traced), so a reply that fails them leaves its
// probe unanswered. whorl's active scan applies this in one place, where frames leave the
// capture (cli/scan_session run_phase).
//   IPv4: a header whorl could decode (at least 20 bytes, version 4, IHL >= 5 and within
//     the capture); no fragment other than the first. The total length is not checked,
//     and the bytes the checks below may use are those captured, Ethernet padding included.
//   IPv6: a header and extension chain whorl could decode, ending in no-next-header, TCP,
//     UDP, ICMP, ICMPv6 or SCTP.
//   TCP: at least 20 bytes; 20 <= data offset x 4 <= bytes captured; every option whole:
//     MSS exactly 4 bytes long, window scale 3, SACK-permitted 2, timestamp 10, kind 14 3,
//     SACK 2 + 8k (k >= 1), any other kind 1 or more and within the header; EOL ends the
//     walk (what follows is not looked at); a single byte left must be EOL or NOP.
//   UDP: at least 8 bytes.
// Frames that are not IP (ARP) are not this reader's: they pass.
#pragma once

#include "wire/frame.hpp"

namespace whorl::wire {

bool nmap_reader_accepts(const DecodedFrame& frame);

// The TCP header check alone, on the bytes from the TCP header to the end of the capture.
bool nmap_tcp_header_valid(Bytes tcp_and_rest);

}  // namespace whorl::wire
