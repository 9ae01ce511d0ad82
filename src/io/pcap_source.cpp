// libpcap wrapper: open, filter, read with byte offsets for file errors, statistics.
#include "io/pcap_source.hpp"

#include <pcap/pcap.h>

#include <cstdio>

#include <fmt/format.h>

namespace whorl::io {
namespace {

Result<void> apply_filter(pcap* p, const std::string& filter, const std::string& name) {
    if (filter.empty()) return {};
    bpf_program prog{};
    if (pcap_compile(p, &prog, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
        return fail(Errc::usage, fmt::format("bad BPF filter '{}': {}", filter, pcap_geterr(p)), name);
    int rc = pcap_setfilter(p, &prog);
    pcap_freecode(&prog);
    if (rc != 0) return fail(Errc::io, fmt::format("cannot set BPF filter: {}", pcap_geterr(p)), name);
    return {};
}

long file_offset(pcap* p) {
    std::FILE* f = pcap_file(p);
    return f ? std::ftell(f) : -1;
}

// Classic pcap (not pcapng, not the "modified" variants): 24-byte file header and 16-byte
// record headers, so record offsets follow from the captured lengths.
bool classic_pcap(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return false;
    unsigned char m[4] = {};
    const bool got = std::fread(m, 1, 4, f) == 4;
    std::fclose(f);
    const std::uint32_t magic =
        std::uint32_t{m[0]} << 24 | std::uint32_t{m[1]} << 16 | std::uint32_t{m[2]} << 8 | m[3];
    return got &&
           (magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1);
}

constexpr long kClassicFileHeader = 24, kClassicRecordHeader = 16;

}  // namespace

PcapSource::PcapSource(pcap* handle, std::string name, bool is_file)
    : handle_(handle), name_(std::move(name)), is_file_(is_file) {}

PcapSource::~PcapSource() { pcap_close(handle_); }

Result<std::unique_ptr<PcapSource>> PcapSource::open_file(const std::string& path,
                                                          const std::string& bpf_filter) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, err);
    if (!p) {
        std::FILE* probe = std::fopen(path.c_str(), "rb");
        if (!probe) return fail(Errc::not_found, "cannot open capture file: no such file", path);
        std::fclose(probe);
        return fail(Errc::parse, fmt::format("not a readable capture file: {}", err), path);
    }
    std::unique_ptr<PcapSource> src(new PcapSource(p, path, true));
    if (classic_pcap(path)) src->next_offset_ = kClassicFileHeader;
    if (auto r = apply_filter(p, bpf_filter, path); !r) return unexpected(r.error());
    return src;
}

Result<std::unique_ptr<PcapSource>> PcapSource::open_live(const std::string& interface,
                                                          const std::string& bpf_filter,
                                                          const LiveOptions& options) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap* p = pcap_create(interface.c_str(), err);
    if (!p) return fail(Errc::io, fmt::format("cannot open interface: {}", err), interface);
    std::unique_ptr<PcapSource> src(new PcapSource(p, interface, false));
    pcap_set_snaplen(p, options.snaplen);
    pcap_set_promisc(p, options.promiscuous ? 1 : 0);
    pcap_set_immediate_mode(p, 1);
    pcap_set_buffer_size(p, options.buffer_bytes);
    int rc = pcap_activate(p);
    if (rc < 0) {
        Errc code = rc == PCAP_ERROR_PERM_DENIED ? Errc::permission
                    : rc == PCAP_ERROR_NO_SUCH_DEVICE ? Errc::not_found
                                                      : Errc::io;
        std::string why = rc == PCAP_ERROR_PERM_DENIED ? "permission denied (live capture needs root or CAP_NET_RAW)"
                                                       : std::string(pcap_geterr(p));
        return fail(code, fmt::format("cannot capture: {}", why), interface);
    }
    if (pcap_setnonblock(p, 1, err) != 0)
        return fail(Errc::io, fmt::format("cannot set non-blocking mode: {}", err), interface);
    if (auto r = apply_filter(p, bpf_filter, interface); !r) return unexpected(r.error());
    return src;
}

int PcapSource::datalink() const { return pcap_datalink(handle_); }

Result<std::optional<CapturedPacket>> PcapSource::next() {
    if (at_end_) return std::nullopt;
    long offset = !is_file_ ? -1 : next_offset_ >= 0 ? next_offset_ : file_offset(handle_);
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle_, &hdr, &data);
    if (rc == 1) {
        if (next_offset_ >= 0) {
            // libpcap cuts records longer than the snapshot length: then ask the FILE.
            next_offset_ = hdr->caplen >= static_cast<bpf_u_int32>(pcap_snapshot(handle_))
                               ? file_offset(handle_)
                               : next_offset_ + kClassicRecordHeader + static_cast<long>(hdr->caplen);
        }
        CapturedPacket pkt;
        pkt.data = Bytes(reinterpret_cast<const std::byte*>(data), hdr->caplen);
        pkt.wire_length = hdr->len;
        pkt.timestamp = std::chrono::seconds(hdr->ts.tv_sec) + std::chrono::microseconds(hdr->ts.tv_usec);
        pkt.dlt = pcap_datalink(handle_);
        return pkt;
    }
    if (rc == 0) return std::nullopt;  // live: nothing ready
    if (rc == PCAP_ERROR_BREAK) {
        at_end_ = true;
        return std::nullopt;
    }
    at_end_ = true;
    if (is_file_)
        return fail(Errc::parse, fmt::format("corrupt capture: {}", pcap_geterr(handle_)),
                    fmt::format("{}: offset {}", name_, offset));
    return fail(Errc::io, fmt::format("capture failed: {}", pcap_geterr(handle_)), name_);
}

int PcapSource::selectable_fd() const { return is_file_ ? -1 : pcap_get_selectable_fd(handle_); }

CaptureStats PcapSource::stats() const {
    pcap_stat ps{};
    if (is_file_ || pcap_stats(handle_, &ps) != 0) return {};
    return {ps.ps_recv, ps.ps_drop, ps.ps_ifdrop};
}

Result<void> PcapSource::set_filter(const std::string& bpf_filter) {
    return apply_filter(handle_, bpf_filter, name_);
}

}  // namespace whorl::io
