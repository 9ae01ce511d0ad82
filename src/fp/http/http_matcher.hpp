// p0f v3 HTTP fingerprinting over a parsed header list: resolving header names against the
// database's registry, signature matching (p0f 3.09b http_find_match: in-order walk,
// optional and absent headers, value substrings, specific > generic, `dishonest`), and the
// raw_sig / params / lang fields exactly as p0f prints them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fp/common/direction.hpp"
#include "fp/http/http_signature.hpp"

namespace whorl::fp::passive {

// One header line as sent: the name as written, the value after ": " (nullopt when empty).
struct HttpHeaderField {
    std::string name;
    std::optional<std::string> value;
};

// A request's or response's header block.
struct HttpMessage {
    std::uint8_t version = 1;  // 1 for "HTTP/1.1", 0 for any other "HTTP/1.x"
    std::vector<HttpHeaderField> headers;
};

// A message with header names resolved to registry ids (-1 for names p0f.fp never uses).
struct HttpObservation {
    struct Header {
        std::int32_t id = -1;
        std::string name;
        std::optional<std::string> value;
    };
    std::uint8_t version = 1;
    std::vector<Header> headers;
    std::uint64_t bloom = 0;
    std::optional<std::string> software;  // User-Agent (request) / Server (response)
    std::optional<std::string> language;  // Accept-Language (request only)
    bool via = false;                     // Via or X-Forwarded-For with a value
};

HttpObservation resolve_http(const HttpMessage& msg, const HttpHeaderRegistry& registry,
                             Direction dir);

struct HttpSignatureRecord {
    HttpSignature sig;
    std::uint32_t label = 0;  // index into P0fDatabase::labels()
    std::uint32_t line = 0;
    bool generic = false;
    bool app = false;
};

struct HttpMatch {
    const HttpSignatureRecord* record = nullptr;
    bool dishonest = false;  // software string does not contain the signature's expsw
    bool generic() const { return record && record->generic; }
};

class HttpSignatureSet {
public:
    // Adds a signature in file order unless an earlier specific one covers it (p0f's
    // duplicate check); then returns the covering line.
    std::optional<std::uint32_t> add(HttpSignatureRecord record);

    HttpMatch match(const HttpObservation& obs) const;

    std::size_t size() const { return records_.size(); }
    const std::vector<HttpSignatureRecord>& records() const { return records_; }

private:
    std::vector<HttpSignatureRecord> records_;
};

// p0f's raw_sig, e.g. "1:Host,User-Agent,Accept=[*/*]:Connection,...:curl/7.88.1".
std::string format_http_raw_sig(const HttpObservation& obs, const HttpHeaderRegistry& registry,
                                Direction dir);

// "dishonest anonymous generic" subset, or "none".
std::string format_http_params(const HttpObservation& obs, const HttpMatch& m);

// The `lang` field: "none", a language name, or nullopt for "???".
std::optional<std::string_view> http_lang_field(const HttpObservation& obs);

}  // namespace whorl::fp::passive
