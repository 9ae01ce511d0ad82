// EvidenceStage: the one place where the passive pipeline hands what it saw to the OS
// classifiers beyond p0f (Ettercap's etter.finger.os, User-Agent, DHCP, ICMP echo) and
// collects their Evidence per host for HostFusion. Each classifier is one call here; the
// pipeline calls the stage at four points (a fingerprinted SYN or SYN+ACK, an HTTP
// message, a UDP or ICMP datagram) and asks it for a host's verdict at the end.
//
// The classifier modules (evidence.hpp, host_fusion.hpp, user_agent.hpp, ettercap_db.hpp,
// dhcp.hpp) are written in parallel; until they are linked, WHORL_EVIDENCE_MODULES in
// evidence_modules.hpp is 0 and every call below does nothing (active() is false).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/error.hpp"
#include "fp/passive/direction.hpp"
#include "fp/passive/host_fusion.hpp"
#include "fp/passive/http_matcher.hpp"
#include "fp/passive/tcp_matcher.hpp"
#include "fp/passive/tcp_packet.hpp"
#include "wire/frame.hpp"

namespace whorl::fp::passive {

class P0fDatabase;
class EttercapDb;
class DhcpDb;
struct PassiveHost;

struct EvidenceOptions {
    std::string ettercap_path;  // empty: the installed etter.finger.os, if any
    bool ettercap = true;
    bool dhcp = true;
    std::size_t max_per_host = 16;  // HostFusion's bound on kept evidence
};

class EvidenceStage {
public:
    // Loads the classifiers' databases. A missing optional database (Ettercap not
    // installed) only disables that classifier; a broken one is an error.
    static Result<std::unique_ptr<EvidenceStage>> create(const EvidenceOptions& options);
    ~EvidenceStage();

    // False while the classifier modules are not connected: the pipeline then skips the
    // calls below, and verdict() is nullopt.
    bool active() const;

    // A SYN (request) or SYN+ACK (response) the p0f engine fingerprinted, `host` being
    // the side that sent it: the p0f match as evidence, and Ettercap's key lookup.
    void on_tcp(PassiveHost& host, const TcpPacket& packet, const TcpSignatureInput& input,
                const TcpMatch& match, const P0fDatabase& db, std::int64_t time_us) const;

    // An HTTP request or response from `host`: the p0f HTTP match as evidence, and for a
    // request the User-Agent and Sec-CH-UA-Platform classifiers.
    void on_http(PassiveHost& host, const HttpObservation& message, const HttpMatch& match,
                 Direction dir, const P0fDatabase& db, std::int64_t time_us) const;

    // A frame with no TCP in it: DHCP requests (UDP to port 67) and ICMP echo requests and
    // replies. Returns the address the evidence is about (the sender), if any, and fills
    // `host` through `host_for` only then.
    template <class HostFor>
    void on_datagram(const wire::DecodedFrame& frame, std::int64_t time_us, HostFor host_for) const {
        if (auto subject = datagram_subject(frame))
            if (PassiveHost* h = host_for(*subject)) on_datagram_for(*h, frame, time_us);
    }

    // The fused verdict for a host, once evidence was collected.
    std::optional<OsVerdict> verdict(const PassiveHost& host) const;

private:
    explicit EvidenceStage(const EvidenceOptions& options);
    std::optional<IpAddress> datagram_subject(const wire::DecodedFrame& frame) const;
    void on_datagram_for(PassiveHost& host, const wire::DecodedFrame& frame,
                         std::int64_t time_us) const;

    EvidenceOptions options_;
    std::unique_ptr<EttercapDb> ettercap_;
    std::unique_ptr<DhcpDb> dhcp_;
};

}  // namespace whorl::fp::passive
