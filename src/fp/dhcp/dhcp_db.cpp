// DhcpDb: whorl's DHCP fingerprint table (data/dhcp-fingerprints.txt; its header documents
// the format), loaded with one error per broken line at "file:line", and matched on a
// client's option 55 list (exact, then by similarity), option 60 prefix and option order.
#include <algorithm>
#include <cstdio>

#include "base/line_cursor.hpp"
#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/dhcp/dhcp.hpp"
#include "fp/fusion/host_fusion.hpp"

namespace whorl::fp::passive {
namespace {

constexpr double kDhcpExact = 1.0, kDhcpPartial = 0.8, kDhcpVendor = 0.8, kSimilarityScale = 0.85;

struct Family {
    std::string_view name;
    OsFamily family;
};
constexpr Family kFamilies[] = {
    {"windows", OsFamily::windows}, {"linux", OsFamily::linux},       {"android", OsFamily::android},
    {"macos", OsFamily::macos},     {"ios", OsFamily::ios},           {"chromeos", OsFamily::chromeos},
    {"bsd", OsFamily::bsd},         {"solaris", OsFamily::solaris},   {"network_device", OsFamily::network_device},
    {"other", OsFamily::other},
};

std::optional<std::vector<std::uint8_t>> code_list(std::string_view text) {
    std::vector<std::uint8_t> out;
    for (auto item : split(text, ',')) {
        auto v = parse_uint(trim(item));
        if (!v || *v > 255) return std::nullopt;
        out.push_back(static_cast<std::uint8_t>(*v));
    }
    return out;
}

std::string list_text(const std::vector<std::uint8_t>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(v[i]);
    }
    return out;
}

// Splits the MATCH field into terms, honouring vendor="with blanks".
Result<void> parse_match(std::string_view text, DhcpDb::Entry& e, const std::string& where) {
    std::size_t i = 0;
    auto bad = [&](std::string msg) { return fail(Errc::parse, std::move(msg), where); };
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t') {
            ++i;
            continue;
        }
        std::size_t eq = text.find('=', i);
        if (eq == std::string_view::npos) return bad("expected key=value in the match field");
        std::string_view key = text.substr(i, eq - i);
        std::string_view value;
        if (eq + 1 < text.size() && text[eq + 1] == '"') {
            std::size_t close = text.find('"', eq + 2);
            if (close == std::string_view::npos) return bad("unterminated quoted value");
            value = text.substr(eq + 2, close - eq - 2);
            i = close + 1;
        } else {
            std::size_t end = text.find_first_of(" \t", eq + 1);
            if (end == std::string_view::npos) end = text.size();
            value = text.substr(eq + 1, end - eq - 1);
            i = end;
        }
        if (key == "vendor" || key == "has") {
            if (value.empty()) return bad("empty '" + std::string(key) + "' text");
            (key == "vendor" ? e.vendor : e.has) = std::string(value);
            continue;
        }
        auto list = code_list(value);
        if (!list || list->empty()) return bad("'" + std::string(key) + "' needs a list of option codes 0-255");
        if (key == "prl") e.prl = std::move(*list);
        else if (key == "order") e.order = std::move(*list);
        else if (key == "type") e.types = std::move(*list);
        else return bad("unknown key '" + std::string(key) + "'");
    }
    if (e.prl.empty() && e.vendor.empty()) return bad("a line needs prl= or vendor=");
    if (!e.has.empty() && e.vendor.empty()) return bad("has= needs a vendor= prefix");
    return {};
}

Result<DhcpDb::Entry> parse_line(std::string_view line, const std::string& where) {
    auto fields = split(line, '|');
    if (fields.size() != 5) return fail(Errc::parse, "expected 5 fields: MATCH | FAMILY | NAME | FLAVOR | SOURCE", where);
    DhcpDb::Entry e;
    if (auto r = parse_match(trim(fields[0]), e, where); !r) return unexpected<Error>(r.error());
    std::string_view fam = trim(fields[1]);
    auto f = std::find_if(std::begin(kFamilies), std::end(kFamilies), [&](const Family& x) { return x.name == fam; });
    if (f == std::end(kFamilies)) return fail(Errc::parse, "unknown family '" + std::string(fam) + "'", where);
    e.os.source = EvidenceSource::dhcp;
    e.os.family = f->family;
    e.os.name = std::string(trim(fields[2]));
    e.os.flavor = std::string(trim(fields[3]));
    e.source = std::string(trim(fields[4]));
    if (e.os.name.empty()) return fail(Errc::parse, "empty NAME", where);
    if (e.source.empty()) return fail(Errc::parse, "every line needs its SOURCE (provenance)", where);
    return e;
}

bool applies_to(const DhcpDb::Entry& e, const DhcpMessage& m) {
    return e.types.empty() || std::find(e.types.begin(), e.types.end(), m.message_type) != e.types.end();
}

bool vendor_matches(const DhcpDb::Entry& e, const DhcpMessage& m) {
    return !e.vendor.empty() && m.vendor_class.starts_with(e.vendor) &&
           (e.has.empty() || m.vendor_class.find(e.has, e.vendor.size()) != std::string::npos);
}

// Option text for the reader: non-printable bytes as '.', at most `max` characters.
std::string printable(std::string_view s, std::size_t max) {
    std::string out(s.substr(0, max));
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) c = '.';
    return out;
}

struct Candidate {
    const DhcpDb::Entry* entry = nullptr;
    double strength = 0;
    std::string how;
};

}  // namespace

double option_list_similarity(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    if (a.empty() && b.empty()) return 1.0;
    if (a.empty() || b.empty()) return 0.0;
    std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
    }
    return static_cast<double>(prev[b.size()]) / static_cast<double>(std::max(a.size(), b.size()));
}

Result<DhcpDb> DhcpDb::parse(std::string_view text, const std::string& path) {
    DhcpDb db;
    LineCursor lines(text);
    while (auto next = lines.next()) {
        std::uint32_t line_no = next->number;
        std::string_view line = next->text;
        std::string where = path + ":" + std::to_string(line_no);
        if (line.find('\0') != std::string_view::npos) return fail(Errc::parse, "NUL byte in line", where);
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;
        auto e = parse_line(line, where);
        if (!e) return unexpected<Error>(e.error());
        e->line = line_no;
        db.entries_.push_back(std::move(*e));
    }
    return db;
}

Result<DhcpDb> DhcpDb::load(const std::string& path) {
    auto text = read_file(path);
    if (!text) return unexpected<Error>(text.error());
    return parse(*text, path);
}

Result<DhcpDb> DhcpDb::load() {
    auto path = db::whorl_data_file("dhcp-fingerprints.txt");
    if (!path) return unexpected(path.error());
    return load(*path);
}

std::size_t DhcpDb::size() const { return entries_.size(); }

namespace {

// The best line for a client message (see DhcpDb::match), or no entry.
Candidate best_line(const std::vector<DhcpDb::Entry>& entries, const DhcpMessage& m) {
    const auto& prl = m.parameter_request_list;
    Candidate best;
    auto consider = [&](const DhcpDb::Entry& e, double strength, std::string how) {
        // Stronger wins; at equal strength the more specific vendor text, then file order.
        if (!best.entry || strength > best.strength ||
            (strength == best.strength &&
             e.vendor.size() + e.has.size() > best.entry->vendor.size() + best.entry->has.size()))
            best = {&e, strength, std::move(how)};
    };
    for (const auto& e : entries) {
        if (!applies_to(e, m)) continue;
        if (e.prl.empty()) {
            if (vendor_matches(e, m)) consider(e, kDhcpVendor, "vendor class");
            continue;
        }
        if (prl.empty()) continue;
        bool vendor_ok = e.vendor.empty() || vendor_matches(e, m);
        bool order_ok = e.order.empty() || e.order == m.option_order;
        if (e.prl == prl) {
            bool all = vendor_ok && order_ok;
            consider(e, all ? kDhcpExact : kDhcpPartial, all ? "exact" : "exact option 55, other terms differ");
            continue;
        }
        double sim = option_list_similarity(e.prl, prl);
        if (sim >= DhcpDb::kMinSimilarity && vendor_ok) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "similar %.2f", sim);
            consider(e, kSimilarityScale * sim, buf);
        }
    }
    return best;
}

// A vendor-class line of the same family whose flavor comes from the message itself
// ("android-dhcp-14"): more precise than the era of an option 55 list.
const DhcpDb::Entry* vendor_flavor_line(const std::vector<DhcpDb::Entry>& entries, const DhcpMessage& m,
                                        OsFamily family) {
    for (const auto& e : entries)
        if (e.prl.empty() && e.os.family == family && applies_to(e, m) && vendor_matches(e, m) &&
            e.os.flavor.find("$VENDOR") != std::string::npos)
            return &e;
    return nullptr;
}

// FLAVOR with "$VENDOR" replaced by option 60 after the line's prefix, up to a ':'
// ("dhcpcd-9.4.1:Linux-6.1.0:..." -> "9.4.1").
std::string expand_vendor(const std::string& flavor, const DhcpDb::Entry& line, const DhcpMessage& m) {
    auto p = flavor.find("$VENDOR");
    if (p == std::string::npos) return flavor;
    std::string_view after = line.vendor.empty() || !vendor_matches(line, m)
                                 ? std::string_view{}
                                 : std::string_view(m.vendor_class).substr(line.vendor.size());
    std::string out = flavor;
    out.replace(p, 7, printable(after.substr(0, after.find(':')), 32));
    return std::string(trim(out));
}

}  // namespace

std::optional<Evidence> DhcpDb::match(const DhcpMessage& m) const {
    if (m.op != 1) return std::nullopt;
    Candidate best = best_line(entries_, m);
    if (!best.entry) return std::nullopt;
    Evidence ev = best.entry->os;
    ev.strength = best.strength;
    const Entry* flavor_line = best.entry;
    if (!best.entry->prl.empty())
        if (const Entry* v = vendor_flavor_line(entries_, m, ev.family)) {
            flavor_line = v;
            best.how += ", flavor from line " + std::to_string(v->line);
        }
    ev.flavor = expand_vendor(flavor_line->os.flavor, *flavor_line, m);
    ev.detail = "prl=" + list_text(m.parameter_request_list);
    if (!m.vendor_class.empty()) ev.detail += " vendor=\"" + printable(m.vendor_class, 64) + "\"";
    ev.detail += " (" + best.how + ", line " + std::to_string(best.entry->line) + ")";
    return ev;
}

}  // namespace whorl::fp::passive
