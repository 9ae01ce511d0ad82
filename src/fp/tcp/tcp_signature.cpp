// Parsing and printing of p0f v3 TCP signatures; the accepted forms and the range limits
// are those of p0f 3.09b's tcp_register_sig().
#include "fp/tcp/tcp_signature.hpp"

#include <array>
#include <utility>

#include "fp/common/text_cursor.hpp"

namespace whorl::fp::passive {

namespace {

using Err = unexpected<std::string>;

Err malformed() { return Err("malformed signature"); }

// A number followed by `sep`, within [lo, hi]; `what` names the field in the error.
expected<std::uint32_t, std::string> number_then(TextCursor& c, char sep, std::uint64_t lo,
                                                 std::uint64_t hi, const char* what) {
    std::uint64_t v = c.digits();
    if (!c.eat(sep)) return malformed();
    if (v < lo || v > hi) return Err(std::string("bogus ") + what);
    return static_cast<std::uint32_t>(v);
}

expected<void, std::string> parse_ttl(TextCursor& c, TcpSignature& s) {
    std::uint64_t ttl = c.digits();
    char next = c.peek();
    if (next != ':' && next != '+' && next != '-') return malformed();
    if (ttl < 1 || ttl > 255) return Err("bogus initial TTL");
    c.skip();
    if (next == '-') {
        if (!c.eat(':')) return malformed();
        s.bad_ttl = true;
    } else if (next == '+') {
        std::uint64_t add = c.digits();
        if (!c.eat(':')) return malformed();
        if (ttl + add > 255) return Err("bogus initial TTL");
        ttl += add;
    }
    s.ttl = static_cast<std::uint8_t>(ttl);
    return {};
}

expected<void, std::string> parse_window(TextCursor& c, TcpSignature& s) {
    const bool mtu_mult = c.rest().starts_with("mtu*");
    if (c.peek() == '*' && c.peek(1) == ',') {
        s.win_type = WindowType::any;
        s.win = 0;
        c.skip(2);
        return {};
    }
    std::uint64_t lo = 0, hi = 65535;
    const char* what = "window size";
    if (c.eat('%')) {
        s.win_type = WindowType::modulo;
        lo = 2;
        what = "'%' value";
    } else if (c.eat("mss*") || c.eat("mtu*")) {
        s.win_type = mtu_mult ? WindowType::mtu_mult : WindowType::mss_mult;
        lo = 1;
        hi = 1000;
        what = "MSS/MTU multiplier";
    } else {
        s.win_type = WindowType::literal;
    }
    auto v = number_then(c, ',', lo, hi, what);
    if (!v) return Err(v.error());
    s.win = static_cast<std::uint16_t>(*v);
    return {};
}

expected<void, std::string> parse_layout(TextCursor& c, TcpSignature& s) {
    static constexpr std::array<std::pair<std::string_view, std::uint8_t>, 6> kNamed = {{
        {"nop", kOptNop}, {"mss", kOptMss}, {"ws", kOptWs},
        {"sok", kOptSackOk}, {"sack", kOptSack}, {"ts", kOptTs},
    }};
    while (c.peek() != ':') {
        if (s.layout.count >= kMaxTcpOptions) return Err("too many TCP options");
        if (c.eat("eol")) {
            s.layout.push(kOptEol);
            if (!c.eat('+')) return Err("malformed EOL option");
            std::uint64_t pad = c.digits();
            if (c.at_end()) return Err("truncated options");
            if (c.peek() != ':') return Err("EOL must be the last option");
            if (pad > 255) return Err("bogus EOL padding");
            s.eol_pad = static_cast<std::uint8_t>(pad);
        } else if (c.eat('?')) {
            std::uint64_t kind = c.digits();
            if (c.peek() != ':' && c.peek() != ',') return Err("malformed '?' option");
            if (kind > 255) return Err("bogus '?' option");
            s.layout.push(static_cast<std::uint8_t>(kind));
        } else {
            bool found = false;
            for (auto [word, kind] : kNamed) {
                if (c.eat(word)) {
                    s.layout.push(kind);
                    found = true;
                    break;
                }
            }
            if (!found) return Err("unrecognized TCP option");
        }
        if (c.peek() == ':') break;
        if (!c.eat(',')) return Err("malformed TCP options");
    }
    c.skip();
    return {};
}

expected<void, std::string> parse_quirks(TextCursor& c, TcpSignature& s) {
    while (c.peek() != ':') {
        std::optional<Quirk> q;
        for (int i = 0; i < kQuirkCount && !q; ++i) {
            auto candidate = static_cast<Quirk>(i);
            if (c.eat(quirk_token(candidate))) q = candidate;
        }
        if (!q) return Err("unrecognized quirk");
        bool v4_only = *q == Quirk::df || *q == Quirk::id_nonzero || *q == Quirk::id_zero ||
                       *q == Quirk::mbz;
        if (v4_only && s.ip_version == 6)
            return Err("'" + std::string(quirk_token(*q)) + "' is not valid for IPv6");
        if (*q == Quirk::flow && s.ip_version == 4) return Err("'flow' is not valid for IPv4");
        s.quirks.set(*q);
        if (c.peek() == ':') break;
        if (!c.eat(',')) return Err("malformed quirks");
    }
    c.skip();
    return {};
}

}  // namespace

expected<TcpSignature, std::string> parse_tcp_signature(std::string_view text) {
    TcpSignature s;
    TextCursor c(text);
    switch (c.peek()) {
        case '4': s.ip_version = 4; break;
        case '6': s.ip_version = 6; break;
        case '*': s.ip_version = 0; break;
        default: return Err("unrecognized IP version");
    }
    c.skip();
    if (!c.eat(':')) return malformed();

    if (auto r = parse_ttl(c, s); !r) return Err(r.error());

    auto olen = number_then(c, ':', 0, 255, "IP option length");
    if (!olen) return Err(olen.error());
    s.ip_opt_len = static_cast<std::uint8_t>(*olen);

    if (c.peek() == '*' && c.peek(1) == ':') {
        s.mss = -1;
        c.skip(2);
    } else {
        auto mss = number_then(c, ':', 0, 65535, "MSS");
        if (!mss) return Err(mss.error());
        s.mss = static_cast<std::int32_t>(*mss);
    }

    if (auto r = parse_window(c, s); !r) return Err(r.error());

    if (c.peek() == '*' && c.peek(1) == ':') {
        s.wscale = -1;
        c.skip(2);
    } else {
        auto scale = number_then(c, ':', 0, 255, "window scale");
        if (!scale) return Err(scale.error());
        s.wscale = static_cast<std::int16_t>(*scale);
    }

    if (auto r = parse_layout(c, s); !r) return Err(r.error());
    if (auto r = parse_quirks(c, s); !r) return Err(r.error());

    std::string_view pclass = c.rest();
    if (pclass == "*") s.pay_class = -1;
    else if (pclass == "0") s.pay_class = 0;
    else if (pclass == "+") s.pay_class = 1;
    else return Err("malformed payload class");
    return s;
}

std::string format_tcp_signature(const TcpSignature& s) {
    std::string out = s.ip_version ? std::to_string(s.ip_version) : "*";
    out += ':' + std::to_string(s.ttl) + (s.bad_ttl ? "-" : "");
    out += ':' + std::to_string(s.ip_opt_len) + ':';
    out += s.mss < 0 ? "*" : std::to_string(s.mss);
    out += ':';
    switch (s.win_type) {
        case WindowType::literal: out += std::to_string(s.win); break;
        case WindowType::any: out += '*'; break;
        case WindowType::modulo: out += '%' + std::to_string(s.win); break;
        case WindowType::mss_mult: out += "mss*" + std::to_string(s.win); break;
        case WindowType::mtu_mult: out += "mtu*" + std::to_string(s.win); break;
    }
    out += ',';
    out += s.wscale < 0 ? "*" : std::to_string(s.wscale);
    out += ':' + format_layout(s.layout, s.eol_pad) + ':' + format_quirks(s.quirks) + ':';
    out += s.pay_class < 0 ? "*" : (s.pay_class ? "+" : "0");
    return out;
}

}  // namespace whorl::fp::passive
