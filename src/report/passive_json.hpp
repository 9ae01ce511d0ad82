// JSON lines for passive mode (`whorl passive --json FILE|-`): one object per observation
// as it happens, then one per host and one run summary at the end. The schema is in
// docs/passive-json.md; every object has "type" ("observation", "host" or "summary").
#pragma once

#include <string>
#include <vector>

#include "fp/passive/host_summary.hpp"
#include "fp/passive/observation.hpp"
#include "fp/passive/p0f_database.hpp"
#include "fp/passive/passive_pipeline.hpp"
#include "io/buffered_output.hpp"
#include "io/packet_source.hpp"

namespace whorl::report {

// What the end-of-run summary reports besides the pipeline's own counters.
struct PassiveRunInfo {
    std::string source;       // file name or interface
    bool live = false;
    bool interrupted = false;  // stopped by SIGINT / SIGTERM
    io::CaptureStats capture;  // kernel counters (live only)
    std::size_t hosts = 0, flows = 0;  // still in the tables at the end
};

class PassiveJsonWriter final : public fp::passive::ObservationSink {
public:
    PassiveJsonWriter(const fp::passive::P0fDatabase& db, io::BufferedOutput& out);
    void observe(const fp::passive::Observation& o) override;
    void host(const fp::passive::HostSummary& h);
    void summary(const fp::passive::PassiveStats& stats, const PassiveRunInfo& run);

private:
    void match(std::string& b, const fp::passive::P0fDatabase& db, std::uint32_t label, bool generic,
               bool fuzzy, std::uint32_t line);
    static void verdict(std::string& b, const fp::passive::HostSummary::Verdict& v);

    const fp::passive::P0fDatabase& db_;
    io::BufferedOutput& out_;
};

}  // namespace whorl::report
