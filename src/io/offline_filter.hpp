// OfflineFilter: one BPF expression applied to packets read from a file by whorl's own
// readers, compiled once per distinct link type (pcap_open_dead + pcap_compile, the first
// time that DLT is prepared) and run with pcap_offline_filter. A classic pcap file needs
// one program; a pcapng file one per link type among its interfaces.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "base/error.hpp"

namespace whorl::io {

class OfflineFilter {
public:
    explicit OfflineFilter(std::string expression);
    ~OfflineFilter();
    OfflineFilter(const OfflineFilter&) = delete;
    OfflineFilter& operator=(const OfflineFilter&) = delete;

    // Whether there is an expression at all (without one every packet passes).
    bool active() const { return !expression_.empty(); }

    // Compiles the expression for `dlt` unless done already: a usage error naming the link
    // type (at `where`) when it does not compile for it.
    Result<void> prepare(int dlt, const std::string& where);

    // Whether a packet of link type `dlt` passes; prepare(dlt) must have succeeded.
    bool accepts(int dlt, Bytes captured, std::uint32_t wire_length) const;

private:
    struct Program;
    std::string expression_;
    std::vector<std::unique_ptr<Program>> programs_;  // one per DLT prepared, few
};

}  // namespace whorl::io
