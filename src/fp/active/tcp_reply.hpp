// A TCP answer to an OS probe copied out of its wire view into the plain values the round
// logic reads (replies.hpp): the IPv4 scan, the IPv6 scan and IPv6 prints read back all
// build it here.
#pragma once

#include "fp/active/replies.hpp"
#include "wire/tcp.hpp"

namespace whorl::fp::active {

TcpReply tcp_reply_from(const wire::TcpView& tcp, IpMeta ip);

}  // namespace whorl::fp::active
