// p0f's quirk bits and TCP option walk (process.c of p0f 3.09b), reimplemented over byte
// spans with explicit bounds; see tcp_quirks.hpp.
#include "fp/tcp/tcp_quirks.hpp"

#include <charconv>

#include "base/bytes.hpp"

namespace whorl::fp::passive {

std::optional<Quirk> quirk_from_token(std::string_view token) {
    for (std::size_t i = 0; i < kQuirkTokens.size(); ++i)
        if (kQuirkTokens[i] == token) return static_cast<Quirk>(i);
    return std::nullopt;
}

void append_uint(std::string& out, std::uint32_t v) {
    char buf[10];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    (void)ec;
    out.append(buf, end);
}

void append_quirks(std::string& out, QuirkSet q) {
    bool first = true;
    for (int i = 0; i < kQuirkCount; ++i) {
        auto quirk = static_cast<Quirk>(i);
        if (!q.has(quirk)) continue;
        if (!first) out += ',';
        first = false;
        out += quirk_token(quirk);
    }
}

std::string format_quirks(QuirkSet q) {
    std::string out;
    append_quirks(out, q);
    return out;
}

void append_layout(std::string& out, const OptionLayout& layout, std::uint8_t eol_pad) {
    for (std::size_t i = 0; i < layout.count; ++i) {
        if (i) out += ',';
        switch (std::uint8_t kind = layout.kinds[i]) {
            case kOptEol: out += "eol+"; append_uint(out, eol_pad); break;
            case kOptNop: out += "nop"; break;
            case kOptMss: out += "mss"; break;
            case kOptWs: out += "ws"; break;
            case kOptSackOk: out += "sok"; break;
            case kOptSack: out += "sack"; break;
            case kOptTs: out += "ts"; break;
            default: out += '?'; append_uint(out, kind); break;
        }
    }
}

std::string format_layout(const OptionLayout& layout, std::uint8_t eol_pad) {
    std::string out;
    append_layout(out, layout, eol_pad);
    return out;
}

// The walk keeps `pos` as the index of the byte after the option kind, like p0f's `data`
// pointer; an option that does not fit ends the walk with the "bad" quirk.
TcpOptions parse_tcp_options(std::span<const std::byte> area) {
    TcpOptions o;
    const std::size_t end = area.size();
    std::size_t pos = 0;
    auto byte_at = [&](std::size_t i) { return load_u8(area, i); };
    bool aborted = false;

    while (pos < end && o.layout.count < kMaxTcpOptions && !aborted) {
        const std::uint8_t kind = byte_at(pos++);
        o.layout.push(kind);
        if (kind == kOptEol) {
            // Bytes after EOL are padding; p0f's scan stops one byte after the first
            // non-zero one, so a non-zero *last* byte goes unnoticed (kept as in p0f).
            o.eol_pad = static_cast<std::uint8_t>(end - pos);
            bool nonzero = false;
            while (pos < end) {
                if (byte_at(pos++) != 0) { nonzero = true; break; }
            }
            if (nonzero && pos != end) o.eol_nonzero = true;
            pos = end;
            continue;
        }
        if (kind == kOptNop) continue;
        if (pos >= end) { aborted = true; break; }  // no length byte
        const std::uint8_t len = byte_at(pos);
        switch (kind) {
            case kOptMss:
                if (len != 4) o.bad = true;
                if (pos + 3 > end) { aborted = true; break; }
                o.mss = load_be16(area, pos + 1);
                pos += 3;
                break;
            case kOptWs:
                if (len != 3) o.bad = true;
                if (pos + 2 > end) { aborted = true; break; }
                o.wscale = byte_at(pos + 1);
                if (o.wscale > 14) o.exws = true;
                pos += 2;
                break;
            case kOptSackOk:
                if (len != 2) o.bad = true;
                if (pos + 1 > end) { aborted = true; break; }
                pos += 1;
                break;
            case kOptSack:
                if (len < 10 || len > 34 || pos - 1 + len > end) { aborted = true; break; }
                pos += len - 1;
                break;
            case kOptTs:
                if (len != 10) o.bad = true;
                if (pos + 9 > end) { aborted = true; break; }
                o.has_ts = true;
                o.ts1 = load_be32(area, pos + 1);
                o.ts2 = load_be32(area, pos + 5);
                if (o.ts1 == 0) o.ts1_zero = true;
                if (o.ts2 != 0) o.ts2_nonzero = true;
                pos += 9;
                break;
            default:
                if (len < 2 || len > 40 || pos - 1 + len > end) { aborted = true; break; }
                pos += len - 1;
                break;
        }
    }
    if (aborted || pos != end) o.bad = true;
    return o;
}

QuirkSet compute_quirks(const TcpHeaderFields& h, const TcpOptions& opts, AckQuirkRule rule) {
    QuirkSet q;
    constexpr std::uint8_t kEcnBits = 0x03;  // ECT | CE
    if (h.ip_version == 4) {
        if (h.traffic_class & kEcnBits) q.set(Quirk::ecn);
        if (h.mbz) q.set(Quirk::mbz);
        if (h.df) {
            q.set(Quirk::df);
            if (h.ip_id != 0) q.set(Quirk::id_nonzero);
        } else if (h.ip_id == 0) {
            q.set(Quirk::id_zero);
        }
    } else {
        if (h.flow_label & 0xFFFFF) q.set(Quirk::flow);
        if (h.traffic_class & kEcnBits) q.set(Quirk::ecn);
    }

    if ((h.tcp_flags & (kTcpEce | kTcpCwr)) || h.tcp_ns) q.set(Quirk::ecn);
    if (h.seq == 0) q.set(Quirk::seq_zero);
    if (h.tcp_flags & kTcpAck) {
        if (h.ack == 0) q.set(Quirk::ack_zero);
    } else if (!(h.tcp_flags & kTcpRst)) {
        // 3.09b: the network-order ACK read on a little-endian host, AND 1: the low bit of
        // the first byte on the wire.
        const bool set = rule == AckQuirkRule::logical ? h.ack != 0 : ((h.ack >> 24) & 1u) != 0;
        if (set) q.set(Quirk::ack_nonzero);
    }
    if (h.tcp_flags & kTcpUrg) {
        q.set(Quirk::urg);
    } else if (h.urg_ptr != 0) {
        q.set(Quirk::uptr_nonzero);
    }
    if (h.tcp_flags & kTcpPush) q.set(Quirk::push);

    const bool pure_syn = (h.tcp_flags & (kTcpSyn | kTcpAck | kTcpFin | kTcpRst)) == kTcpSyn;
    if (opts.ts1_zero) q.set(Quirk::ts1_zero);
    if (opts.ts2_nonzero && pure_syn) q.set(Quirk::ts2_nonzero);
    if (opts.eol_nonzero) q.set(Quirk::opt_eol_nonzero);
    if (opts.exws) q.set(Quirk::exws);
    if (opts.bad) q.set(Quirk::opt_bad);
    return q;
}

}  // namespace whorl::fp::passive
