// p0f 3.09b's incremental response parsing, status-line bug included; see
// p0f_response_parser.hpp. Limits and character rules as in http_headers.cpp.
#include "fp/http/p0f_response_parser.hpp"

#include "fp/common/text_cursor.hpp"

namespace whorl::fp::passive {

namespace {

HttpParseResult status(HttpParseStatus s, bool keeps_flow = false) {
    HttpParseResult r;
    r.status = s;
    r.keeps_flow = keeps_flow;
    return r;
}

HttpParseResult incomplete(bool more) {
    return status(more ? HttpParseStatus::need_more : HttpParseStatus::rejected);
}

}  // namespace

HttpParseResult P0fResponseParser::feed(std::string_view pay, bool more) {
    if (pay.size() < 13) return incomplete(more);
    // The "status line", from wherever the previous call stopped.
    std::size_t off = pos_;
    while (off < pay.size() && off < kHttpMaxLine && pay[off] != '\n') {
        const auto c = static_cast<unsigned char>(pay[off]);
        if (c != '\r' && (c < 0x20 || c > 0x7f)) return status(HttpParseStatus::rejected);
        ++off;
    }
    if (off == kHttpMaxLine || off < 13) return status(HttpParseStatus::rejected);
    if (off == pay.size()) {
        pos_ = off;
        return incomplete(more);
    }
    if (!pay.starts_with("HTTP/1.")) return status(HttpParseStatus::rejected);
    message_.version = pay[7] == '1' ? 1 : 0;
    pos_ = off + 1;
    return pairs(pay, more);
}

// p0f's parse_pairs: complete "Name: value" lines are recorded and consumed; an incomplete
// one is left for the next call.
HttpParseResult P0fResponseParser::pairs(std::string_view pay, bool more) {
    while (pos_ < pay.size()) {
        if (pay[pos_] == '\r' || pay[pos_] == '\n') {
            HttpParseResult r = status(HttpParseStatus::complete);
            r.message = message_;
            return r;
        }
        if (message_.headers.size() >= kHttpMaxHeaders) return status(HttpParseStatus::rejected);
        HttpHeaderLine line = read_http_header_line(pay, pos_);
        switch (line.outcome) {
            case HttpHeaderLine::Outcome::incomplete: return incomplete(more);
            case HttpHeaderLine::Outcome::rejected: return status(HttpParseStatus::rejected);
            case HttpHeaderLine::Outcome::overlong_value: return status(HttpParseStatus::rejected, true);
            case HttpHeaderLine::Outcome::field: break;
        }
        message_.headers.push_back(std::move(line.field));
        pos_ = line.next;
    }
    return incomplete(more);
}

}  // namespace whorl::fp::passive
