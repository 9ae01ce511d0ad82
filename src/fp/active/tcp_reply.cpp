// TCP answers out of their wire views.
#include "fp/active/tcp_reply.hpp"

#include "wire/tcp_options.hpp"

namespace whorl::fp::active {

TcpReply tcp_reply_from(const wire::TcpView& tcp, IpMeta ip) {
    TcpReply r;
    r.ip = ip;
    r.seq = tcp.seq();
    r.ack = tcp.ack();
    r.flags = tcp.flags_byte();
    r.reserved_bits = static_cast<std::uint8_t>(load_u8(tcp.header(), 12) & 0x0F);
    r.window = tcp.window();
    r.urgent_pointer = tcp.urgent_pointer();
    r.option_length = tcp.header_length() - 20;
    auto onward = tcp.segment().subspan(20);
    r.options_onward.assign(onward.begin(), onward.end());
    if (auto ts = wire::TcpOptions::parse(tcp.options()).timestamps()) r.tsval = ts->tsval;
    auto payload = tcp.payload();
    r.payload.assign(payload.begin(), payload.end());
    return r;
}

}  // namespace whorl::fp::active
