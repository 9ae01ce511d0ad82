// parse_dhcp: a DHCPv4 message (RFC 2131 / 2132) from a UDP payload, trusting nothing: the
// 236-byte BOOTP header, the magic cookie 99.130.83.99, then the options area, and when
// option 52 (overload) says so the `file` and then the `sname` fields as further options
// areas (RFC 2131 4.1 order). An option repeated is concatenated (RFC 3396). Every read is
// bounds-checked; a length that runs past its area, a missing cookie or a short header
// gives nullopt.
#include <array>

#include "fp/dhcp/dhcp.hpp"

namespace whorl::fp::passive {
namespace {

constexpr std::size_t kHeaderLen = 236;  // op .. file
constexpr std::size_t kCiaddrAt = 12, kChaddrAt = 28, kSnameAt = 44, kSnameLen = 64, kFileAt = 108, kFileLen = 128;
constexpr std::uint32_t kMagicCookie = 0x63825363;
constexpr std::uint8_t kPad = 0, kEnd = 255;
constexpr std::uint8_t kOptHostName = 12, kOptRequestedIp = 50, kOptOverload = 52, kOptMessageType = 53,
                       kOptParamList = 55, kOptMaxSize = 57, kOptVendorClass = 60;
constexpr std::size_t kMaxText = 255 * 4;  // cap on a concatenated text option

struct Walk {
    DhcpMessage& m;
    std::array<bool, 256> seen{};
    std::vector<std::uint8_t> mtype, max_size, requested;
    std::optional<std::uint8_t> overload;
};

void append_text(std::string& out, Bytes value) {
    for (std::byte b : value) {
        if (out.size() >= kMaxText) return;
        out.push_back(static_cast<char>(std::to_integer<std::uint8_t>(b)));
    }
}

// Walks one options area; false when an option runs past it.
bool walk_options(Bytes area, Walk& w, bool main_area) {
    std::size_t i = 0;
    while (i < area.size()) {
        std::uint8_t code = load_u8(area, i);
        if (code == kPad) {
            ++i;
            continue;
        }
        if (code == kEnd) return true;
        if (i + 1 >= area.size()) return false;
        std::size_t len = load_u8(area, i + 1);
        if (i + 2 + len > area.size()) return false;
        Bytes value = area.subspan(i + 2, len);
        i += 2 + len;
        if (!w.seen[code]) w.m.option_order.push_back(code);
        w.seen[code] = true;
        switch (code) {
            case kOptParamList:
                for (std::byte b : value) w.m.parameter_request_list.push_back(std::to_integer<std::uint8_t>(b));
                break;
            case kOptVendorClass: append_text(w.m.vendor_class, value); break;
            case kOptHostName: append_text(w.m.host_name, value); break;
            case kOptMessageType:
                for (std::byte b : value) w.mtype.push_back(std::to_integer<std::uint8_t>(b));
                break;
            case kOptMaxSize:
                for (std::byte b : value) w.max_size.push_back(std::to_integer<std::uint8_t>(b));
                break;
            case kOptRequestedIp:
                for (std::byte b : value) w.requested.push_back(std::to_integer<std::uint8_t>(b));
                break;
            case kOptOverload:
                // Only the main area may overload; one byte, 1 file, 2 sname, 3 both.
                if (main_area && len == 1) w.overload = std::to_integer<std::uint8_t>(value[0]);
                break;
            default: break;
        }
    }
    return true;  // no END option: accepted if the last option ended exactly at the edge
}

}  // namespace

std::optional<DhcpMessage> parse_dhcp(Bytes p) {
    if (p.size() < kHeaderLen + 4) return std::nullopt;
    if (load_be32(p, kHeaderLen) != kMagicCookie) return std::nullopt;
    DhcpMessage m;
    m.op = load_u8(p, 0);
    if (m.op != 1 && m.op != 2) return std::nullopt;
    m.client_address = load_be32(p, kCiaddrAt);
    std::uint8_t htype = load_u8(p, 1), hlen = load_u8(p, 2);
    if (htype == 1 && hlen == 6)
        for (std::size_t i = 0; i < 6; ++i) m.client_mac[i] = load_u8(p, kChaddrAt + i);

    Walk w{m};
    if (!walk_options(p.subspan(kHeaderLen + 4), w, true)) return std::nullopt;
    if (w.overload) {
        if (*w.overload < 1 || *w.overload > 3) return std::nullopt;
        if ((*w.overload & 1) && !walk_options(p.subspan(kFileAt, kFileLen), w, false)) return std::nullopt;
        if ((*w.overload & 2) && !walk_options(p.subspan(kSnameAt, kSnameLen), w, false)) return std::nullopt;
    }
    if (w.mtype.size() == 1) m.message_type = w.mtype[0];
    else if (!w.mtype.empty()) return std::nullopt;  // a message type must be one byte
    if (w.max_size.size() == 2) m.max_message_size = static_cast<std::uint16_t>(w.max_size[0] << 8 | w.max_size[1]);
    if (w.requested.size() == 4)  // an address of another length is ignored, not an error
        m.requested_address = static_cast<std::uint32_t>(w.requested[0]) << 24 | std::uint32_t{w.requested[1]} << 16 |
                              std::uint32_t{w.requested[2]} << 8 | w.requested[3];
    return m;
}

}  // namespace whorl::fp::passive
