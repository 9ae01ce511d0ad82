// Ignored port states and their reason groups, as Nmap 7.93 decides them.
#include "report/port_summary.hpp"

#include <algorithm>
#include <array>

namespace whorl::report {
namespace {

using scan::PortState;

constexpr std::size_t kStates = 6;  // scan::PortState values

// Nmap's state numbers order ties: closed 1, filtered 3, unfiltered 6, open|filtered 7,
// closed|filtered 8; scan::PortState lists them in the same relative order.
constexpr std::array<PortState, 5> kIgnorable = {PortState::closed, PortState::filtered, PortState::unfiltered,
                                                 PortState::open_filtered, PortState::closed_filtered};

bool is_ignored(PortState state, int count, const OutputOptions& o) {
    if (o.debugging > 2 || state == PortState::open) return false;
    if (state == PortState::open_filtered && o.verbose > 2) return false;
    if (o.open_only && state != PortState::open_filtered && state != PortState::unfiltered && count > 0) return true;
    return count > ignored_state_limit(o);
}

std::vector<ReasonGroup> reason_groups(const HostReport& host, PortState state) {
    std::vector<ReasonGroup> groups;
    for (const PortEntry& p : host.ports) {
        if (p.state != state) continue;
        auto g = std::find_if(groups.begin(), groups.end(), [&p](const ReasonGroup& r) {
            return r.reason == p.reason && r.protocol == p.protocol;
        });
        if (g == groups.end()) g = groups.insert(groups.end(), ReasonGroup{p.reason, p.protocol, {}});
        g->ports.push_back(p.port);
    }
    for (auto& g : groups) std::sort(g.ports.begin(), g.ports.end());
    std::stable_sort(groups.begin(), groups.end(),
                     [](const ReasonGroup& a, const ReasonGroup& b) { return a.ports.size() > b.ports.size(); });
    return groups;
}

}  // namespace

int ignored_state_limit(const OutputOptions& o) {
    constexpr int kBase = 25;
    if (o.verbose == 0 && o.debugging == 0) return kBase;
    return kBase * ((o.verbose + 1) + 20 * o.debugging);
}

PortSummary summarize_ports(const HostReport& host, const OutputOptions& options) {
    PortSummary s;
    s.total = static_cast<int>(host.ports.size());
    std::array<int, kStates> counts{};
    for (const PortEntry& p : host.ports) ++counts[static_cast<std::size_t>(p.state)];

    std::array<bool, kStates> ignored{};
    for (PortState st : kIgnorable) {
        int n = counts[static_cast<std::size_t>(st)];
        if (n > 0 && is_ignored(st, n, options)) {
            ignored[static_cast<std::size_t>(st)] = true;
            s.ignored.push_back({st, n, reason_groups(host, st)});
        }
    }
    // Most ports first; kIgnorable's order breaks ties.
    std::stable_sort(s.ignored.begin(), s.ignored.end(),
                     [](const IgnoredState& a, const IgnoredState& b) { return a.count > b.count; });
    for (const PortEntry& p : host.ports)
        if (!ignored[static_cast<std::size_t>(p.state)]) s.shown.push_back(&p);
    return s;
}

}  // namespace whorl::report
