// EvidenceStage: the one place where the passive pipeline hands what it saw to the OS
// classifiers beyond p0f and collects their Evidence per host for HostFusion: the p0f
// match of a SYN or SYN+ACK and the same packet against whorl's own data/whorl-tcp.fp and
// Ettercap's etter.finger.os; p0f's HTTP match, the User-Agent and the Sec-CH-UA-Platform
// hints of a request; DHCP client messages and ICMP echoes; and, as context that names no
// OS, the link type from the MTU and the timestamp clock behind an uptime. The pipeline
// calls it at those points and asks it for a host's fused verdict at the end.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/error.hpp"
#include "base/ip_address.hpp"
#include "fp/common/direction.hpp"
#include "fp/fusion/evidence.hpp"
#include "fp/fusion/host_fusion.hpp"
#include "fp/http/http_matcher.hpp"
#include "fp/tcp/mtu_table.hpp"
#include "fp/tcp/tcp_matcher.hpp"
#include "fp/tcp/uptime.hpp"
#include "fp/tls/tls_os_model.hpp"
#include "passive/tcp_signature_cache.hpp"
#include "wire/frame.hpp"

namespace whorl::fp::passive {

class P0fDatabase;
class EttercapDb;
class DhcpDb;
class UapOsParsers;
struct PassiveHost;

struct EvidenceOptions {
    std::string ettercap_path;  // empty: the installed etter.finger.os, if any
    bool ettercap = true;
    bool dhcp = true;       // data/dhcp-fingerprints.txt
    bool whorl_tcp = true;  // data/whorl-tcp.fp
    // SYN+ACK signatures derived from Nmap's nmap-os-db (fp/p0f/nmap_synack.hpp): this file,
    // or the installed one (none installed: off).
    bool nmap_synack = true;
    bool mercury_tcp = true;  // data/mercury/tcp-os.tsv, for SYNs
    std::string nmap_os_db_path;
    // uap-core's OS parsers (regexes.yaml) for User-Agents, beside the hand table
    // (fp/http/ua_evidence.hpp): this file, or the installed one; off when missing or
    // unreadable (compiling them costs about 3 ms).
    bool uap_core = true;
    std::string uap_core_path;
    bool tls = true;        // data/mercury/tls-os.tsv, read at the first ClientHello
    std::size_t max_per_host = 16;  // HostFusion's bound on kept evidence
};

// Evidence a datagram gave about its sender.
struct DatagramEvidence {
    IpAddress subject;
    Evidence evidence;
};

class EvidenceStage {
public:
    // Loads the classifiers' databases. A missing optional database (Ettercap not
    // installed) only disables that classifier; a broken one, or whorl's own data files
    // missing when asked for, is an error. `p0f` is the database the pipeline matches with
    // (p0f.fp); it must outlive the stage.
    static Result<std::unique_ptr<EvidenceStage>> create(const EvidenceOptions& options, const P0fDatabase& p0f);
    ~EvidenceStage();

    // Entries loaded (0 when the classifier is off), for the banner and tests.
    std::size_t ettercap_entries() const;
    std::size_t dhcp_entries() const;
    std::size_t whorl_tcp_signatures() const;
    std::size_t nmap_synack_signatures() const;

    // What the three TCP classifiers say about one signature: the p0f match `match`,
    // whorl-tcp.fp's match and Ettercap's key lookup, as evidence; `raw_sig` is p0f's raw
    // signature of `input`. The pipeline's TcpSignatureCache asks once per signature.
    TcpSignatureEvidence classify_tcp(const TcpSignatureInput& input, const TcpMatch& match,
                                      std::string_view raw_sig) const;
    // A SYN (request) or SYN+ACK (response) from `host` with the signature `sig`: its
    // evidence goes to the host.
    void on_tcp(PassiveHost& host, const CachedTcpSignature& sig, std::int64_t time_us) const;

    // An HTTP request or response from `host`: the p0f HTTP match, and for a request the
    // User-Agent and the Sec-CH-UA-Platform(-Version) client hints.
    void on_http(PassiveHost& host, const HttpObservation& message, const HttpMatch& match,
                 Direction dir, std::int64_t time_us) const;

    // What mercury's table says of a ClientHello (its mercury string): remembered per string.
    // nullopt when the table is off, missing, or has nothing near.
    const std::optional<tls::TlsOsGuess>& classify_tls(const std::string& mercury_string);
    // Loads the TLS OS model now rather than at the first hello (it is read lazily): before
    // a chroot (passive -u), after which data/ cannot be reached.
    void load_tls_model();
    // A ClientHello from `host` whose vote is `guess`: evidence only when it is decisive
    // (a library's hello that every OS sends says nothing); `ja4` is kept as its detail.
    void on_tls(PassiveHost& host, const tls::TlsOsGuess& guess, std::string_view ja4, std::int64_t time_us) const;

    // Context for the reader, weight 0 in the fusion: the link type an MSS implies and the
    // rate of the timestamp clock an uptime was read from.
    void on_mtu(PassiveHost& host, const MtuResult& mtu, std::int64_t time_us);
    void on_uptime(PassiveHost& host, const UptimeEstimate& uptime, std::int64_t time_us);

    // A frame with no TCP in it: a DHCP client message (UDP to port 67) or an ICMP echo
    // request or reply, classified, with the address it is about. A DHCP client often has
    // no address yet (it sends from 0.0.0.0): its message is filed under the client
    // address it carries (ciaddr) or, in a REQUEST, the address it asks for (option 50).
    // nullopt when the frame says nothing or there is no address to file it under.
    std::optional<DatagramEvidence> classify_datagram(const wire::DecodedFrame& frame,
                                                      std::int64_t time_us) const;

    // Adds evidence to a host's fusion (created on first use).
    void add(PassiveHost& host, Evidence e) const;

    // The fused verdict for a host; nullopt before any evidence. The verdict's pointers
    // point into the host's fusion and stay valid until the next add().
    std::optional<OsVerdict> verdict(const PassiveHost& host) const;

    const P0fDatabase& p0f() const { return p0f_; }

private:
    EvidenceStage(const EvidenceOptions& options, const P0fDatabase& p0f);

    void add(PassiveHost& host, const SharedEvidence& e, std::int64_t time_us) const;

    // The MTU and uptime context, by MTU and clock rate: few values, direct-mapped.
    struct MtuAnswer {
        std::uint32_t mtu = 0;
        const MtuEntry* entry = nullptr;
        std::optional<SharedEvidence> evidence;
    };
    struct UptimeAnswer {
        std::uint32_t freq = 0;
        std::optional<SharedEvidence> evidence;
    };

    EvidenceOptions options_;
    const P0fDatabase& p0f_;
    std::array<MtuAnswer, 64> mtu_answers_{};
    std::array<UptimeAnswer, 16> uptime_answers_{};
    std::vector<OsFamily> p0f_families_, whorl_tcp_families_, nmap_synack_families_;  // by label index
    std::unique_ptr<EttercapDb> ettercap_;
    std::unique_ptr<DhcpDb> dhcp_;
    std::unique_ptr<P0fDatabase> whorl_tcp_, nmap_synack_;
    std::unique_ptr<tls::MercuryTable> mercury_tcp_;
    // Loaded at the first ClientHello (a capture without TLS never pays for it).
    std::unique_ptr<UapOsParsers> uap_;
    bool tls_tried_ = false;
    std::unique_ptr<tls::TlsOsModel> tls_model_;
    std::unordered_map<std::string, std::optional<tls::TlsOsGuess>> tls_answers_;
};

}  // namespace whorl::fp::passive
