// HTTP signature matching and raw-signature printing with p0f 3.09b's rules (fp_http.c:
// http_find_match, dump_sig, dump_flags, fingerprint_http).
#include "fp/http/http_matcher.hpp"

#include <algorithm>

#include "fp/http/http_header_lists.hpp"
#include "fp/http/languages.hpp"

namespace whorl::fp::passive {

namespace {

// strstr() semantics: the haystack ends at its first NUL, as p0f's C strings do.
bool c_contains(std::string_view hay, std::string_view needle) {
    hay = hay.substr(0, hay.find('\0'));
    return hay.find(needle) != std::string_view::npos;
}

// What the walk compares: observed traffic, or another signature during the load-time
// duplicate check (whose optional headers are listed but do not count as present for the
// Bloom prefilter and the banned-header test).
struct WalkHeader {
    std::int32_t id;
    bool optional;
    const std::optional<std::string>* value;
};

bool has_required(const std::vector<WalkHeader>& hs, std::int32_t id) {
    return std::any_of(hs.begin(), hs.end(),
                       [id](const WalkHeader& h) { return h.id == id && !h.optional; });
}

// The ordered walk of http_find_match: every signature header must appear in order (an
// optional one may be missing, but then must not appear anywhere), with the value
// containing the signature's substring; then no banned header may be present.
bool headers_match(const HttpSignature& rs, const std::vector<WalkHeader>& ts) {
    std::size_t ti = 0;
    for (const HttpSigHeader& rh : rs.headers) {
        const auto id = static_cast<std::int32_t>(rh.id);
        std::size_t orig = ti;
        while (ti < ts.size() && ts[ti].id != id) ++ti;
        if (ti == ts.size()) {
            if (!rh.optional) return false;
            for (const auto& h : ts)
                if (h.id == id) return false;
            ti = orig;
            continue;
        }
        if (rh.value && (!*ts[ti].value || !c_contains(**ts[ti].value, *rh.value))) return false;
        ++ti;
    }
    for (std::uint32_t banned : rs.absent)
        if (has_required(ts, static_cast<std::int32_t>(banned))) return false;
    return true;
}

template <std::size_t N>
bool in_list(const std::array<std::string_view, N>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

// Up to 200 printable ASCII characters, stopping at the first one p0f refuses.
std::string cleaned(std::string_view v, bool stop_at_bar) {
    constexpr std::size_t kMaxShow = 200;  // p0f's HTTP_MAX_SHOW
    std::string out;
    for (char ch : v) {
        auto c = static_cast<unsigned char>(ch);
        if (out.size() >= kMaxShow || c < 0x20 || c >= 0x80 || c == ']' || (stop_at_bar && c == '|'))
            break;
        out += ch;
    }
    return out;
}

}  // namespace

HttpObservation resolve_http(const HttpMessage& msg, const HttpHeaderRegistry& registry,
                             Direction dir) {
    HttpObservation obs;
    obs.version = msg.version;
    obs.headers.reserve(msg.headers.size());
    for (const auto& f : msg.headers) {
        auto id = registry.find(f.name);
        std::int32_t sid = id ? static_cast<std::int32_t>(*id) : -1;
        if (id) obs.bloom |= header_bloom(*id);
        if (f.value && id) {
            if (*id == HttpHeaderRegistry::kVia || *id == HttpHeaderRegistry::kXForwardedFor)
                obs.via = true;
            else if (dir == Direction::request && *id == HttpHeaderRegistry::kUserAgent)
                obs.software = f.value;
            else if (dir == Direction::request && *id == HttpHeaderRegistry::kAcceptLanguage)
                obs.language = f.value;
            else if (dir == Direction::response && *id == HttpHeaderRegistry::kServer)
                obs.software = f.value;
        }
        obs.headers.push_back({sid, f.name, f.value});
    }
    return obs;
}

std::optional<std::uint32_t> HttpSignatureSet::add(HttpSignatureRecord record) {
    const HttpSignature& ts = record.sig;
    std::vector<WalkHeader> walk;
    for (const auto& h : ts.headers)
        walk.push_back({static_cast<std::int32_t>(h.id), h.optional, &h.value});
    for (const auto& ref : records_) {
        const HttpSignature& rs = ref.sig;
        if (rs.version != -1 && rs.version != ts.version) continue;
        bool required_present = std::all_of(rs.headers.begin(), rs.headers.end(),
            [&](const HttpSigHeader& h) {
                return h.optional || has_required(walk, static_cast<std::int32_t>(h.id));
            });
        if (!required_present || !headers_match(rs, walk)) continue;
        // A signature with more banned headers may precede one with fewer or other ones.
        if (rs.absent.size() > ts.absent.size()) continue;
        bool subset = std::all_of(rs.absent.begin(), rs.absent.end(), [&](std::uint32_t id) {
            return std::find(ts.absent.begin(), ts.absent.end(), id) != ts.absent.end();
        });
        if (subset && !ref.generic) return ref.line;
    }
    records_.push_back(std::move(record));
    return std::nullopt;
}

HttpMatch HttpSignatureSet::match(const HttpObservation& obs) const {
    std::vector<WalkHeader> walk;
    walk.reserve(obs.headers.size());
    for (const auto& h : obs.headers) walk.push_back({h.id, false, &h.value});
    const HttpSignatureRecord* specific = nullptr;
    const HttpSignatureRecord* generic = nullptr;
    for (const auto& ref : records_) {
        const HttpSignature& rs = ref.sig;
        if (rs.version != -1 && rs.version != obs.version) continue;
        if ((obs.bloom & rs.bloom) != rs.bloom) continue;  // a required header is missing
        if (!headers_match(rs, walk)) continue;
        if (!ref.generic) {
            specific = &ref;
            break;
        }
        if (!generic) generic = &ref;
    }
    HttpMatch m;
    m.record = specific ? specific : generic;
    if (m.record && m.record->sig.software && obs.software)
        m.dishonest = !c_contains(*obs.software, *m.record->sig.software);
    return m;
}

std::string format_http_raw_sig(const HttpObservation& obs, const HttpHeaderRegistry& registry,
                                Direction dir) {
    const bool req = dir == Direction::request;
    std::string out = std::to_string(obs.version) + ':';
    bool first = true;
    for (const auto& h : obs.headers) {
        if (!first) out += ',';
        first = false;
        if (h.id < 0) {
            out += h.name;
            if (h.value)
                if (auto v = cleaned(*h.value, false); !v.empty()) out += "=[" + v + ']';
            continue;
        }
        const std::string& name = registry.name(static_cast<std::uint32_t>(h.id));
        const bool optional = req ? in_list(kRequestOptional, name) : in_list(kResponseOptional, name);
        if (optional) out += '?';
        out += name;
        if (!h.value || optional) continue;
        if (req ? in_list(kRequestSkipValue, name) : in_list(kResponseSkipValue, name)) continue;
        if (auto v = cleaned(*h.value, true); !v.empty()) out += "=[" + v + ']';
    }
    out += ':';
    first = true;
    auto list_missing = [&](const auto& common) {
        for (std::string_view name : common) {
            bool present = std::any_of(obs.headers.begin(), obs.headers.end(),
                                       [&](const auto& h) { return h.id >= 0 && h.name == name; });
            if (present) continue;
            if (!first) out += ',';
            first = false;
            out += name;
        }
    };
    if (req) list_missing(kRequestCommon);
    else list_missing(kResponseCommon);
    out += ':';
    if (obs.software) out += cleaned(*obs.software, false);
    return out;
}

std::string format_http_params(const HttpObservation& obs, const HttpMatch& m) {
    std::string out;
    auto add = [&out](std::string_view w) {
        if (!out.empty()) out += ' ';
        out += w;
    };
    if (m.dishonest) add("dishonest");
    if (!obs.software) add("anonymous");
    if (m.generic()) add("generic");
    return out.empty() ? "none" : out;
}

std::optional<std::string_view> http_lang_field(const HttpObservation& obs) {
    if (!obs.language) return accept_language_field(std::nullopt);
    return accept_language_field(std::string_view(*obs.language));
}

}  // namespace whorl::fp::passive
