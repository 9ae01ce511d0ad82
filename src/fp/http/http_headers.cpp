// HTTP request/response header parsing with p0f 3.09b's acceptance rules; see
// http_headers.hpp. Every index is checked against the span's size before use.
#include "fp/http/http_headers.hpp"

#include <string_view>

#include "fp/common/text_cursor.hpp"

namespace whorl::fp::passive {

namespace {

struct Parser {
    std::string_view pay;  // at most 8192 bytes
    bool final;            // no more data can come (8192 bytes reached)

    HttpParseResult result(HttpParseStatus s) const {
        HttpParseResult r;
        r.status = s;
        return r;
    }
    HttpParseResult incomplete() const {
        return result(final ? HttpParseStatus::rejected : HttpParseStatus::need_more);
    }
    unsigned char at(std::size_t i) const { return static_cast<unsigned char>(pay[i]); }

    // The end of the first line (index of '\n'), checking its characters; nullopt with
    // `out` set when the line is bad or incomplete.
    std::optional<std::size_t> first_line(std::size_t min_len, HttpParseResult& out) const {
        std::size_t off = 0;
        while (off < pay.size() && off < kHttpMaxLine && at(off) != '\n') {
            unsigned char c = at(off);
            if (c != '\r' && (c < 0x20 || c > 0x7f)) {
                out = result(HttpParseStatus::rejected);
                return std::nullopt;
            }
            ++off;
        }
        if (off == kHttpMaxLine || off < min_len) {
            out = result(HttpParseStatus::rejected);
            return std::nullopt;
        }
        if (off == pay.size()) {
            out = incomplete();
            return std::nullopt;
        }
        return off;
    }

    // "Name: value" lines from `pos` to the blank line.
    HttpParseResult headers(std::size_t pos, std::uint8_t version) const {
        HttpParseResult r;
        r.message.version = version;
        auto& hs = r.message.headers;
        while (pos < pay.size()) {
            if (at(pos) == '\r' || at(pos) == '\n') {
                r.status = HttpParseStatus::complete;
                return r;
            }
            if (hs.size() >= kHttpMaxHeaders) return result(HttpParseStatus::rejected);
            HttpHeaderLine line = read_http_header_line(pay, pos);
            switch (line.outcome) {
                case HttpHeaderLine::Outcome::incomplete: return incomplete();
                case HttpHeaderLine::Outcome::rejected: return result(HttpParseStatus::rejected);
                case HttpHeaderLine::Outcome::overlong_value: {
                    HttpParseResult overlong = result(HttpParseStatus::rejected);
                    overlong.keeps_flow = true;
                    return overlong;
                }
                case HttpHeaderLine::Outcome::field: break;
            }
            hs.push_back(std::move(line.field));
            pos = line.next;
        }
        return incomplete();
    }
};

Parser make_parser(std::span<const std::byte> data) {
    const std::size_t n = data.size() < kHttpMaxFlowData ? data.size() : kHttpMaxFlowData;
    return Parser{std::string_view(reinterpret_cast<const char*>(data.data()), n),
                  data.size() >= kHttpMaxFlowData};
}

}  // namespace

HttpHeaderLine read_http_header_line(std::string_view pay, std::size_t pos) {
    using Outcome = HttpHeaderLine::Outcome;
    HttpHeaderLine line;
    std::size_t off = pos, nlen = 0;
    while (off < pay.size() && is_header_char(pay[off]) && nlen <= kHttpMaxHeaderName) {
        ++off;
        ++nlen;
    }
    if (off == pay.size()) return line;
    if (nlen == 0 || pay[off] != ':' || nlen > kHttpMaxHeaderName) {
        line.outcome = Outcome::rejected;
        return line;
    }
    ++off;
    if (off < pay.size() && is_blank(pay[off])) ++off;
    const std::size_t vstart = off;
    std::size_t vlen = 0;
    while (off < pay.size() && vlen <= kHttpMaxHeaderValue && pay[off] != '\n') {
        ++off;
        ++vlen;
    }
    if (vlen > kHttpMaxHeaderValue) {
        line.outcome = Outcome::overlong_value;
        return line;
    }
    if (off == pay.size()) return line;
    if (vlen > 0 && pay[off - 1] == '\r') --vlen;
    line.outcome = Outcome::field;
    line.field = HttpHeaderField{std::string(pay.substr(pos, nlen)), std::nullopt};
    if (vlen) line.field.value = std::string(pay.substr(vstart, vlen));
    line.next = off + 1;
    return line;
}

HttpParseResult parse_http_request(std::span<const std::byte> data) {
    const Parser p = make_parser(data);
    if (p.pay.size() < 15) return p.incomplete();
    if (!p.pay.starts_with("GET /") && !p.pay.starts_with("HEAD /"))
        return p.result(HttpParseStatus::rejected);
    HttpParseResult out;
    auto eol = p.first_line(14, out);
    if (!eol) return out;
    // "HTTP/1.x" ends the line, before an optional '\r'.
    std::size_t sig_at = *eol - 8;
    if (p.pay[*eol - 1] == '\r') --sig_at;
    if (p.pay.substr(sig_at, 7) != "HTTP/1.") return p.result(HttpParseStatus::rejected);
    return p.headers(*eol + 1, p.pay[sig_at + 7] == '1' ? 1 : 0);
}

HttpParseResult parse_http_response(std::span<const std::byte> data) {
    const Parser p = make_parser(data);
    if (p.pay.size() < 13) return p.incomplete();
    HttpParseResult out;
    auto eol = p.first_line(13, out);
    if (!eol) return out;
    if (!p.pay.starts_with("HTTP/1.")) return p.result(HttpParseStatus::rejected);
    return p.headers(*eol + 1, p.pay[7] == '1' ? 1 : 0);
}

}  // namespace whorl::fp::passive
