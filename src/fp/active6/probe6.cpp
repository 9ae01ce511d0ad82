// The IPv6 probe table (facts from Nmap's FPEngine.cc build_probe_list, checked against
// a capture of Nmap 7.93's probes in the lab).
#include "fp/active6/probe6.hpp"

#include <array>

namespace whorl::fp::active6 {
namespace {

constexpr std::uint8_t kSyn = 0x02, kFin = 0x01, kPsh = 0x08, kAck = 0x10, kUrg = 0x20, kEce = 0x40, kCwr = 0x80;

// Indexed by Probe6Id; the non-TCP slots are unused.
constexpr std::array<Tcp6Spec, kProbe6Count> kTcp = {{
    {0, 1, kSyn, true, 0, 0, false},
    {1, 63, kSyn, true, 0, 1, false},
    {2, 4, kSyn, true, 0, 2, false},
    {3, 4, kSyn, true, 0, 3, false},
    {4, 16, kSyn, true, 0, 4, false},
    {5, 512, kSyn, true, 0, 5, false},
    {}, {}, {}, {},
    {6, 3, kCwr | kEce | kSyn, true, 63477, 6, true},
    {7, 128, 0, true, 0, 7, false},
    {8, 256, kSyn | kFin | kPsh | kUrg, true, 0, 8, false},
    {9, 1024, kAck, true, 0, 9, false},
    {10, 31337, kSyn, false, 0, 10, false},
    {11, 32768, kAck, false, 0, 11, false},
    {12, 65535, kFin | kPsh | kUrg, false, 0, 12, false},
}};

constexpr std::array<std::string_view, kProbe6Count> kNames = {
    "S1", "S2", "S3", "S4", "S5", "S6", "IE1", "IE2", "NS", "U1", "TECN", "T2", "T3", "T4", "T5", "T6", "T7"};

}  // namespace

std::string_view probe6_name(Probe6Id id) { return kNames[static_cast<std::size_t>(id)]; }

Probe6Kind probe6_kind(Probe6Id id) {
    switch (id) {
        case Probe6Id::ie1:
        case Probe6Id::ie2: return Probe6Kind::echo;
        case Probe6Id::ns: return Probe6Kind::neighbor_solicitation;
        case Probe6Id::u1: return Probe6Kind::udp;
        default: return Probe6Kind::tcp;
    }
}

const Tcp6Spec& tcp6_spec(Probe6Id id) { return kTcp[static_cast<std::size_t>(id)]; }

std::vector<Probe6Id> probe6_plan(bool has_open_port, bool has_closed_port, bool on_link) {
    std::vector<Probe6Id> plan;
    for (std::size_t i = 0; i < kProbe6Count; ++i) {
        auto id = static_cast<Probe6Id>(i);
        if (probe6_kind(id) == Probe6Kind::tcp && !(tcp6_spec(id).to_open_port ? has_open_port : has_closed_port))
            continue;
        if (id == Probe6Id::ns && !on_link) continue;
        plan.push_back(id);
    }
    return plan;
}

}  // namespace whorl::fp::active6
