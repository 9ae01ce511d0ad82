// A BPF expression compiled per link type for whorl's file readers; see offline_filter.hpp.
#include "io/offline_filter.hpp"

#include <pcap/pcap.h>

#include <fmt/format.h>

namespace whorl::io {

namespace {

constexpr int kFilterSnaplen = 262144;  // libpcap's snapshot length for ordinary link types

}  // namespace

struct OfflineFilter::Program {
    int dlt = 0;
    pcap_t* dead = nullptr;
    bpf_program code{};
    ~Program() {
        pcap_freecode(&code);
        if (dead) pcap_close(dead);
    }
};

OfflineFilter::OfflineFilter(std::string expression) : expression_(std::move(expression)) {}

OfflineFilter::~OfflineFilter() = default;

Result<void> OfflineFilter::prepare(int dlt, const std::string& where) {
    if (!active()) return {};
    for (const auto& p : programs_)
        if (p->dlt == dlt) return {};
    auto program = std::make_unique<Program>();
    program->dlt = dlt;
    program->dead = pcap_open_dead(dlt, kFilterSnaplen);
    if (!program->dead)
        return fail(Errc::usage, fmt::format("bad BPF filter '{}': link type {} is unknown", expression_, dlt), where);
    if (pcap_compile(program->dead, &program->code, expression_.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
        return fail(Errc::usage,
                    fmt::format("bad BPF filter '{}' for link type {}: {}", expression_, dlt,
                                pcap_geterr(program->dead)),
                    where);
    programs_.push_back(std::move(program));
    return {};
}

bool OfflineFilter::accepts(int dlt, Bytes captured, std::uint32_t wire_length) const {
    if (!active()) return true;
    for (const auto& p : programs_) {
        if (p->dlt != dlt) continue;
        pcap_pkthdr hdr{};
        hdr.caplen = static_cast<bpf_u_int32>(captured.size());
        hdr.len = wire_length;
        return pcap_offline_filter(&p->code, &hdr, reinterpret_cast<const u_char*>(captured.data())) != 0;
    }
    return false;  // not prepared: a bug in the reader; nothing passes rather than everything
}

}  // namespace whorl::io
