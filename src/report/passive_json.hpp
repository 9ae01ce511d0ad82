// JSON lines for passive mode (`whorl passive --json FILE|-`): one object per observation
// as it happens, then one per host and one run summary at the end. The schema is in
// docs/passive-json.md; every object has "type" ("observation", "host" or "summary").
// Observation lines, the bulk of the output, are written in one pass straight into the
// caller's text buffer (as p0f_text.hpp's lines are); hosts and the summary go through fmt.
// The caller owns the output stream and drains the buffer; the writer does no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fp/p0f/p0f_database.hpp"
#include "passive/host_summary.hpp"
#include "passive/observation.hpp"
#include "passive/passive_pipeline.hpp"

namespace whorl::report {

// The capture's kernel counters (live only), as the caller read them from its source.
struct CaptureCounters {
    std::uint64_t received = 0;           // packets seen by the filter
    std::uint64_t dropped = 0;            // dropped by the kernel (buffer full)
    std::uint64_t interface_dropped = 0;  // dropped by the interface or driver
};

// What the end-of-run summary reports besides the pipeline's own counters.
struct PassiveRunInfo {
    std::string source;       // file name or interface
    bool live = false;
    bool interrupted = false;  // stopped by SIGINT / SIGTERM
    CaptureCounters capture;   // kernel counters (live only)
    std::size_t hosts = 0, flows = 0;  // still in the tables at the end
};

class PassiveJsonWriter final : public fp::passive::ObservationSink {
public:
    // Lines are appended to `out`, which must outlive the writer.
    PassiveJsonWriter(const fp::passive::P0fDatabase& db, std::string& out);
    void observe(const fp::passive::Observation& o) override;
    void host(const fp::passive::HostSummary& h);
    void summary(const fp::passive::PassiveStats& stats, const PassiveRunInfo& run);

private:
    struct BuiltTexts;  // what an observation's fields need built before its line is written

    // Room the fields after the common ones need beyond observe()'s fixed bound; builds the
    // texts that must be built first (and the match head of a label printed for the first time).
    std::size_t detail_room(const fp::passive::ObservationDetail& d, BuiltTexts& built);
    const std::string& match_head_of(std::uint32_t label);
    // Each writes at p, within the room observe() reserved, and returns the new end.
    char* common_fields(char* p, const fp::passive::Observation& o);  // type .. subject
    char* time_field(char* p, std::int64_t time_us);
    char* detail_fields(char* p, const fp::passive::ObservationDetail& d, const BuiltTexts& built) const;
    char* tcp_fields(char* p, const fp::passive::TcpDetail& t) const;
    char* http_fields(char* p, const fp::passive::HttpDetail& h, const BuiltTexts& built) const;
    char* match(char* p, std::uint32_t label, bool generic, bool fuzzy, std::uint32_t line) const;
    static void verdict(std::string& b, const fp::passive::HostSummary::Verdict& v);

    const fp::passive::P0fDatabase& db_;
    std::string& out_;
    // Per label index, the part of "match" that depends only on the label (empty until the
    // label is first printed): ,"match":{"label":..,"name":..,"flavor":..,"class":..,"kind":..
    std::vector<std::string> match_heads_;
    // "time":"YYYY-MM-DDTHH:MM:SS. of time_second_ (empty until the first observation).
    std::int64_t time_second_ = 0;
    std::string time_text_;
};

}  // namespace whorl::report
