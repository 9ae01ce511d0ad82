// nmap-services parsing and port selection.
#include "scan/services.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"

namespace whorl::scan {
namespace {

std::uint32_t key(std::uint16_t port, Protocol p) { return (static_cast<std::uint32_t>(p) << 16) | port; }

std::optional<Protocol> protocol_from(std::string_view s) {
    if (s == "tcp") return Protocol::tcp;
    if (s == "udp") return Protocol::udp;
    if (s == "sctp") return Protocol::sctp;
    return std::nullopt;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

std::string_view protocol_name(Protocol p) {
    switch (p) {
        case Protocol::tcp: return "tcp";
        case Protocol::udp: return "udp";
        case Protocol::sctp: return "sctp";
    }
    return "?";
}

Result<ServicesDb> ServicesDb::parse(std::string_view text, const std::string& path) {
    ServicesDb db;
    std::uint32_t line_no = 0;
    for (auto line : split(text, '\n')) {
        ++line_no;
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        // name <ws> port/proto [<ws> frequency]
        std::vector<std::string_view> fields;
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
            std::size_t start = i;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
            if (i > start) fields.push_back(line.substr(start, i - start));
        }
        auto where = fmt::format("{}:{}", path, line_no);
        if (fields.size() < 2) return fail(Errc::parse, "expected 'name port/protocol [frequency]'", where);
        auto slash = fields[1].find('/');
        auto port = parse_uint(fields[1].substr(0, slash));
        auto proto = slash == std::string_view::npos ? std::nullopt : protocol_from(fields[1].substr(slash + 1));
        if (!port || *port > 65535 || !proto)
            return fail(Errc::parse, fmt::format("bad port/protocol '{}'", fields[1]), where);
        ServiceEntry e{std::string(fields[0]), static_cast<std::uint16_t>(*port), *proto, 0, line_no};
        if (fields.size() >= 3) {
            auto f = fields[2];
            auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), e.frequency);
            if (ec != std::errc() || p != f.data() + f.size() || e.frequency < 0 || e.frequency > 1)
                return fail(Errc::parse, fmt::format("bad frequency '{}'", f), where);
        }
        db.by_port_.emplace(key(e.port, e.protocol), db.entries_.size());  // first entry wins
        db.entries_.push_back(std::move(e));
    }
    return db;
}

Result<ServicesDb> ServicesDb::load(std::string_view datadir_option) {
    auto path = fp::db::find_nmap_file("nmap-services", datadir_option);
    if (!path) return unexpected(path.error());
    auto text = read_file(*path);
    if (!text) return unexpected(text.error());
    return parse(*text, *path);
}

std::string_view ServicesDb::name(std::uint16_t port, Protocol protocol) const {
    auto it = by_port_.find(key(port, protocol));
    return it == by_port_.end() ? std::string_view("unknown") : std::string_view(entries_[it->second].name);
}

bool ServicesDb::is_listed(std::uint16_t port, Protocol protocol) const {
    return by_port_.contains(key(port, protocol));
}

std::vector<std::uint16_t> ServicesDb::top_ports(Protocol protocol, std::size_t n) const {
    std::vector<const ServiceEntry*> candidates;
    for (const auto& e : entries_)
        if (e.protocol == protocol) candidates.push_back(&e);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const ServiceEntry* a, const ServiceEntry* b) { return a->frequency > b->frequency; });
    std::vector<std::uint16_t> out;
    for (const auto* e : candidates) {
        if (out.size() == n) break;
        if (std::find(out.begin(), out.end(), e->port) == out.end()) out.push_back(e->port);
    }
    return out;
}

std::vector<std::uint16_t> ServicesDb::ports_named(std::string_view pattern, Protocol protocol) const {
    std::vector<std::uint16_t> out;
    for (const auto& e : entries_)
        if (e.protocol == protocol && wildcard_match(pattern, e.name)) out.push_back(e.port);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool wildcard_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace whorl::scan
