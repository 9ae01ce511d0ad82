// The evidence stage: p0f matches, Ettercap keys, User-Agents, DHCP and ICMP echoes turned
// into Evidence for HostFusion; see evidence_stage.hpp.
// Until the classifier modules link, WHORL_EVIDENCE_MODULES (evidence_modules.hpp) is 0 and
// this compiles to a stage that loads nothing and adds nothing.
#include "fp/passive/evidence_stage.hpp"

#include <algorithm>

#include "fp/passive/dhcp.hpp"
#include "fp/passive/ettercap_db.hpp"
#include "fp/passive/evidence_modules.hpp"
#include "fp/passive/host_table.hpp"
#include "fp/passive/p0f_database.hpp"
#include "fp/passive/user_agent.hpp"
#include "wire/ip_protocol.hpp"

namespace whorl::fp::passive {

EvidenceStage::EvidenceStage(const EvidenceOptions& options) : options_(options) {}
EvidenceStage::~EvidenceStage() = default;

Result<std::unique_ptr<EvidenceStage>> EvidenceStage::create(const EvidenceOptions& options) {
    std::unique_ptr<EvidenceStage> stage(new EvidenceStage(options));
#if WHORL_EVIDENCE_MODULES
    if (options.ettercap) {
        auto db = EttercapDb::load(options.ettercap_path);
        if (db) stage->ettercap_ = std::make_unique<EttercapDb>(std::move(*db));
        else if (!options.ettercap_path.empty() || db.error().code != Errc::not_found)
            return unexpected(db.error());
    }
    if (options.dhcp) {
        auto db = DhcpDb::load();
        if (!db) return unexpected(db.error());
        stage->dhcp_ = std::make_unique<DhcpDb>(std::move(*db));
    }
#endif
    return stage;
}

bool EvidenceStage::active() const { return WHORL_EVIDENCE_MODULES != 0; }

#if WHORL_EVIDENCE_MODULES
namespace {

bool has_option(const TcpSignatureInput& in, std::uint8_t kind) {
    const auto v = in.layout.view();
    return std::find(v.begin(), v.end(), kind) != v.end();
}

void add(PassiveHost& host, Evidence e, std::size_t max_per_host) {
    if (!host.fusion) host.fusion = std::make_unique<HostFusion>(max_per_host);
    host.fusion->add(std::move(e));
}

// How much a p0f match says: an exact specific match most, generic and fuzzy less.
double match_strength(bool generic, bool fuzzy) {
    double s = generic ? 0.6 : 1.0;
    return fuzzy ? s * 0.5 : s;
}

}  // namespace
#endif

void EvidenceStage::on_tcp(PassiveHost& host, const TcpPacket& packet,
                           const TcpSignatureInput& input, const TcpMatch& match,
                           const P0fDatabase& db, std::int64_t time_us) const {
#if WHORL_EVIDENCE_MODULES
    if (match.record && !match.record->app) {
        const Label& label = db.label(match.record->label);
        Evidence e;
        e.source = input.syn_ack ? EvidenceSource::p0f_synack : EvidenceSource::p0f_syn;
        e.name = db.names()[label.name_id];
        e.family = family_of(e.name);
        e.flavor = label.flavor.value_or("");
        e.strength = match_strength(match.generic(), match.fuzzy);
        e.detail = format_tcp_raw_sig(input);
        e.time_us = time_us;
        add(host, std::move(e), options_.max_per_host);
    }
    if (ettercap_) {
        EttercapKeyInput key;
        key.window = packet.window;
        if (has_option(input, kOptMss)) key.mss = input.mss;
        key.ttl = input.ttl;
        if (has_option(input, kOptWs)) key.wscale = input.wscale;
        key.sack_permitted = has_option(input, kOptSackOk);
        key.nop = has_option(input, kOptNop);
        key.df = packet.header.df;
        key.timestamp = has_option(input, kOptTs);
        key.syn_ack = input.syn_ack;
        key.header_length = packet.total_header;
        if (auto e = ettercap_->match(key)) {
            e->time_us = time_us;
            add(host, std::move(*e), options_.max_per_host);
        }
    }
#else
    (void)host, (void)packet, (void)input, (void)match, (void)db, (void)time_us;
#endif
}

void EvidenceStage::on_http(PassiveHost& host, const HttpObservation& message,
                            const HttpMatch& match, Direction dir, const P0fDatabase& db,
                            std::int64_t time_us) const {
#if WHORL_EVIDENCE_MODULES
    if (match.record && !match.record->app) {
        const Label& label = db.label(match.record->label);
        Evidence e;
        e.source = dir == Direction::request ? EvidenceSource::p0f_http_request
                                             : EvidenceSource::p0f_http_response;
        e.name = db.names()[label.name_id];
        e.family = family_of(e.name);
        e.flavor = label.flavor.value_or("");
        e.strength = match_strength(match.generic(), false);
        e.time_us = time_us;
        add(host, std::move(e), options_.max_per_host);
    }
    if (dir != Direction::request) return;
    if (message.software)
        if (auto e = classify_user_agent(*message.software)) {
            e->time_us = time_us;
            add(host, std::move(*e), options_.max_per_host);
        }
    for (const auto& h : message.headers) {
        if (!h.value || h.name.size() != 18) continue;
        std::string lower(h.name);
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (lower != "sec-ch-ua-platform") continue;
        if (auto e = classify_platform_hint(*h.value)) {
            e->time_us = time_us;
            add(host, std::move(*e), options_.max_per_host);
        }
    }
#else
    (void)host, (void)message, (void)match, (void)dir, (void)db, (void)time_us;
#endif
}

std::optional<IpAddress> EvidenceStage::datagram_subject(const wire::DecodedFrame& frame) const {
#if WHORL_EVIDENCE_MODULES
    const bool dhcp = dhcp_ && frame.udp && frame.udp->dst_port() == 67;
    const bool echo = (frame.icmp4 && frame.icmp4->is_echo()) || (frame.icmp6 && frame.icmp6->is_echo());
    if (!dhcp && !echo) return std::nullopt;
    // A DHCP DISCOVER comes from 0.0.0.0: the client has no address to file it under yet.
    if (frame.ipv4 && frame.ipv4->src().value != 0) return IpAddress::v4(frame.ipv4->src().value);
    if (frame.ipv6)
        return IpAddress::v6(std::as_bytes(std::span<const std::uint8_t, 16>(frame.ipv6->src().octets)));
#else
    (void)frame;
#endif
    return std::nullopt;
}

void EvidenceStage::on_datagram_for(PassiveHost& host, const wire::DecodedFrame& frame,
                                    std::int64_t time_us) const {
#if WHORL_EVIDENCE_MODULES
    std::optional<Evidence> e;
    if (frame.udp && dhcp_) {
        if (auto msg = parse_dhcp(frame.udp->payload())) e = dhcp_->match(*msg);
    } else if (frame.icmp4) {
        e = classify_icmp_echo(frame.ipv4->ttl(), frame.icmp4->payload(),
                               frame.icmp4->type() == wire::icmp4_type::kEchoRequest);
    } else if (frame.icmp6) {
        e = classify_icmp_echo(frame.ipv6->hop_limit(), frame.icmp6->payload(),
                               frame.icmp6->type() == wire::icmp6_type::kEchoRequest);
    }
    if (e) {
        e->time_us = time_us;
        add(host, std::move(*e), options_.max_per_host);
    }
#else
    (void)host, (void)frame, (void)time_us;
#endif
}

std::optional<OsVerdict> EvidenceStage::verdict(const PassiveHost& host) const {
#if WHORL_EVIDENCE_MODULES
    if (host.fusion && !host.fusion->evidence().empty()) return host.fusion->verdict();
#else
    (void)host;
#endif
    return std::nullopt;
}

}  // namespace whorl::fp::passive
