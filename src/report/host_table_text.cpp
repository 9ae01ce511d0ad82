// Host summary table; see host_table_text.hpp.
#include "report/host_table_text.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include <fmt/format.h>

namespace whorl::report {

namespace fpp = fp::passive;

namespace {

std::string quality(const fpp::HostSummary& h) {
    if (!h.os_name) return "-";
    if (h.os_generic && h.os_fuzzy) return "generic,fuzzy";
    return h.os_generic ? "generic" : h.os_fuzzy ? "fuzzy" : "exact";
}

std::string uptime(const fpp::HostSummary& h) {
    if (!h.uptime_min) return "-";
    const std::uint32_t m = *h.uptime_min;
    return fmt::format("{}d {}h {}m", m / 1440, (m / 60) % 24, m % 60);
}

std::string notes(const fpp::HostSummary& h) {
    std::string out;
    auto add = [&out](std::string_view w) {
        if (!out.empty()) out += ", ";
        out += w;
    };
    if (h.last_nat) add("ip sharing");
    if (h.last_chg) add("host change");
    if (h.bad_sw == 1) add("UA names another OS");
    if (h.bad_sw == 2) add("software lies");
    return out.empty() ? "-" : out;
}

std::string cut(std::string s, std::size_t max) {
    if (s.size() > max && max > 3) s = s.substr(0, max - 3) + "...";
    return s.empty() ? "-" : s;
}

constexpr double kShownAlternative = 0.05;

bool names_family(const fpp::HostSummary& h) { return h.verdict && !fpp::verdict_text(*h.verdict).empty(); }

std::string confidence(double c) { return fmt::format("{:.0f}%", c * 100); }

char role_mark(fpp::HostSummary::Reason::Role role) {
    using Role = fpp::HostSummary::Reason::Role;
    return role == Role::support ? '+' : role == Role::conflict ? '-' : '.';
}

std::string reason_os(const fpp::HostSummary::Reason& r) {
    std::string s = r.flavor.empty() ? r.name : r.name + " " + r.flavor;
    if (r.role != fpp::HostSummary::Reason::Role::context && s.empty()) s = r.family;
    return s.empty() ? "-" : s;
}

}  // namespace

std::string format_host_table(const std::vector<fpp::HostSummary>& hosts, std::size_t max_width) {
    const bool verdicts = std::any_of(hosts.begin(), hosts.end(), names_family);
    std::vector<std::string> head = {"HOST", "OS (p0f)", "MATCH", "DIST", "LINK", "UPTIME",
                                     "HTTP", "LANG", "CONN", "NOTES"};
    if (verdicts) head.insert(head.begin() + 1, {"VERDICT", "CONF"});
    std::vector<std::vector<std::string>> rows;
    for (const auto& h : hosts) {
        std::string http = h.http_name ? *h.http_name + (h.http_flavor ? " " + *h.http_flavor : "") : "";
        std::vector<std::string> r = {h.addr.to_string(),
                                      cut(fpp::os_text(h), max_width),
                                      quality(h),
                                      h.distance ? std::to_string(*h.distance) : "-",
                                      cut(h.link.value_or(""), max_width),
                                      uptime(h),
                                      cut(http, max_width),
                                      h.language.value_or("-"),
                                      std::to_string(h.connections),
                                      notes(h)};
        if (verdicts) {
            const bool named = names_family(h);
            r.insert(r.begin() + 1, {cut(named ? fpp::verdict_text(*h.verdict) : "", max_width),
                                     named ? confidence(h.verdict->confidence) : "-"});
        }
        rows.push_back(std::move(r));
    }
    std::vector<std::size_t> width(head.size());
    for (std::size_t c = 0; c < head.size(); ++c) {
        width[c] = head[c].size();
        for (const auto& r : rows) width[c] = std::max(width[c], r[c].size());
    }
    std::string out = fmt::format("\nHost summary: {} host{}\n\n", hosts.size(), hosts.size() == 1 ? "" : "s");
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            out += cells[c];
            if (c + 1 < cells.size()) out.append(width[c] - cells[c].size() + 2, ' ');
        }
        out += '\n';
    };
    line(head);
    for (const auto& r : rows) line(r);
    return out;
}

std::string format_host_evidence(const std::vector<fpp::HostSummary>& hosts, std::size_t max_detail) {
    std::string out;
    for (const auto& h : hosts) {
        if (!names_family(h)) continue;
        const auto& v = *h.verdict;
        if (out.empty()) out = "\nEvidence per host (+ for the verdict, - against it, . context):\n";
        fmt::format_to(std::back_inserter(out), "\n{}  {} ({}) {}", h.addr.to_string(), fpp::verdict_text(v),
                       v.family, confidence(v.confidence));
        // The likeliest other families (the JSON lists every one of at least 1 %).
        for (std::size_t i = 0; i < std::min<std::size_t>(v.alternatives.size(), 3); ++i) {
            if (v.alternatives[i].second < kShownAlternative) break;
            fmt::format_to(std::back_inserter(out), "{} {} {}", i == 0 ? "; also" : ",", v.alternatives[i].first,
                           confidence(v.alternatives[i].second));
        }
        out += '\n';
        std::size_t source_w = 0, os_w = 0;
        for (const auto& r : v.reasons) {
            source_w = std::max(source_w, r.source.size());
            os_w = std::max(os_w, std::min<std::size_t>(reason_os(r).size(), 32));
        }
        for (const auto& r : v.reasons) {
            const std::string rel = r.reliability > 0 ? fmt::format("r={:.2f}", r.reliability) : "";
            const std::string seen = r.count > 1 ? fmt::format("x{}", r.count) : "";
            fmt::format_to(std::back_inserter(out), "  {} {:<{}}  {:<{}}  {:<6}  {:<4}  {}\n", role_mark(r.role),
                           r.source, source_w, cut(reason_os(r), 32), os_w, rel, seen, cut(r.detail, max_detail));
        }
    }
    return out;
}

}  // namespace whorl::report
