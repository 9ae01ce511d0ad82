// One-line summaries of packets in the style of Nmap's --packet-trace:
//   TCP 198.51.100.1:63226 > 198.51.100.2:22 S ttl=45 id=29372 iplen=44  seq=17964 win=1024 <mss 1460>
//   ICMP [198.51.100.1 > 198.51.100.2 Echo request (type=8/code=9) id=39311 seq=295] IP [ttl=59 id=4384 iplen=148 ]
//   ARP who-has 198.51.100.2 tell 198.51.100.1
#pragma once

#include <string>

#include "wire/frame.hpp"

namespace whorl::wire {

std::string packet_summary(const DecodedFrame& f);

}  // namespace whorl::wire
