// `whorl passive` from open to summary; see passive_session.hpp.
#include "cli/passive_session.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "engine/capture_loop.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "io/buffered_output.hpp"
#include "io/pcap_file_reader.hpp"
#include "io/pcap_source.hpp"
#include "io/privileges.hpp"
#include "passive/host_summary.hpp"
#include "passive/passive_pipeline.hpp"
#include "report/host_table_text.hpp"
#include "report/p0f_text.hpp"
#include "report/passive_json.hpp"
#include "wire/link_type.hpp"

namespace whorl::cli {

namespace {

namespace fpp = fp::passive;

// Every writer sees every observation, in order; then each output whose buffer the
// writers filled past BufferedOutput::kFlushAt is written out (the writers do no I/O).
class Fanout final : public fpp::ObservationSink {
public:
    void add(fpp::ObservationSink& s, io::BufferedOutput& out) {
        sinks_.push_back(&s);
        outputs_.push_back(&out);
    }
    void observe(const fpp::Observation& o) override {
        for (auto* s : sinks_) s->observe(o);
        for (auto* out : outputs_) out->maybe_flush();
    }

private:
    std::vector<fpp::ObservationSink*> sinks_;
    std::vector<io::BufferedOutput*> outputs_;
};

struct Outputs {
    std::unique_ptr<io::BufferedOutput> console, log, json;
    std::unique_ptr<report::P0fTextWriter> console_writer, log_writer;
    std::unique_ptr<report::PassiveJsonWriter> json_writer;
    Fanout fanout;

    Result<void> flush() {
        Result<void> r;
        for (auto* o : {console.get(), log.get(), json.get()})
            if (o)
                if (auto f = o->flush(); !f && r) r = f;
        return r;
    }
};

Result<Outputs> open_outputs(const PassiveOptions& opt, const fpp::P0fDatabase& db, const Streams& io) {
    Outputs out;
    std::fflush(io.out);
    // "--json -" or "-o -" give standard output to that format alone; otherwise it shows
    // the console observations (not with -q) and the host table at the end.
    const bool json_stdout = opt.json_file == "-", log_stdout = opt.log_file == "-";
    if (!json_stdout && !log_stdout) {
        out.console = io::BufferedOutput::for_fd(::fileno(io.out), "standard output");
        if (!opt.quiet) {
            out.console_writer = std::make_unique<report::P0fTextWriter>(db, out.console->buffer(),
                                                                         report::P0fTextStyle::console);
            out.fanout.add(*out.console_writer, *out.console);
        }
    }
    if (!opt.log_file.empty()) {
        auto log = log_stdout ? Result<std::unique_ptr<io::BufferedOutput>>(
                                    io::BufferedOutput::for_fd(::fileno(io.out), "standard output"))
                              : io::BufferedOutput::open_append(opt.log_file);
        if (!log) return unexpected(log.error());
        out.log = std::move(*log);
        out.log_writer = std::make_unique<report::P0fTextWriter>(db, out.log->buffer(),
                                                                 report::P0fTextStyle::log);
        out.fanout.add(*out.log_writer, *out.log);
    }
    if (!opt.json_file.empty()) {
        if (json_stdout) {
            out.json = io::BufferedOutput::for_fd(::fileno(io.out), "standard output");
        } else {
            auto json = io::BufferedOutput::open_append(opt.json_file);
            if (!json) return unexpected(json.error());
            out.json = std::move(*json);
        }
        out.json_writer = std::make_unique<report::PassiveJsonWriter>(db, out.json->buffer());
        out.fanout.add(*out.json_writer, *out.json);
    }
    return out;
}

Result<std::unique_ptr<io::PacketSource>> open_source(const PassiveOptions& opt) {
    if (!opt.read_file.empty()) return io::open_capture_file(opt.read_file, opt.filter);
    io::LiveOptions live;
    live.promiscuous = opt.promiscuous;
    auto src = io::PcapSource::open_live(opt.interface, opt.filter, live);
    if (!src) return unexpected(src.error());
    return std::unique_ptr<io::PacketSource>(std::move(*src));
}

// Hands every captured packet to the pipeline, decoded by its own link type; flushes the
// outputs when a live capture has nothing more ready, so that observations appear as they
// happen. A source with one link type whorl cannot decode is refused before reading; in a
// pcapng file (a link type per interface) the packets of such an interface are skipped,
// with one warning per interface and link type, and the other interfaces are read.
class Feeder final : public engine::CaptureConsumer {
public:
    Feeder(fpp::PassivePipeline& p, Outputs& out, bool live, std::FILE* err)
        : pipeline_(p), out_(out), live_(live), err_(err) {}
    void on_packet(const io::CapturedPacket& pkt) override {
        const auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>(pkt.dlt));
        if (!link) return skip(pkt);
        ++decoded_;
        pipeline_.process(*link, pkt.timestamp.count(), pkt.data, pkt.wire_length);
    }
    void on_idle() override {
        if (live_) (void)out_.flush();
    }
    std::uint64_t decoded() const { return decoded_; }
    std::uint64_t skipped() const { return skipped_; }
    int first_skipped_dlt() const { return first_skipped_dlt_; }

private:
    static constexpr std::size_t kMaxWarnings = 16;  // a crafted file may describe thousands

    void skip(const io::CapturedPacket& pkt) {
        if (skipped_++ == 0) first_skipped_dlt_ = pkt.dlt;
        const std::pair<std::uint32_t, int> key{pkt.interface, pkt.dlt};
        if (warned_.size() >= kMaxWarnings || std::find(warned_.begin(), warned_.end(), key) != warned_.end()) return;
        warned_.push_back(key);
        fmt::print(err_, "whorl passive: warning: interface {} has link type {}, which whorl does not decode; "
                         "its packets are skipped{}\n",
                   pkt.interface, pkt.dlt,
                   warned_.size() == kMaxWarnings ? " (no more warnings of this kind)" : "");
    }

    fpp::PassivePipeline& pipeline_;
    Outputs& out_;
    bool live_;
    std::FILE* err_;
    std::uint64_t decoded_ = 0, skipped_ = 0;
    int first_skipped_dlt_ = -1;
    std::vector<std::pair<std::uint32_t, int>> warned_;
};

void print_end(const PassiveOptions& opt, const fpp::PassivePipeline& p, Outputs& out,
               const report::PassiveRunInfo& run, const Streams& io) {
    const bool table = out.console && opt.summary;
    const auto hosts = table || out.json_writer ? fpp::summarize_hosts(p) : std::vector<fpp::HostSummary>{};
    if (table) out.console->buffer() += report::format_host_table(hosts) + report::format_host_evidence(hosts);
    if (out.json_writer) {
        for (const auto& h : hosts) {
            out.json_writer->host(h);
            out.json->maybe_flush();
        }
        out.json_writer->summary(p.stats(), run);
        out.json->maybe_flush();
    }
    if (opt.quiet) return;
    const auto& s = p.stats();
    fmt::print(io.err, "whorl passive: {} packets, {} TCP segments, {} observations, {} hosts{}\n",
               s.frames, s.tcp_segments, s.observations, p.host_count(),
               run.interrupted ? " (interrupted)" : "");
    if (s.flows_pruned || s.hosts_evicted)
        fmt::print(io.err, "whorl passive: caps reached: {} connections and {} hosts dropped (-m {},{})\n",
                   s.flows_pruned, s.hosts_evicted, p.config().max_conn, p.config().max_hosts);
    if (run.live)
        fmt::print(io.err, "whorl passive: kernel: {} packets received, {} dropped, {} dropped by the interface\n",
                   run.capture.received, run.capture.dropped, run.capture.interface_dropped);
}

}  // namespace

Result<int> run_passive_session(const PassiveOptions& opt, const Streams& io) {
    auto db = fpp::P0fDatabase::load_default(opt.fp_file);
    if (!db) return unexpected(db.error());
    auto source = open_source(opt);
    if (!source) return unexpected(source.error());
    // One link type for the whole source: it must be one whorl decodes. A link type per
    // packet (pcapng): decided packet by packet in the Feeder.
    const int dlt = (*source)->datalink();
    const bool link_per_packet = (*source)->link_type_per_packet();
    const auto link = wire::link_type_from_dlt(static_cast<std::uint32_t>(dlt));
    const std::string name = opt.read_file.empty() ? opt.interface : opt.read_file;
    if (!link && !link_per_packet)
        return fail(Errc::unsupported, fmt::format("link type {} is not supported", dlt), name);
    auto evidence = fpp::EvidenceStage::create(opt.evidence, *db);
    if (!evidence) return unexpected(evidence.error());
    auto out = open_outputs(opt, *db, io);
    if (!out) return unexpected(out.error());

    if (!opt.user.empty()) {
        ::tzset();  // the time zone must be known before /etc may vanish in a chroot
        (*evidence)->load_tls_model();  // read lazily otherwise, which a chroot would prevent
        auto dropped = io::drop_privileges(opt.user, opt.chroot);
        if (!dropped) return unexpected(dropped.error());
        if (!opt.quiet)
            fmt::print(io.err, "whorl passive: running as uid {} gid {}{}\n", dropped->uid, dropped->gid,
                       dropped->root.empty() ? "" : fmt::format(", chroot {}", dropped->root));
    }
    if (!opt.quiet)
        fmt::print(io.err, "whorl passive: {} signatures; {} {} ({}){}\n", db->signature_count(),
                   opt.read_file.empty() ? "listening on" : "reading", name,
                   link_per_packet ? "a link type per interface" : wire::link_type_name(*link),
                   opt.filter.empty() ? "" : fmt::format(", filter '{}'", opt.filter));
    // The fused verdicts show only in the host table and in JSON host lines: without either
    // the evidence stage would work for nobody (its databases are still loaded above, so
    // that a broken one is reported all the same).
    const bool fusion_shown = out->json_writer || (out->console && opt.summary);
    if (!opt.quiet && fusion_shown) {
        const auto& ev = **evidence;
        const std::string ettercap = ev.ettercap_entries()
                                         ? fmt::format("{} Ettercap keys", ev.ettercap_entries())
                                         : std::string("no Ettercap file");
        const std::string nmap = ev.nmap_synack_signatures()
                                     ? fmt::format("{} SYN+ACK signatures from nmap-os-db", ev.nmap_synack_signatures())
                                     : std::string("no nmap-os-db");
        fmt::print(io.err, "whorl passive: fusing evidence from {} whorl-tcp.fp signatures, {}, {}, {} DHCP fingerprints\n",
                   ev.whorl_tcp_signatures(), nmap, ettercap, ev.dhcp_entries());
    }

    fpp::PassivePipeline pipeline(*db, opt.config, out->fanout, fusion_shown ? evidence->get() : nullptr);
    Feeder feeder(pipeline, *out, opt.read_file.empty(), io.err);
    io::SystemClock clock;
    auto end = engine::run_capture(**source, feeder, clock);

    report::PassiveRunInfo run;
    run.source = name;
    run.live = opt.read_file.empty();
    run.interrupted = end && *end == engine::CaptureEnd::interrupted;
    const io::CaptureStats stats = (*source)->stats();
    run.capture = {stats.received, stats.dropped, stats.interface_dropped};
    run.hosts = pipeline.host_count();
    run.flows = pipeline.flow_count();
    print_end(opt, pipeline, *out, run, io);
    auto flushed = out->flush();
    if (!end) return unexpected(end.error());
    if (!flushed) return unexpected(flushed.error());
    // Packets, but none whorl could decode: as for a file of one unsupported link type.
    if (feeder.decoded() == 0 && feeder.skipped() > 0)
        return fail(Errc::unsupported,
                    fmt::format("link type {} is not supported (no interface has a link type whorl decodes)",
                                feeder.first_skipped_dlt()),
                    name);
    // Stopping a live capture is how it ends; a file cut short is an incomplete answer.
    if (run.interrupted && !run.live)
        return fail(Errc::interrupted, fmt::format("interrupted after {} packets", pipeline.stats().frames),
                    opt.read_file);
    return 0;
}

}  // namespace whorl::cli
