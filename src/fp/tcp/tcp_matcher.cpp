// TCP signature matching with p0f 3.09b's semantics (fp_tcp.c: tcp_find_match,
// detect_win_multi, dump_sig, dump_flags), over a hash map keyed by the option layout.
#include "fp/tcp/tcp_matcher.hpp"

#include <bit>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace whorl::fp::passive {

namespace {

constexpr int kMinTcp4 = 40, kMinTcp6 = 60;  // bare IPv4/IPv6 + TCP header sizes

constexpr std::uint32_t kV4OnlyQuirks = QuirkSet::bit(Quirk::df) |
                                        QuirkSet::bit(Quirk::id_nonzero) |
                                        QuirkSet::bit(Quirk::id_zero);
constexpr std::uint32_t kV6OnlyQuirks = QuirkSet::bit(Quirk::flow);
// A fuzzy match tolerates these disappearing from the packet ...
constexpr std::uint32_t kMayVanish = QuirkSet::bit(Quirk::df) | QuirkSet::bit(Quirk::id_nonzero);
// ... and these appearing in it.
constexpr std::uint32_t kMayAppear = QuirkSet::bit(Quirk::id_zero) | QuirkSet::bit(Quirk::ecn);

}  // namespace

std::uint8_t guess_distance(std::uint8_t ttl) {
    if (ttl <= 32) return static_cast<std::uint8_t>(32 - ttl);
    if (ttl <= 64) return static_cast<std::uint8_t>(64 - ttl);
    if (ttl <= 128) return static_cast<std::uint8_t>(128 - ttl);
    return static_cast<std::uint8_t>(255 - ttl);
}

WindowMultiple detect_window_multiple(const TcpSignatureInput& in) {
    const int win = in.window;
    const int mss = in.mss;
    if (win == 0 || mss < 100) return {};
    // Divisors in p0f's order; the first that divides the window wins. Divisors below 1
    // (a peer MSS under 13) are skipped: p0f would divide by zero or return a negative
    // multiplier that never matches or prints.
    struct Divisor {
        int value;
        bool mtu;
        bool enabled;
    };
    const bool v6 = in.ip_version == 6;
    const int peer = in.peer_syn_mss;
    const Divisor divisors[] = {
        {mss, false, true},
        {mss - 12, false, in.ts1 != 0},
        {1500 - kMinTcp4, false, true},
        {1500 - kMinTcp4 - 12, false, true},
        {1500 - kMinTcp6, false, v6},
        {1500 - kMinTcp6 - 12, false, v6},
        {mss + kMinTcp4, true, true},
        {mss + in.header_len, true, true},
        {mss + kMinTcp6, true, v6},
        {1500, true, true},
        {peer, false, peer != 0},
        {peer - 12, false, peer != 0},
    };
    for (const auto& d : divisors) {
        if (!d.enabled || d.value < 1) continue;
        if (win % d.value == 0) return {win / d.value, d.mtu};
    }
    return {};
}

TcpSignatureInput make_tcp_input(const TcpHeaderFields& h, const TcpOptions& opts,
                                 std::uint8_t ttl, std::uint8_t ip_opt_len, std::uint16_t window,
                                 std::uint16_t header_len, bool payload,
                                 std::uint16_t peer_syn_mss, AckQuirkRule rule) {
    TcpSignatureInput in;
    in.ip_version = h.ip_version;
    in.ttl = ttl;
    in.ip_opt_len = h.ip_version == 4 ? ip_opt_len : 0;
    in.tos = static_cast<std::uint8_t>(h.traffic_class >> 2);
    in.mss = opts.mss;
    in.window = window;
    in.wscale = opts.wscale;
    in.layout = opts.layout;
    in.eol_pad = opts.eol_pad;
    in.quirks = compute_quirks(h, opts, rule);
    in.payload = payload;
    in.ts1 = opts.ts1;
    in.header_len = header_len;
    in.syn_ack = (h.tcp_flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck);
    in.peer_syn_mss = in.syn_ack ? peer_syn_mss : 0;
    return in;
}

namespace {

// The equality-checked fields packed into one word: mss (17 bits, 0x10000 = "*"), window
// scale (9 bits, 0x100 = "*"), EOL padding, IP option length, payload class (2 = "*").
std::uint64_t pack_key(std::int32_t mss, std::int32_t wscale, std::uint8_t eol_pad,
                       std::uint8_t ip_opt_len, std::int32_t pay_class) {
    const std::uint64_t m = mss < 0 ? 0x10000u : static_cast<std::uint64_t>(mss);
    const std::uint64_t w = wscale < 0 ? 0x100u : static_cast<std::uint64_t>(wscale);
    const std::uint64_t pc = pay_class < 0 ? 2u : static_cast<std::uint64_t>(pay_class);
    return m | w << 17 | std::uint64_t{eol_pad} << 26 | std::uint64_t{ip_opt_len} << 34 | pc << 42;
}

}  // namespace

// What tcp_find_match compares: a packet, or (for the load-time duplicate check) another
// signature, whose window may then be a wildcard form. The window multiple is worked out
// only when a candidate needs it.
struct TcpSignatureSet::Probe {
    std::uint32_t quirks = 0;
    std::uint8_t ip_version = 0, ttl = 0;
    std::uint64_t key = 0;  // pack_key() of the probe
    WindowType win_type = WindowType::literal;
    std::uint16_t win = 0;
    const TcpSignatureInput* packet = nullptr;  // source of the window multiple
    bool have_multiple = false;
    WindowMultiple multiple_value;

    const WindowMultiple& multiple() {
        if (!have_multiple) {
            have_multiple = true;
            if (packet)
                multiple_value = packet->multiple_known ? packet->multiple : detect_window_multiple(*packet);
        }
        return multiple_value;
    }
};

std::uint64_t TcpSignatureSet::layout_hash(const OptionLayout& l) {
    std::uint64_t w[3];
    std::memcpy(w, l.kinds.data(), sizeof w);
    std::uint64_t h = (l.count + 1) * 0x9E3779B97F4A7C15ull;
    for (std::uint64_t x : w) h = (h ^ x) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 29);
}

const TcpSignatureSet::Group* TcpSignatureSet::find_group(const OptionLayout& l,
                                                          std::uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint32_t slot = slots_[i];
        if (slot == 0) return nullptr;
        const Group& g = groups_[slot - 1];
        if (g.hash == hash && g.layout == l) return &g;
    }
}

TcpSignatureSet::Group& TcpSignatureSet::group_for(const OptionLayout& l) {
    const std::uint64_t hash = layout_hash(l);
    if (const Group* g = find_group(l, hash)) return groups_[static_cast<std::size_t>(g - groups_.data())];
    groups_.push_back(Group{l, hash, {}, {}});
    if ((groups_.size() * 2) > slots_.size()) {
        slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
        for (std::uint32_t gi = 0; gi < groups_.size(); ++gi) {
            const std::size_t mask = slots_.size() - 1;
            std::size_t i = groups_[gi].hash & mask;
            while (slots_[i]) i = (i + 1) & mask;
            slots_[i] = gi + 1;
        }
    } else {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        while (slots_[i]) i = (i + 1) & mask;
        slots_[i] = static_cast<std::uint32_t>(groups_.size());
    }
    return groups_.back();
}

// One pass over the signatures sharing the probe's layout. Returns the exact specific
// match (and fills `out`) or nullptr; generic and fuzzy candidates are resolved after.
const TcpSignatureRecord* TcpSignatureSet::scan(const Group& g, Probe& p, bool dupe_check,
                                                TcpMatch& out) const {
    int fuzzy_match = -1, generic_match = -1;
    const int n = static_cast<int>(g.compact.size());
    for (int i = 0; i < n; ++i) {
        const Compact& rs = g.compact[i];
        // Fixed fields first (mss, scale, EOL padding, IP options, payload class): they
        // reject most candidates and do not depend on fuzziness.
        if ((p.key & rs.key_mask) != rs.key_value) continue;
        bool fuzzy = false;
        const std::uint32_t ref_quirks = p.ip_version == 4 ? rs.quirks_v4 : rs.quirks_v6;
        if (ref_quirks != p.quirks) {
            const std::uint32_t diff = ref_quirks ^ p.quirks;
            const std::uint32_t deleted = diff & ref_quirks, added = diff & p.quirks;
            if (fuzzy_match >= 0 || (deleted & ~kMayVanish) || (added & ~kMayAppear)) continue;
            fuzzy = true;
        }
        if (rs.bad_ttl) {
            if (rs.ttl < p.ttl) continue;
        } else if (rs.ttl < p.ttl || rs.ttl - p.ttl > kMaxDist) {
            fuzzy = true;
        }

        if (p.win_type != WindowType::literal) {  // signature against signature
            if (rs.win_type != p.win_type || rs.win != p.win) continue;
        } else {
            switch (rs.win_type) {
                case WindowType::literal:
                    if (rs.win != p.win) continue;
                    break;
                case WindowType::modulo:
                    if (p.win % rs.win) continue;
                    break;
                case WindowType::mss_mult:
                    if (p.multiple().mtu || rs.win != p.multiple().multiplier) continue;
                    break;
                case WindowType::mtu_mult:
                    if (!p.multiple().mtu || rs.win != p.multiple().multiplier) continue;
                    break;
                case WindowType::any: break;
            }
        }

        if (!fuzzy) {
            if (!rs.generic) {
                out = {&g.records[i], false, static_cast<std::uint8_t>(rs.ttl - p.ttl)};
                return &g.records[i];
            }
            if (generic_match < 0) generic_match = i;
        } else if (fuzzy_match < 0) {
            fuzzy_match = i;
        }
    }
    if (dupe_check) return nullptr;

    if (generic_match >= 0) {
        const auto& gm = g.compact[generic_match];
        out = {&g.records[generic_match], false, static_cast<std::uint8_t>(gm.ttl - p.ttl)};
        return nullptr;
    }
    // No fuzzy matches for user-land tools; p0f then leaves the distance at 0.
    if (fuzzy_match >= 0 && g.compact[fuzzy_match].app) {
        out = {nullptr, false, 0};
        return nullptr;
    }
    const Compact* fs = fuzzy_match >= 0 ? &g.compact[fuzzy_match] : nullptr;
    if (!fs || fs->ttl < p.ttl || (!fs->bad_ttl && fs->ttl - p.ttl > kMaxDist))
        out.dist = guess_distance(p.ttl);
    else
        out.dist = static_cast<std::uint8_t>(fs->ttl - p.ttl);
    out.record = fs ? &g.records[fuzzy_match] : nullptr;
    out.fuzzy = fs != nullptr;
    return nullptr;
}

std::optional<std::uint32_t> TcpSignatureSet::add(TcpSignatureRecord record) {
    const TcpSignature& s = record.sig;
    Probe p;
    p.quirks = s.quirks.bits();
    p.ip_version = s.ip_version;
    p.ttl = s.ttl;
    p.key = pack_key(s.mss, s.wscale, s.eol_pad, s.ip_opt_len, s.pay_class);
    p.win_type = s.win_type;
    p.win = s.win;
    // p0f runs detect_win_multi on a literal-window signature as if it were a packet with
    // no timestamp and a header length of 0.
    TcpSignatureInput as_packet;
    as_packet.ip_version = s.ip_version;
    as_packet.mss = s.mss < 0 ? 0 : static_cast<std::uint16_t>(s.mss);
    as_packet.window = s.win;
    if (s.win_type == WindowType::literal) p.packet = &as_packet;

    Group& group = group_for(s.layout);
    TcpMatch ignored;
    if (const TcpSignatureRecord* covering = scan(group, p, true, ignored)) return covering->line;
    Compact c{};
    c.key_value = pack_key(s.mss, s.wscale, s.eol_pad, s.ip_opt_len, s.pay_class);
    c.key_mask = ~std::uint64_t{0};
    if (s.mss < 0) c.key_mask &= ~std::uint64_t{0x1FFFF};
    if (s.wscale < 0) c.key_mask &= ~(std::uint64_t{0x1FF} << 17);
    if (s.pay_class < 0) c.key_mask &= ~(std::uint64_t{3} << 42);
    c.key_value &= c.key_mask;
    const std::uint32_t q = s.quirks.bits();
    c.quirks_v4 = s.ip_version == 0 ? q & ~kV6OnlyQuirks : q;
    c.quirks_v6 = s.ip_version == 0 ? q & ~kV4OnlyQuirks : q;
    c.win = s.win;
    c.ttl = s.ttl;
    c.win_type = s.win_type;
    c.bad_ttl = s.bad_ttl;
    c.generic = record.generic;
    c.app = record.app;
    group.compact.push_back(c);
    group.records.push_back(std::move(record));
    ++size_;
    return std::nullopt;
}

TcpMatch TcpSignatureSet::match(const TcpSignatureInput& in) const {
    TcpMatch out;
    const Group* g = find_group(in.layout, layout_hash(in.layout));
    if (!g) {
        out.dist = guess_distance(in.ttl);
        return out;
    }
    Probe p;
    p.quirks = in.quirks.bits();
    p.ip_version = in.ip_version;
    p.ttl = in.ttl;
    p.key = pack_key(in.mss, in.wscale, in.eol_pad, in.ip_opt_len, in.payload ? 1 : 0);
    p.win = in.window;
    p.packet = &in;
    scan(*g, p, false, out);
    return out;
}

void TcpSignatureSet::for_each(const std::function<void(const TcpSignatureRecord&)>& fn) const {
    for (const auto& g : groups_)
        for (const auto& r : g.records) fn(r);
}

namespace {

char* put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
}

// Decimal digits; the numbers of a signature are nearly all below 1000.
char* put_uint(char* p, std::uint32_t v) {
    if (v < 10) {
        *p = static_cast<char>('0' + v);
        return p + 1;
    }
    if (v < 100) {
        p[0] = static_cast<char>('0' + v / 10);
        p[1] = static_cast<char>('0' + v % 10);
        return p + 2;
    }
    return std::to_chars(p, p + 10, v).ptr;
}

char* put_layout(char* p, const OptionLayout& layout, std::uint8_t eol_pad) {
    for (std::size_t i = 0; i < layout.count; ++i) {
        if (i) *p++ = ',';
        switch (const std::uint8_t kind = layout.kinds[i]) {
            case kOptEol: p = put_uint(put(p, "eol+"), eol_pad); break;
            case kOptNop: p = put(p, "nop"); break;
            case kOptMss: p = put(p, "mss"); break;
            case kOptWs: p = put(p, "ws"); break;
            case kOptSackOk: p = put(p, "sok"); break;
            case kOptSack: p = put(p, "sack"); break;
            case kOptTs: p = put(p, "ts"); break;
            default: *p++ = '?'; p = put_uint(p, kind); break;
        }
    }
    return p;
}

char* put_quirks(char* p, QuirkSet q) {
    bool first = true;
    for (std::uint32_t bits = q.bits(); bits != 0; bits &= bits - 1) {
        if (!first) *p++ = ',';
        first = false;
        p = put(p, quirk_token(static_cast<Quirk>(std::countr_zero(bits))));
    }
    return p;
}

// Upper bounds of the two texts, for writing them in place.
constexpr std::size_t kMaxTcpRawSig = 40 + kMaxTcpOptions * 8 + kQuirkCount * 8;
constexpr std::size_t kMaxTcpParams = 64;

char* write_tcp_raw_sig(char* p, const TcpSignatureInput& in) {
    p = put_uint(p, in.ip_version);
    *p++ = ':';
    p = put_uint(p, in.ttl);
    *p++ = '+';
    if (const std::uint8_t dist = guess_distance(in.ttl); dist > kMaxDist) *p++ = '?';
    else p = put_uint(p, dist);
    *p++ = ':';
    p = put_uint(p, in.ip_opt_len);
    *p++ = ':';
    // A SYN+ACK echoing p0f-sendsyn's MSS gets a wildcard, as p0f suggests.
    if (in.syn_ack && in.mss == kSendSynMss) *p++ = '*';
    else p = put_uint(p, in.mss);
    *p++ = ':';
    const WindowMultiple m = in.multiple_known ? in.multiple : detect_window_multiple(in);
    if (m.multiplier > 0) p = put_uint(put(p, m.mtu ? "mtu*" : "mss*"), static_cast<std::uint32_t>(m.multiplier));
    else p = put_uint(p, in.window);
    *p++ = ',';
    p = put_uint(p, in.wscale);
    *p++ = ':';
    p = put_layout(p, in.layout, in.eol_pad);
    *p++ = ':';
    p = put_quirks(p, in.quirks);
    return put(p, in.payload ? ":+" : ":0");
}

char* write_tcp_params(char* p, const TcpSignatureInput& in, const TcpMatch& m) {
    char* const start = p;
    auto add = [&p, start](std::string_view word) {
        if (p != start) *p++ = ' ';
        p = put(p, word);
    };
    if (m.record) {
        if (m.record->generic) add("generic");
        if (m.fuzzy) add("fuzzy");
        if (m.record->sig.bad_ttl) add("random_ttl");
    }
    if (m.dist > kMaxDist) add("excess_dist");
    if (in.tos) {
        static constexpr char kHex[] = "0123456789abcdef";
        const char tos[] = {'t', 'o', 's', ':', '0', 'x', kHex[in.tos >> 4], kHex[in.tos & 15]};
        add(std::string_view(tos, sizeof tos));
    }
    return p == start ? put(p, "none") : p;
}

}  // namespace

std::string format_tcp_raw_sig(const TcpSignatureInput& in) {
    std::string out;
    out.resize_and_overwrite(kMaxTcpRawSig, [&in](char* p, std::size_t) {
        return static_cast<std::size_t>(write_tcp_raw_sig(p, in) - p);
    });
    return out;
}

std::string format_tcp_params(const TcpSignatureInput& in, const TcpMatch& m) {
    std::string out;
    out.resize_and_overwrite(kMaxTcpParams, [&in, &m](char* p, std::size_t) {
        return static_cast<std::size_t>(write_tcp_params(p, in, m) - p);
    });
    return out;
}

}  // namespace whorl::fp::passive
