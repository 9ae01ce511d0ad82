// P0fResponseParser: HTTP response headers read the way p0f 3.09b actually reads them when
// they arrive in more than one segment, for --p0f-exact. p0f's process_http never sets its
// "got the status line" flag, so every call after the first scans one more line as if it
// were the status line: the header that was incomplete at the end of the previous segment
// is dropped. (whorl otherwise parses the whole in-order payload with parse_http_response,
// which is what p0f meant to do.) State persists between calls, as in p0f's packet_flow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fp/http/http_headers.hpp"

namespace whorl::fp::passive {

class P0fResponseParser {
public:
    // `data`: the response payload so far (at most 8192 bytes); `more`: whether more can
    // still be appended (fewer than 8192 bytes so far).
    HttpParseResult feed(std::string_view data, bool more);

private:
    HttpParseResult pairs(std::string_view data, bool more);

    std::size_t pos_ = 0;  // p0f's http_pos
    HttpMessage message_;  // headers recorded so far (p0f's http_tmp)
};

}  // namespace whorl::fp::passive
