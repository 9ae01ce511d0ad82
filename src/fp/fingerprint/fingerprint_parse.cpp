// Reading fingerprint text: the wrapped and unwrapped forms, the SCAN line's fields, and
// finding a fingerprint inside nmap's normal or XML output. Input is untrusted text: every
// failure is an Error naming the line, nothing throws.
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "fp/fingerprint/fingerprint.hpp"

namespace whorl::fp {
namespace {

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// A value may hold any printable character but the separators.
bool is_value_char(char c) { return c > ' ' && c < 0x7f && c != '%' && c != '(' && c != ')'; }

bool valid_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_name_char(c)) return false;
    return true;
}

// The joined text of all lines plus, for error messages, where each line starts in it.
struct Joined {
    std::string text;
    std::vector<std::pair<std::size_t, int>> line_starts;  // (offset in text, line number)

    int line_at(std::size_t offset) const {
        int line = line_starts.empty() ? 1 : line_starts.front().second;
        for (const auto& [off, ln] : line_starts)
            if (off <= offset) line = ln;
        return line;
    }
};

// Strips the "OS:" prefixes (wrapped form) or keeps whole lines (unwrapped form) and joins
// them. A document mixing both forms is rejected.
Result<Joined> join_lines(std::string_view text) {
    Joined j;
    int line_no = 0;
    int wrapped = -1;  // unknown until the first non-empty line
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
        ++line_no;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.remove_suffix(1);
        if (line.empty()) continue;
        bool os = line.starts_with("OS:");
        if (wrapped < 0) wrapped = os ? 1 : 0;
        if (os != (wrapped == 1))
            return fail(Errc::parse, "mixes wrapped (OS:) and unwrapped fingerprint lines",
                        fmt::format("line {}", line_no));
        if (os) line.remove_prefix(3);
        j.line_starts.emplace_back(j.text.size(), line_no);
        j.text.append(line);
    }
    return j;
}

// NAME(a=b%c=d): reads one test starting at `pos` and moves `pos` past it.
Result<Test> read_test(const Joined& j, std::size_t& pos) {
    const std::string& s = j.text;
    auto where = [&](std::size_t at) { return fmt::format("line {}", j.line_at(at)); };
    std::size_t open = s.find('(', pos);
    if (open == std::string::npos || !valid_name(std::string_view(s).substr(pos, open - pos)))
        return fail(Errc::parse, "expected a test such as T1(R=Y%...)", where(pos));
    std::size_t close = s.find(')', open);
    if (close == std::string::npos)
        return fail(Errc::parse, fmt::format("test {} has no closing ')'", s.substr(pos, open - pos)),
                    where(pos));
    Test t;
    t.name = s.substr(pos, open - pos);
    std::string_view body = std::string_view(s).substr(open + 1, close - open - 1);
    std::size_t b = 0;
    while (!body.empty() && b <= body.size()) {
        std::size_t end = body.find('%', b);
        if (end == std::string_view::npos) end = body.size();
        std::string_view item = body.substr(b, end - b);
        std::size_t eq = item.find('=');
        std::string_view name = item.substr(0, eq);
        if (eq == std::string_view::npos || !valid_name(name))
            return fail(Errc::parse, fmt::format("malformed attribute '{}' in test {}", item, t.name),
                        where(open + 1 + b));
        std::string_view value = item.substr(eq + 1);
        for (char c : value)
            if (!is_value_char(c))
                return fail(Errc::parse, fmt::format("bad character in {}.{}", t.name, name),
                            where(open + 1 + b));
        if (t.find(name))
            return fail(Errc::parse, fmt::format("attribute {} repeated in test {}", name, t.name),
                        where(open + 1 + b));
        t.attrs.push_back(Attribute{std::string(name), std::string(value)});
        b = end + 1;
    }
    pos = close + 1;
    return t;
}

// Decimal as "%d" prints it: no sign unless allowed, no leading zeros.
std::optional<long> canonical_decimal(std::string_view s, bool allow_negative, long max) {
    bool neg = allow_negative && s.starts_with('-');
    std::string_view digits = neg ? s.substr(1) : s;
    if (digits.empty() || digits.size() > 9 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
    long v = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    if (v > max || (neg && v == 0)) return std::nullopt;
    return neg ? -v : v;
}

// Upper-case hex as "%X" prints it.
std::optional<std::uint64_t> canonical_hex(std::string_view s) {
    if (s.empty() || s.size() > 16 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return std::nullopt;
    std::uint64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v, 16);
    return v;
}

constexpr std::array<std::string_view, 13> kScanFields{"V",  "E", "D", "OT", "CT", "CU", "PV",
                                                       "DS", "DC", "G", "M",  "TM", "P"};

// Applies one SCAN attribute; false if its value is not what Nmap would print.
bool apply_scan_field(ScanLine& s, std::string_view name, std::string_view v) {
    auto port = [&](std::optional<int>& out) {
        if (v.empty()) return out.reset(), true;
        auto p = canonical_decimal(v, false, 65535);
        if (p) out = static_cast<int>(*p);
        return p.has_value();
    };
    auto yes_no = [&](bool& out) {
        out = v == "Y";
        return v == "Y" || v == "N";
    };
    if (name == "V") return s.version = v, true;
    if (name == "P") return s.platform = v, true;
    if (name == "E") {
        auto e = canonical_decimal(v, false, 99);
        return e && (s.engine = static_cast<int>(*e), true);
    }
    if (name == "D") {
        auto slash = v.find('/');
        if (slash == std::string_view::npos) return false;
        auto m = canonical_decimal(v.substr(0, slash), false, 12);
        auto d = canonical_decimal(v.substr(slash + 1), false, 31);
        if (!m || !d) return false;
        s.month = static_cast<int>(*m);
        s.day = static_cast<int>(*d);
        return true;
    }
    if (name == "OT") return port(s.open_tcp_port);
    if (name == "CT") return port(s.closed_tcp_port);
    if (name == "CU") return port(s.closed_udp_port);
    if (name == "PV") return yes_no(s.private_address);
    if (name == "G") return yes_no(s.good);
    if (name == "DS") {
        auto d = canonical_decimal(v, true, 255);
        return d && (s.distance = static_cast<int>(*d), true);
    }
    if (name == "DC") return v.size() == 1 && (s.distance_method = v[0], true);
    if (name == "M") {
        if (v.size() != 6) return false;
        for (char c : v)
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
        return s.mac_prefix = std::string(v), true;
    }
    if (name == "TM") {
        auto t = canonical_hex(v);
        return t && (s.time = *t, true);
    }
    return false;
}

}  // namespace

Result<ScanLine> ScanLine::from_test(const Test& test) {
    ScanLine s;
    std::size_t next = 0;  // index in kScanFields the next attribute may start at
    std::array<bool, kScanFields.size()> seen{};
    for (const auto& a : test.attrs) {
        std::size_t i = next;
        while (i < kScanFields.size() && kScanFields[i] != a.name) ++i;
        if (i == kScanFields.size())
            return fail(Errc::parse, fmt::format("SCAN attribute {} is unknown or out of order", a.name));
        if (!apply_scan_field(s, a.name, a.value))
            return fail(Errc::parse, fmt::format("SCAN attribute {}={} is malformed", a.name, a.value));
        seen[i] = true;
        next = i + 1;
    }
    s.distance = seen[7] ? s.distance : std::nullopt;
    for (std::size_t i = 0; i < kScanFields.size(); ++i) {
        bool optional = kScanFields[i] == "DS" || kScanFields[i] == "DC" || kScanFields[i] == "M";
        if (!seen[i] && !optional)
            return fail(Errc::parse, fmt::format("SCAN attribute {} is missing", kScanFields[i]));
    }
    return s;
}

namespace {

// The wrapped IPv6 print's hex ("XX{32}", "00{122}") back to one pair per byte; a packet
// is at most 65,535 bytes past its fixed header, so more is refused rather than built.
Result<std::string> run_length_decoded(std::string_view v) {
    constexpr std::size_t kMaxHex = 2 * (65535 + 40);
    std::string out;
    std::size_t i = 0;
    while (i < v.size()) {
        if (v[i] == '{') {
            std::size_t close = v.find('}', i);
            auto n = close == std::string_view::npos ? std::nullopt : canonical_decimal(v.substr(i + 1, close - i - 1), false, 65535);
            if (!n || out.size() < 2 || *n < 3) return fail(Errc::parse, fmt::format("bad repeat at {}", i));
            std::string pair = out.substr(out.size() - 2);
            const auto more = static_cast<std::size_t>(*n - 1);
            if (out.size() + 2 * more > kMaxHex) return fail(Errc::parse, "longer than any packet");
            for (std::size_t k = 0; k < more; ++k) out += pair;
            i = close + 1;
            continue;
        }
        bool hex = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f') || v[i] == 'X';
        if (!hex) return fail(Errc::parse, fmt::format("'{}' at {}", v[i], i));
        if (out.size() >= kMaxHex) return fail(Errc::parse, "longer than any packet");
        out += v[i++];
    }
    if (out.size() % 2) return fail(Errc::parse, "an odd number of hex digits");
    return out;
}

}  // namespace

Result<Fingerprint> Fingerprint::parse(std::string_view text) {
    auto joined = join_lines(text);
    if (!joined) return unexpected(joined.error());
    Fingerprint fp;
    std::size_t pos = 0;
    while (pos < joined->text.size()) {
        std::size_t start = pos;
        auto test = read_test(*joined, pos);
        if (!test) return unexpected(test.error());
        std::string where = fmt::format("line {}", joined->line_at(start));
        if (test->name == "SCAN") {
            if (fp.scan || !fp.tests_.empty())
                return fail(Errc::parse, "SCAN must be the first test and appear once", where);
            auto scan = ScanLine::from_test(*test);
            if (!scan) return fail(Errc::parse, scan.error().message, where);
            fp.scan = std::move(*scan);
            continue;
        }
        fp.tests_.push_back(std::move(*test));
    }
    if (!fp.scan && fp.tests_.empty()) return fail(Errc::parse, "no fingerprint found");
    if (fp.scan && fp.scan->engine == 6)
        for (auto& t : fp.tests_)
            for (auto& a : t.attrs) {
                if (a.name != "P") continue;
                auto hex = run_length_decoded(a.value);
                if (!hex) return fail(Errc::parse, fmt::format("{}: P= is not a packet's hex: {}", t.name, hex.error().message));
                a.value = std::move(*hex);
            }
    return fp;
}

namespace {

std::string xml_unescape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        std::size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out += s[i];
            continue;
        }
        std::string_view ent = s.substr(i + 1, semi - i - 1);
        std::optional<char> c;
        if (ent == "amp") c = '&';
        else if (ent == "lt") c = '<';
        else if (ent == "gt") c = '>';
        else if (ent == "quot") c = '"';
        else if (ent == "apos") c = '\'';
        else if (ent.size() > 1 && ent[0] == '#') {
            bool hex = ent[1] == 'x' || ent[1] == 'X';
            std::string_view digits = ent.substr(hex ? 2 : 1);
            unsigned v = 0;
            auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, hex ? 16 : 10);
            if (ec == std::errc() && p == digits.data() + digits.size() && !digits.empty() && v < 0x80)
                c = static_cast<char>(v);
        }
        if (!c) {
            out += s[i];
            continue;
        }
        out += *c;
        i = semi;
    }
    return out;
}

}  // namespace

std::string extract_fingerprint_text(std::string_view doc) {
    if (auto el = doc.find("<osfingerprint"); el != std::string_view::npos) {
        constexpr std::string_view kAttr = "fingerprint=\"";
        auto a = doc.find(kAttr, el);
        auto end = a == std::string_view::npos ? a : doc.find('"', a + kAttr.size());
        if (end != std::string_view::npos)
            return xml_unescape(doc.substr(a + kAttr.size(), end - a - kAttr.size()));
    }
    constexpr std::string_view kHeader = "TCP/IP fingerprint:\n";
    if (auto h = doc.find(kHeader); h != std::string_view::npos) {
        std::string_view rest = doc.substr(h + kHeader.size());
        auto blank = rest.find("\n\n");
        return std::string(rest.substr(0, blank == std::string_view::npos ? rest.size() : blank + 1));
    }
    return std::string(doc);
}

}  // namespace whorl::fp
