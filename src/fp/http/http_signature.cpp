// HTTP signature parsing with p0f 3.09b's rules (fp_http.c: http_register_sig) and the
// header registry p0f seeds in http_init().
#include "fp/http/http_signature.hpp"

#include <array>

#include "fp/common/text_cursor.hpp"
#include "fp/http/http_header_lists.hpp"

namespace whorl::fp::passive {

HttpHeaderRegistry::HttpHeaderRegistry() {
    for (std::string_view n : {"User-Agent", "Server", "Accept-Language", "Via", "X-Forwarded-For",
                               "Date"})
        intern(n);
    auto add = [this](const auto& list) {
        for (std::string_view n : list) intern(n);
    };
    add(kRequestOptional);
    add(kResponseOptional);
    add(kRequestSkipValue);
    add(kResponseSkipValue);
    add(kRequestCommon);
    add(kResponseCommon);
}

std::uint32_t HttpHeaderRegistry::intern(std::string_view name) {
    if (auto id = find(name)) return *id;
    auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return id;
}

std::optional<std::uint32_t> HttpHeaderRegistry::find(std::string_view name) const {
    auto it = ids_.find(std::string(name));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
}

std::uint64_t header_bloom(std::uint32_t id) {
    std::uint64_t h = id * 0x9E3779B97F4A7C15ull;  // Fibonacci hashing, then 4 6-bit slices
    h ^= h >> 29;
    std::uint64_t mask = 0;
    for (int i = 0; i < 4; ++i) mask |= 1ull << ((h >> (i * 8)) & 63);
    return mask;
}

namespace {

using Err = unexpected<std::string>;

// "Name", "?Name" (when allow_optional), "Name=[value]" (when allow_value), then ',' or ':'.
expected<void, std::string> parse_header_list(TextCursor& c, HttpHeaderRegistry& reg,
                                              HttpSignature& sig, bool horder) {
    while (c.peek() != ':') {
        std::size_t count = horder ? sig.headers.size() : sig.absent.size();
        if (count >= kHttpMaxHeaders) return Err("too many headers listed");
        bool optional = horder && c.eat('?');
        std::string_view name = c.take_while(is_header_char);
        if (name.empty()) return Err("malformed header name");
        std::uint32_t id = reg.intern(name);
        if (!horder) {
            sig.absent.push_back(id);
        } else {
            HttpSigHeader h{id, optional, std::nullopt};
            if (c.eat('=')) {
                if (!c.eat('[')) return Err("missing '[' after '='");
                std::string_view value = c.take_while([](char ch) { return ch != ']'; });
                if (value.empty() || !c.eat(']')) return Err("malformed signature");
                h.value = std::string(value);
            }
            if (!optional) sig.bloom |= header_bloom(id);
            sig.headers.push_back(std::move(h));
        }
        if (c.eat(',')) continue;
        if (c.peek() != ':') return Err("malformed signature");
    }
    c.skip();
    return {};
}

}  // namespace

expected<HttpSignature, std::string> parse_http_signature(std::string_view text,
                                                          HttpHeaderRegistry& registry) {
    HttpSignature sig;
    TextCursor c(text);
    if (c.peek(1) != ':') return Err("malformed signature");
    switch (c.peek()) {
        case '0': sig.version = 0; break;
        case '1': sig.version = 1; break;
        case '*': sig.version = -1; break;
        default: return Err("bad HTTP version");
    }
    c.skip(2);
    if (auto r = parse_header_list(c, registry, sig, true); !r) return Err(r.error());
    if (auto r = parse_header_list(c, registry, sig, false); !r) return Err(r.error());
    std::string_view sw = c.rest();
    if (!sw.empty()) {
        if (sw.find(':') != std::string_view::npos) return Err("malformed signature");
        sig.software = std::string(sw);
    }
    return sig;
}

}  // namespace whorl::fp::passive
