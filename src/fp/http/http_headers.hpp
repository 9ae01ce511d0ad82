// The HTTP header block at the start of a TCP payload, parsed with p0f 3.09b's rules
// (fp_http.c process_http / parse_pairs): requests must start "GET /" or "HEAD /" and end
// their first line in "HTTP/1.x"; responses start "HTTP/1."; at most 32 headers, names of
// at most 32 [A-Za-z0-9_-] characters, values of at most 1024 bytes, and only the first
// 8192 bytes of a direction are looked at. Reads stay inside the given bytes.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "fp/http/http_matcher.hpp"

namespace whorl::fp::passive {

inline constexpr std::size_t kHttpMaxFlowData = 8192;  // p0f's MAX_FLOW_DATA
inline constexpr std::size_t kHttpMaxLine = 1024;      // HTTP_MAX_URL (first line)
inline constexpr std::size_t kHttpMaxHeaderName = 32;
inline constexpr std::size_t kHttpMaxHeaderValue = 1024;

enum class HttpParseStatus {
    complete,   // the blank line ending the headers was reached
    need_more,  // a valid prefix: call again with more bytes (fewer than 8192 so far)
    rejected,   // not HTTP, or beyond p0f's limits: p0f stops looking at this flow
};

struct HttpParseResult {
    HttpParseStatus status = HttpParseStatus::need_more;
    HttpMessage message;  // meaningful when complete
    // A rejection after an over-long header value: p0f 3.09b returns -1 there, which its
    // caller reads as "need more", so the connection is kept (for uptime) although HTTP
    // parsing has stopped.
    bool keeps_flow = false;
};

// `data` is the payload of one direction from its first byte, as far as it has arrived in
// order; bytes past 8192 are ignored (and 8192 bytes without the end is a rejection).
// One "Name: value" line of a header block at `pos`, read as p0f reads it (name of header
// characters, one optional blank after the colon, value to the newline without its '\r').
struct HttpHeaderLine {
    enum class Outcome { field, incomplete, rejected, overlong_value } outcome = Outcome::incomplete;
    HttpHeaderField field;  // when outcome is field
    std::size_t next = 0;   // the offset after the line's '\n'
};
HttpHeaderLine read_http_header_line(std::string_view pay, std::size_t pos);

HttpParseResult parse_http_request(std::span<const std::byte> data);
HttpParseResult parse_http_response(std::span<const std::byte> data);

}  // namespace whorl::fp::passive
