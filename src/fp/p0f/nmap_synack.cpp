// Passive SYN+ACK signatures from nmap-os-db prints (see nmap_synack.hpp).
#include "fp/p0f/nmap_synack.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "fp/common/text_cursor.hpp"
#include "fp/db/expr.hpp"
#include "fp/fusion/host_fusion.hpp"

namespace whorl::fp::passive {
namespace {

// The expression a print gives for test.attr, if any.
std::optional<std::string_view> attribute(const db::OsDb& db, std::uint32_t print, std::string_view test,
                                          std::string_view attr) {
    const db::RefPrint& p = db.prints()[print];
    for (auto i = p.lines_begin; i < p.lines_end; ++i) {
        const db::TestLine& line = db.test_lines()[db.print_lines()[i]];
        if (db.tests()[line.test].name != test) continue;
        for (auto e = line.exprs_begin; e < line.exprs_end; ++e) {
            const std::uint32_t id = db.line_exprs()[e];
            if (db.slots()[db.expr_slots()[id]].attr == attr) return db.exprs().source(id);
        }
        return std::nullopt;
    }
    return std::nullopt;
}

// The initial TTL: Nmap's guess (TG), else the smallest of T (Nmap's TTL plus the hops it
// counted, a little over the start at times: Windows' 7B-85) rounded up to the usual
// starting values, as p0f rounds a packet's TTL.
std::optional<unsigned> initial_ttl(const db::OsDb& db, std::uint32_t print) {
    if (auto tg = attribute(db, print, "T1", "TG"))
        if (auto v = db::plain_hex_value(db::split_alternatives_795(*tg, false).front())) return static_cast<unsigned>(*v);
    auto t = attribute(db, print, "T1", "T");
    if (!t) return std::nullopt;
    std::optional<std::uint64_t> least;
    for (std::string_view alt : db::split_alternatives_795(*t, false)) {
        if (!alt.empty() && (alt[0] == '<' || alt[0] == '>')) alt.remove_prefix(1);
        if (auto dash = alt.find('-'); dash != std::string_view::npos) alt = alt.substr(0, dash);
        if (auto v = db::plain_hex_value(alt)) least = std::min(least.value_or(*v), *v);
    }
    if (least)
        for (unsigned start : {32u, 64u, 128u, 255u})
            if (*least <= start && *least > 0) return start;
    return std::nullopt;
}

struct Options {
    std::string layout;      // "mss,sok,ts,nop,ws"
    std::string scale = "0";  // the window scale value, "*" where a range
    bool own_ts_zero = false;
};

// O1 as p0f's option layout: M mss, N nop, W ws, T ts, S sok, L eol.
std::optional<Options> option_layout(std::string_view alt) {
    Options o;
    auto add = [&](std::string_view name) { o.layout += (o.layout.empty() ? "" : ",") + std::string(name); };
    // A value after a letter: hex digits, or a bracketed group ([4E2-5B4], [7|8]).
    auto value = [&](std::size_t& i) -> std::string_view {
        std::size_t start = i;
        if (i < alt.size() && alt[i] == '[') {
            std::size_t close = alt.find(']', i);
            i = close == std::string_view::npos ? alt.size() : close + 1;
        } else {
            while (i < alt.size() && std::isxdigit(static_cast<unsigned char>(alt[i]))) ++i;
        }
        return alt.substr(start, i - start);
    };
    for (std::size_t i = 0; i < alt.size();) {
        const char c = alt[i++];
        switch (c) {
            case 'M': value(i); add("mss"); break;
            case 'N': add("nop"); break;
            case 'S': add("sok"); break;
            case 'L': {
                // p0f: "eol+N", N the padding bytes after it, last. Nmap writes each zero byte
                // after an EOL as another L.
                std::size_t pad = 0;
                while (i < alt.size() && alt[i] == 'L') ++i, ++pad;
                if (i != alt.size()) return std::nullopt;
                add(fmt::format("eol+{}", pad));
                break;
            }
            case 'W': {
                auto v = db::plain_hex_value(value(i));
                o.scale = v ? fmt::format("{}", *v) : "*";
                add("ws");
                break;
            }
            case 'T': {
                if (i + 2 > alt.size()) return std::nullopt;
                o.own_ts_zero = alt[i] == '0';
                i += 2;
                add("ts");
                break;
            }
            default: return std::nullopt;
        }
    }
    return o;
}

// Nmap's class as one of p0f's passive families (the fusion's), from its vendor, family
// and device type.
OsFamily passive_family(const db::OsClass& c) {
    return family_of(c.vendor + " " + c.family + " " + c.device_type);
}

std::string_view p0f_class(OsFamily f) {
    switch (f) {
        case OsFamily::windows: return "win";
        case OsFamily::linux:
        case OsFamily::android:
        case OsFamily::macos:
        case OsFamily::ios:
        case OsFamily::chromeos:
        case OsFamily::bsd:
        case OsFamily::solaris: return "unix";
        default: return "other";
    }
}

// Text for a label's name: p0f allows letters, digits and " ./-_!?()" there ("AT&T" ->
// "AT T"); comments and flavors: anything but a line break.
std::string clean_name(std::string s) {
    for (char& c : s)
        if (!is_name_char(c)) c = ' ';
    return s;
}

std::string clean(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

}  // namespace

std::vector<std::string> synack_signatures(const db::OsDb& db, std::uint32_t print) {
    std::vector<std::string> out;
    auto r = attribute(db, print, "T1", "R");
    if (r && db::split_alternatives_795(*r, false).front() == "N") return out;
    auto o1 = attribute(db, print, "OPS", "O1");
    auto w1 = attribute(db, print, "WIN", "W1");
    auto ttl = initial_ttl(db, print);
    if (!o1 || !w1 || !ttl) return out;
    std::vector<bool> dfs;
    if (auto df = attribute(db, print, "T1", "DF"))
        for (std::string_view alt : db::split_alternatives_795(*df, false)) dfs.push_back(alt == "Y");
    else
        dfs = {false, true};
    // SEQ's TI: the IP IDs of these SYN+ACKs. Z: zero; any other kind: not zero.
    std::set<bool> id_zero;
    if (auto ti = attribute(db, print, "SEQ", "TI"))
        for (std::string_view alt : db::split_alternatives_795(*ti, false)) id_zero.insert(alt == "Z");
    else
        id_zero = {false, true};
    const bool seq_zero = [&] {
        auto s = attribute(db, print, "T1", "S");
        return s && db::split_alternatives_795(*s, false).front() == "Z";
    }();
    std::set<std::string> seen;
    for (std::string_view w : db::split_alternatives_795(*w1, false)) {
        auto win = db::plain_hex_value(w);
        const std::string window = win ? fmt::format("{}", *win) : "*";
        for (std::string_view alt : db::split_alternatives_795(*o1, true)) {
            auto opts = option_layout(alt);
            if (!opts) continue;
            for (bool df : dfs)
                for (bool zero : id_zero) {
                    std::vector<std::string_view> quirks;
                    if (df) quirks.push_back("df");
                    // p0f's id+: DF set and a non-zero ID; id-: no DF and a zero ID.
                    if (df && !zero) quirks.push_back("id+");
                    if (!df && zero) quirks.push_back("id-");
                    if (seq_zero) quirks.push_back("seq-");
                    if (opts->own_ts_zero) quirks.push_back("ts1-");
                    if (opts->scale != "*" && std::stoul(opts->scale) > 14) quirks.push_back("exws");
                    std::string q;
                    for (auto k : quirks) q += (q.empty() ? "" : ",") + std::string(k);
                    std::string sig = fmt::format("4:{}:0:*:{},{}:{}:{}:0", *ttl, window, opts->scale, opts->layout, q);
                    if (seen.insert(sig).second) out.push_back(std::move(sig));
                }
        }
    }
    return out;
}

std::string synack_signatures_text(const db::OsDb& db) {
    std::map<std::string, std::vector<std::uint32_t>> by_sig;
    for (std::uint32_t p = 0; p < db.prints().size(); ++p) {
        if (db.prints()[p].classes.empty()) continue;
        for (auto& sig : synack_signatures(db, p)) by_sig[sig].push_back(p);
    }
    std::string out = fmt::format(
        "; SYN+ACK signatures derived from {} (src/fp/p0f/nmap_synack.hpp): {} distinct\n"
        "classes = win,unix,other\n\n[tcp:response]\n\n",
        db.file(), by_sig.size());
    // p0f.fp's loader refuses a signature an earlier one already matches; a literal window or
    // scale never matches a wildcard, so the literal ones go first.
    std::vector<const std::pair<const std::string, std::vector<std::uint32_t>>*> order;
    for (const auto& entry : by_sig) order.push_back(&entry);
    std::stable_partition(order.begin(), order.end(), [](auto* e) { return e->first.find("*,") == std::string::npos && e->first.find(",*:") == std::string::npos; });
    for (const auto* entry : order) {
        const auto& [sig, prints] = *entry;
        // The passive family most prints name (a print counts once, by its first class).
        std::map<OsFamily, std::size_t> votes;
        for (std::uint32_t p : prints) ++votes[passive_family(db.prints()[p].classes.front())];
        auto top = std::max_element(votes.begin(), votes.end(), [](auto& a, auto& b) { return a.second < b.second; });
        const OsFamily family = top->first;
        const double share = static_cast<double>(top->second) / static_cast<double>(prints.size());
        // Its most common family text, and the generations prints of that text name.
        std::map<std::string, std::size_t> names;
        for (std::uint32_t p : prints) {
            const auto& c = db.prints()[p].classes.front();
            if (passive_family(c) == family) ++names[c.family == "embedded" ? c.vendor + " embedded" : c.family];
        }
        auto name = std::max_element(names.begin(), names.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
        std::set<std::string> gens;
        for (std::uint32_t p : prints)
            for (const auto& c : db.prints()[p].classes)
                if ((c.family == "embedded" ? c.vendor + " embedded" : c.family) == name && c.generation) gens.insert(*c.generation);
        std::string flavor;
        if (gens.size() == 1) flavor = *gens.begin();
        else if (!gens.empty()) flavor = *gens.begin() + " - " + *gens.rbegin();
        out += fmt::format("; {} of {} prints ({}), e.g. {}\n", top->second, prints.size(), os_family_name(family),
                           clean(db.prints()[prints.front()].name));
        out += fmt::format("label = {}:{}:{}:{}\nsig   = {}\n\n", share >= kSpecificShare ? 's' : 'g', p0f_class(family),
                           clean_name(name), clean(flavor), sig);
    }
    return out;
}

Result<P0fDatabase> synack_database(const db::OsDb& db) {
    // Should a wildcard signature still be matched by an earlier one (the loader's "already
    // covered"), it is dropped, as p0f would never reach it; any other error is returned.
    std::string text = synack_signatures_text(db);
    const std::string name = db.file() + " (SYN+ACK signatures)";
    for (int dropped = 0;; ++dropped) {
        auto loaded = P0fDatabase::parse(text, name);
        if (loaded || dropped == 256 || loaded.error().message.find("already covered") == std::string::npos) return loaded;
        const std::string& where = loaded.error().where;
        std::size_t line = 0;
        const char* digits = where.data() + where.rfind(':') + 1;
        if (std::from_chars(digits, where.data() + where.size(), line).ec != std::errc() || line == 0) return loaded;
        std::size_t at = 0;
        for (std::size_t n = 1; n < line && at != std::string::npos; ++n) at = text.find('\n', at) + 1;
        const std::size_t end = text.find('\n', at);
        text.replace(at, end == std::string::npos ? std::string::npos : end - at, ";");
    }
}

}  // namespace whorl::fp::passive
