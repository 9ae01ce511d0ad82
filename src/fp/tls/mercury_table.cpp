// Reading data/mercury/tls-os.tsv; see mercury_table.hpp.
#include "fp/tls/mercury_table.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include <fmt/format.h>

#include "base/line_cursor.hpp"
#include "base/text.hpp"
#include "fp/tls/mercury_string.hpp"

namespace whorl::fp::tls {

namespace {

std::optional<MercuryEntry> parse_entry(std::string_view count, std::string_view dist) {
    MercuryEntry e;
    auto [end, ec] = std::from_chars(count.data(), count.data() + count.size(), e.observations);
    if (ec != std::errc{} || end != count.data() + count.size() || e.observations == 0) return std::nullopt;
    while (!dist.empty()) {
        std::size_t semi = dist.find(';');
        std::string_view item = dist.substr(0, semi);
        dist = semi == std::string_view::npos ? std::string_view{} : dist.substr(semi + 1);
        std::size_t eq = item.rfind('=');
        if (eq == std::string_view::npos || eq == 0) return std::nullopt;
        OsShare s;
        s.os = std::string(item.substr(0, eq));
        std::string number(item.substr(eq + 1));
        char* stop = nullptr;
        s.share = std::strtod(number.c_str(), &stop);
        if (number.empty() || *stop != '\0' || !(s.share > 0 && s.share <= 1)) return std::nullopt;
        e.shares.push_back(std::move(s));
    }
    if (e.shares.empty()) return std::nullopt;
    return e;
}

// Entries pooled by sightings: each OS's share of all the sightings.
MercuryEntry pool(const std::vector<const MercuryEntry*>& entries) {
    std::map<std::string, double> seen;
    MercuryEntry out;
    for (const MercuryEntry* e : entries) {
        out.observations += e->observations;
        for (const OsShare& s : e->shares) seen[s.os] += s.share * static_cast<double>(e->observations);
    }
    for (const auto& [os, n] : seen) out.shares.push_back({os, n / static_cast<double>(out.observations)});
    std::sort(out.shares.begin(), out.shares.end(), [](const OsShare& a, const OsShare& b) {
        return a.share != b.share ? a.share > b.share : a.os < b.os;
    });
    return out;
}

}  // namespace

Result<MercuryTable> MercuryTable::load(const std::string& path) {
    auto text = read_file(path);
    if (!text) return unexpected(text.error());
    return parse(*text, path);
}

Result<MercuryTable> MercuryTable::parse(std::string_view text, const std::string& name) {
    MercuryTable t;
    std::unordered_map<std::string, std::vector<const MercuryEntry*>> by_sorted;
    LineCursor lines(text);
    while (auto numbered = lines.next()) {
        const std::string_view line = numbered->text;
        const std::size_t line_no = numbered->number;
        if (line.empty() || line.front() == '#') continue;
        std::size_t tab1 = line.find('\t');
        std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
        auto where = fmt::format("{}:{}", name, line_no);
        if (tab2 == std::string_view::npos || tab1 == 0)
            return fail(Errc::parse, "expected: fingerprint, observations, shares (tab-separated)", where);
        auto entry = parse_entry(line.substr(tab1 + 1, tab2 - tab1 - 1), line.substr(tab2 + 1));
        if (!entry) return fail(Errc::parse, "bad observation count or OS shares", where);
        auto [it, fresh] = t.exact_.emplace(std::string(line.substr(0, tab1)), std::move(*entry));
        if (!fresh) return fail(Errc::parse, "fingerprint listed twice", where);
    }
    for (const auto& [fp, e] : t.exact_) by_sorted[mercury_sorted_key(fp)].push_back(&e);
    for (auto& [key, entries] : by_sorted) t.sorted_.emplace(key, pool(entries));
    return t;
}

MercuryLookup MercuryTable::find(const std::string& fingerprint) const {
    if (auto it = exact_.find(fingerprint); it != exact_.end()) return {&it->second, true};
    if (auto it = sorted_.find(mercury_sorted_key(fingerprint)); it != sorted_.end()) return {&it->second, false};
    return {};
}

}  // namespace whorl::fp::tls
