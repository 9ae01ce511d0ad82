// p0f v3 HTTP signatures (`ver:horder:habsent:expsw`) and the header-name registry they
// share with observed traffic. Header names are case-sensitive, as in p0f: "user-agent" is
// a different (unknown) header from "User-Agent".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/expected.hpp"

namespace whorl::fp::passive {

// Header names seen in p0f.fp plus the ones p0f pre-registers (User-Agent, Server,
// Accept-Language, Via, X-Forwarded-For, Date and the optional/common/skip-value lists).
class HttpHeaderRegistry {
public:
    static constexpr std::uint32_t kUserAgent = 0, kServer = 1, kAcceptLanguage = 2, kVia = 3,
                                   kXForwardedFor = 4, kDate = 5;

    HttpHeaderRegistry();

    std::uint32_t intern(std::string_view name);
    std::optional<std::uint32_t> find(std::string_view name) const;
    const std::string& name(std::uint32_t id) const { return names_[id]; }
    std::size_t size() const { return names_.size(); }

private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t> ids_;
};

// A 4-of-64-bit Bloom mask of a header id (a prefilter only; results never depend on it).
std::uint64_t header_bloom(std::uint32_t id);

struct HttpSigHeader {
    std::uint32_t id = 0;
    bool optional = false;              // "?Name"
    std::optional<std::string> value;   // "Name=[substring]"
};

struct HttpSignature {
    std::int8_t version = -1;           // -1 = "*", 0 = HTTP/1.0, 1 = HTTP/1.1
    std::vector<HttpSigHeader> headers; // horder
    std::vector<std::uint32_t> absent;  // habsent
    std::optional<std::string> software;// expsw
    std::uint64_t bloom = 0;            // of the non-optional headers
};

inline constexpr std::size_t kHttpMaxHeaders = 32;  // p0f's HTTP_MAX_HDRS

// Parses the value of an HTTP `sig =` line, registering header names in `registry`.
expected<HttpSignature, std::string> parse_http_signature(std::string_view text,
                                                          HttpHeaderRegistry& registry);

}  // namespace whorl::fp::passive
