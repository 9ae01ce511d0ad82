// TCP option walk (see tcp_options.hpp for the rules and why they follow p0f).
#include "wire/tcp_options.hpp"

namespace whorl::wire {

TcpOptions TcpOptions::parse(Bytes area) {
    TcpOptions o;
    if (area.size() > kMaxAreaLength) area = area.first(kMaxAreaLength);
    o.area_ = area;
    std::size_t off = 0;
    while (off < area.size()) {
        if (o.count_ == kMaxOptions) {
            o.quirks_.set(TcpOptionQuirk::too_many);
            o.quirks_.set(TcpOptionQuirk::not_at_end);
            break;
        }
        if (!o.walk_one(off)) break;
    }
    return o;
}

bool TcpOptions::walk_one(std::size_t& off) {
    const std::uint8_t kind = load_u8(area_, off);
    switch (kind) {
        case tcp_option::kEol: {
            list_[count_++] = TcpOption{kind, static_cast<std::uint8_t>(off), 0, 1, false, false};
            eol_offset_ = static_cast<std::uint8_t>(off);
            for (std::size_t i = off + 1; i < area_.size(); ++i)
                if (area_[i] != std::byte{0}) quirks_.set(TcpOptionQuirk::eol_nonzero);
            off = area_.size();
            return false;
        }
        case tcp_option::kNop:
            list_[count_++] = TcpOption{kind, static_cast<std::uint8_t>(off), 0, 1, false, false};
            off += 1;
            return true;
        case tcp_option::kMss: return fixed(off, 4, TcpOptionQuirk::mss_length);
        case tcp_option::kWindowScale: return fixed(off, 3, TcpOptionQuirk::window_scale_length);
        case tcp_option::kSackPermitted:
            return fixed(off, 2, TcpOptionQuirk::sack_permitted_length);
        case tcp_option::kTimestamp: return fixed(off, 10, TcpOptionQuirk::timestamp_length);
        case tcp_option::kSack: return variable(off, 10, 34, TcpOptionQuirk::sack_length);
        default: return variable(off, 2, 40, TcpOptionQuirk::unknown_length);
    }
}

// MSS, WS, SACK-permitted, TS: consumed at the nominal size (p0f). The entry is filled in
// place (a local copy stored byte by byte and then copied costs a store-forwarding stall).
bool TcpOptions::fixed(std::size_t& off, std::uint8_t nominal, TcpOptionQuirk bad_length) {
    TcpOption& o = list_[count_++];
    o = TcpOption{load_u8(area_, off), static_cast<std::uint8_t>(off), 0, nominal, false, false};
    const std::size_t left = area_.size() - off;
    if (left >= 2) {
        o.has_length = true;
        o.length = load_u8(area_, off + 1);
        quirks_.set_if(bad_length, o.length != nominal);
    }
    if (left < nominal) {
        o.cut = true;
        o.size = static_cast<std::uint8_t>(left);
        quirks_.set(TcpOptionQuirk::past_end);
        quirks_.set(TcpOptionQuirk::not_at_end);
        return false;
    }
    read_value(o);
    off += nominal;
    return true;
}

// SACK and unknown kinds: consumed by their length octet.
bool TcpOptions::variable(std::size_t& off, std::uint8_t min, std::uint8_t max,
                          TcpOptionQuirk bad_length) {
    const std::size_t left = area_.size() - off;
    TcpOption& o = list_[count_++];
    o = TcpOption{load_u8(area_, off), static_cast<std::uint8_t>(off), 0, 0, false, false};
    if (left < 2) {
        o.cut = true;
        o.size = static_cast<std::uint8_t>(left);
        quirks_.set(TcpOptionQuirk::past_end);
        quirks_.set(TcpOptionQuirk::not_at_end);
        return false;
    }
    o.has_length = true;
    o.length = load_u8(area_, off + 1);
    quirks_.set_if(bad_length, o.length < min || o.length > max);
    if (o.length < 2) {  // cannot advance past it; p0f would re-read bytes here
        o.size = 2;
        quirks_.set(TcpOptionQuirk::not_at_end);
        return false;
    }
    if (o.length > left) {
        o.cut = true;
        o.size = static_cast<std::uint8_t>(left);
        quirks_.set(TcpOptionQuirk::past_end);
        quirks_.set(TcpOptionQuirk::not_at_end);
        return false;
    }
    o.size = o.length;
    if (o.kind == tcp_option::kSack) sack_ = static_cast<std::uint8_t>(count_ - 1);
    off += o.length;
    return true;
}

void TcpOptions::read_value(const TcpOption& o) {
    switch (o.kind) {
        case tcp_option::kMss: mss_ = load_be16(area_, o.offset + 2u); break;
        case tcp_option::kWindowScale: window_scale_ = load_u8(area_, o.offset + 2u); break;
        case tcp_option::kSackPermitted: sack_permitted_ = true; break;
        case tcp_option::kTimestamp:
            timestamps_ = TcpTimestamps{load_be32(area_, o.offset + 2u), load_be32(area_, o.offset + 6u)};
            break;
        default: break;
    }
}

}  // namespace whorl::wire
