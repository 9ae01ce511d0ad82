// Fuzz target: the passive mode's whole input path. The bytes are a capture file (in a
// memfd, memory_file.hpp): classic pcap and pcapng go through whorl's streaming readers
// (io/pcap_file_reader, io/pcapng_file_reader), anything else through libpcap; every
// packet, decoded by its own link type (a pcapng file may mix them; a packet of a link type
// whorl does not decode is skipped, as `whorl passive` does), then goes through the passive
// pipeline (p0f's connection logic, TCP and HTTP fingerprinting, NAT scoring, and the
// evidence stage: whorl-tcp.fp, Ettercap, User-Agent, DHCP, ICMP echo, host fusion), the p0f
// log and console writers and the JSON writer, and the host summaries, table and evidence
// list are built at the end. Whatever the bytes, it must end with the input or with one
// error that names the file and an offset, never crash. The first byte picks --p0f-exact,
// small caps so that eviction and expiry run too, and (bit 2) the pipeline without the
// evidence stage.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "memory_file.hpp"
#include "packets.hpp"
#include "io/buffered_output.hpp"
#include "io/pcap_file_reader.hpp"
#include "passive/host_summary.hpp"
#include "passive/passive_pipeline.hpp"
#include "report/host_table_text.hpp"
#include "report/p0f_text.hpp"
#include "report/passive_json.hpp"
#include "wire/link_type.hpp"

using namespace whorl;

namespace {

const fp::passive::P0fDatabase* database() {
    static const auto db = fp::passive::P0fDatabase::load_default();
    return db ? &*db : nullptr;
}

fp::passive::EvidenceStage* evidence(const fp::passive::P0fDatabase& db) {
    static auto stage = fp::passive::EvidenceStage::create({}, db);
    return stage ? stage->get() : nullptr;
}

struct Sinks final : fp::passive::ObservationSink {
    Sinks(const fp::passive::P0fDatabase& db, io::BufferedOutput& out)
        : out_(out),
          log(db, out.buffer(), report::P0fTextStyle::log),
          console(db, out.buffer(), report::P0fTextStyle::console),
          json(db, out.buffer()) {}
    void observe(const fp::passive::Observation& o) override {
        log.observe(o);
        console.observe(o);
        json.observe(o);
        out_.maybe_flush();
    }
    io::BufferedOutput& out_;
    report::P0fTextWriter log, console;
    report::PassiveJsonWriter json;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto* db = database();
    if (!db || size < 1) return 0;
    auto* stage = evidence(*db);
    if (!stage) return 0;
    const MemoryFile file(data + 1, size - 1);
    if (!file.ok()) return 0;
    const std::string path = file.path();
    auto source = io::open_capture_file(path);
    if (source) {
        fp::passive::PassiveConfig config;
        config.p0f_exact = data[0] & 1;
        if (data[0] & 2) {
            config.max_conn = 2;
            config.max_hosts = 3;
            config.conn_max_age_s = 1;
            config.host_idle_limit_min = 1;
        }
        const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        {
            auto out = io::BufferedOutput::for_fd(null_fd, "/dev/null");
            Sinks sinks(*db, *out);
            fp::passive::PassivePipeline pipeline(*db, config, sinks, data[0] & 4 ? nullptr : stage);
            for_each_packet(**source, [&](const io::CapturedPacket& pkt) {
                const auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>(pkt.dlt));
                if (link) pipeline.process(*link, pkt.timestamp.count(), pkt.data, pkt.wire_length);
            });
            const auto hosts = fp::passive::summarize_hosts(pipeline);
            out->buffer() += report::format_host_table(hosts) + report::format_host_evidence(hosts);
            for (const auto& h : hosts) sinks.json.host(h);
            (void)out->flush();
        }
        ::close(null_fd);
    }
    return 0;
}
