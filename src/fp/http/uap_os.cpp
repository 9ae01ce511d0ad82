// uap-core's OS parsers; see uap_os.hpp.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "fp/http/uap_os.hpp"

#include <pcre2.h>

#include <fmt/format.h>

#include "base/line_cursor.hpp"
#include "base/text.hpp"

namespace whorl::fp::passive {

struct UapOsParsers::Entry {
    pcre2_code* code = nullptr;
    pcre2_match_data* match = nullptr;
    std::optional<std::string> family, v1, v2, v3, v4;
    ~Entry() {
        if (match) pcre2_match_data_free(match);
        if (code) pcre2_code_free(code);
    }
};

namespace {

// A YAML scalar as regexes.yaml writes them; nullopt for a broken quote.
std::optional<std::string> scalar(std::string_view v) {
    v = trim(v);
    if (v.empty()) return std::string();
    if (v.front() == '\'') {
        if (v.size() < 2 || v.back() != '\'') return std::nullopt;
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            out += v[i];
            if (v[i] == '\'') {
                if (i + 2 >= v.size() || v[i + 1] != '\'') return std::nullopt;
                ++i;  // '' is one quote
            }
        }
        return out;
    }
    if (v.front() == '"') {
        if (v.size() < 2 || v.back() != '"') return std::nullopt;
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) {
                ++i;
                out += v[i] == 'n' ? '\n' : v[i] == 't' ? '\t' : v[i];
                continue;
            }
            out += v[i];
        }
        return out;
    }
    return std::string(v);
}

// "$1 $2" with the match's groups (an unmatched group is empty).
std::string substitute(const std::string& pattern, std::string_view ua, const PCRE2_SIZE* ov, int groups) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
            int g = pattern[i + 1] - '0';
            if (g < groups && ov[2 * g] != PCRE2_UNSET) out += ua.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
            ++i;
            continue;
        }
        out += pattern[i];
    }
    return std::string(trim(out));
}

}  // namespace

OsFamily uap_os_family(std::string_view f) {
    auto is = [&](std::initializer_list<std::string_view> names) {
        for (std::string_view n : names)
            if (f == n) return true;
        return false;
    };
    if (f.starts_with("Windows")) return OsFamily::windows;
    if (is({"Mac OS X", "Mac OS", "macOS"})) return OsFamily::macos;
    if (is({"iOS", "iPadOS", "WatchOS", "tvOS", "ATV OS X"})) return OsFamily::ios;
    if (is({"Android", "Fire OS"})) return OsFamily::android;
    if (is({"Chrome OS", "Chromecast"})) return OsFamily::chromeos;
    if (is({"Linux", "Ubuntu", "Kubuntu", "Debian", "Fedora", "Red Hat", "CentOS", "Mint", "Gentoo", "Slackware",
            "SUSE", "openSUSE", "Mandriva", "Arch Linux", "Tizen", "webOS", "KaiOS", "Sailfish", "MeeGo", "Maemo"}))
        return OsFamily::linux;
    if (is({"FreeBSD", "OpenBSD", "NetBSD", "DragonFly BSD"})) return OsFamily::bsd;
    if (is({"Solaris", "SunOS"})) return OsFamily::solaris;
    return OsFamily::unknown;
}

UapOsParsers::UapOsParsers() = default;
UapOsParsers::UapOsParsers(UapOsParsers&&) noexcept = default;
UapOsParsers& UapOsParsers::operator=(UapOsParsers&&) noexcept = default;
UapOsParsers::~UapOsParsers() = default;

std::size_t UapOsParsers::size() const { return entries_.size(); }

Result<UapOsParsers> UapOsParsers::load(const std::string& path) {
    auto text = read_file(path);
    if (!text) return unexpected(text.error());
    return parse(*text, path);
}

Result<UapOsParsers> UapOsParsers::parse(std::string_view yaml, const std::string& name) {
    UapOsParsers out;
    struct Pending {
        std::string regex, flag;
        std::optional<std::string> family, v1, v2, v3, v4;
        std::size_t line = 0;
    };
    std::optional<Pending> item;
    auto finish = [&]() -> Result<void> {
        if (!item) return {};
        auto where = fmt::format("{}:{}", name, item->line);
        if (item->regex.empty()) return fail(Errc::parse, "an os_parsers entry without a regex", where);
        int err = 0;
        PCRE2_SIZE at = 0;
        std::uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (item->flag == "i" ? PCRE2_CASELESS : 0u);
        pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(item->regex.data()), item->regex.size(), options,
                                         &err, &at, nullptr);
        if (!code) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(err, msg, sizeof msg);
            return fail(Errc::parse, fmt::format("regex does not compile at offset {}: {}", at, reinterpret_cast<char*>(msg)),
                        where);
        }
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // without JIT it still matches, slower
        auto e = std::make_unique<Entry>();
        e->code = code;
        e->match = pcre2_match_data_create_from_pattern(code, nullptr);
        e->family = std::move(item->family);
        e->v1 = std::move(item->v1);
        e->v2 = std::move(item->v2);
        e->v3 = std::move(item->v3);
        e->v4 = std::move(item->v4);
        out.entries_.push_back(std::move(e));
        item.reset();
        return {};
    };
    bool in_os = false;
    LineCursor lines(yaml);
    while (auto numbered = lines.next()) {
        const std::string_view line = numbered->text;
        const std::size_t line_no = numbered->number;
        std::string_view t = trim(line);
        if (t.empty() || t.front() == '#') continue;
        if (line.front() != ' ' && line.front() != '-') {  // a top-level key
            if (auto r = finish(); !r) return unexpected(r.error());
            in_os = trim(line) == "os_parsers:";
            continue;
        }
        if (!in_os) continue;
        if (t.starts_with("- ")) {
            if (auto r = finish(); !r) return unexpected(r.error());
            item = Pending{};
            item->line = line_no;
            t = trim(t.substr(2));
        }
        if (!item) return fail(Errc::parse, "a value outside an os_parsers entry", fmt::format("{}:{}", name, line_no));
        std::size_t colon = t.find(':');
        if (colon == std::string_view::npos)
            return fail(Errc::parse, "expected key: value", fmt::format("{}:{}", name, line_no));
        std::string_view key = t.substr(0, colon);
        auto value = scalar(t.substr(colon + 1));
        if (!value) return fail(Errc::parse, "unterminated quoted value", fmt::format("{}:{}", name, line_no));
        if (key == "regex") item->regex = *value;
        else if (key == "regex_flag") item->flag = *value;
        else if (key == "os_replacement") item->family = *value;
        else if (key == "os_v1_replacement") item->v1 = *value;
        else if (key == "os_v2_replacement") item->v2 = *value;
        else if (key == "os_v3_replacement") item->v3 = *value;
        else if (key == "os_v4_replacement") item->v4 = *value;
    }
    if (auto r = finish(); !r) return unexpected(r.error());
    if (out.entries_.empty()) return fail(Errc::parse, "no os_parsers entries", name);
    return out;
}

std::optional<UapOs> UapOsParsers::parse_user_agent(std::string_view ua) const {
    for (const auto& e : entries_) {
        int n = pcre2_match(e->code, reinterpret_cast<PCRE2_SPTR>(ua.data()), ua.size(), 0, 0, e->match, nullptr);
        if (n <= 0) continue;
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(e->match);
        auto group = [&](int g) -> std::string {
            if (g >= n || ov[2 * g] == PCRE2_UNSET) return {};
            return std::string(ua.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]));
        };
        auto part = [&](const std::optional<std::string>& replacement, int g) {
            return replacement ? substitute(*replacement, ua, ov, n) : group(g);
        };
        UapOs os{part(e->family, 1), part(e->v1, 2), part(e->v2, 3), part(e->v3, 4), part(e->v4, 5)};
        if (os.family.empty()) return std::nullopt;
        return os;
    }
    return std::nullopt;
}

}  // namespace whorl::fp::passive
