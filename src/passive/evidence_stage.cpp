// The evidence stage: p0f and whorl-tcp.fp matches, Ettercap keys, User-Agents and client
// hints, DHCP client messages, ICMP echoes, MTU and uptime turned into Evidence for each
// host's HostFusion; see evidence_stage.hpp.
#include "passive/evidence_stage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "fp/db/data_paths.hpp"
#include "fp/dhcp/dhcp.hpp"
#include "fp/http/ua_evidence.hpp"
#include "fp/http/user_agent.hpp"
#include "fp/icmp/icmp_echo.hpp"
#include "fp/db/os_db.hpp"
#include "fp/p0f/nmap_synack.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_evidence.hpp"
#include "fp/tcp/ettercap_db.hpp"
#include "fp/tcp/mercury_tcp.hpp"
#include "fp/tcp/tcp_packet.hpp"
#include "passive/host_table.hpp"

namespace whorl::fp::passive {

namespace {

constexpr std::uint8_t kDhcpRequest = 3;
constexpr std::uint16_t kDhcpServerPort = 67;

Result<std::unique_ptr<P0fDatabase>> load_whorl_tcp() {
    auto path = db::whorl_data_file("whorl-tcp.fp");
    if (!path) return unexpected(path.error());
    auto db = P0fDatabase::load(*path);
    if (!db) return unexpected(db.error());
    return std::make_unique<P0fDatabase>(std::move(*db));
}

constexpr std::size_t kTlsAnswers = 4096;  // distinct hellos remembered

OsFamily tls_evidence_family(std::string_view family) {
    if (family == "Windows") return OsFamily::windows;
    if (family == "Mac OS X") return OsFamily::macos;
    if (family == "iOS") return OsFamily::ios;
    if (family == "Android") return OsFamily::android;
    if (family == "Chrome OS") return OsFamily::chromeos;
    if (family == "Linux") return OsFamily::linux;
    return OsFamily::unknown;
}

// "microsoft:windows_10:20H2" -> "10 (20H2)", "apple:mac_os_x:10.15.7" -> "10.15.7".
std::string tls_evidence_flavor(std::string_view os) {
    std::size_t c1 = os.find(':'), c2 = c1 == std::string_view::npos ? c1 : os.find(':', c1 + 1);
    if (c2 == std::string_view::npos) return std::string(os);
    std::string_view product = os.substr(c1 + 1, c2 - c1 - 1), version = os.substr(c2 + 1);
    if (product.starts_with("windows_")) return fmt::format("{} ({})", product.substr(8), version);
    return std::string(version);
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The address a DHCP client message is about: the client's own (ciaddr) when it has one,
// else in a REQUEST the one it asks for. Never the IP source, which is 0.0.0.0 or a relay.
std::optional<IpAddress> dhcp_subject(const DhcpMessage& m) {
    if (m.client_address != 0) return IpAddress::v4(m.client_address);
    if (m.message_type == kDhcpRequest && m.requested_address && *m.requested_address != 0)
        return IpAddress::v4(*m.requested_address);
    return std::nullopt;
}

}  // namespace

EvidenceStage::EvidenceStage(const EvidenceOptions& options, const P0fDatabase& p0f)
    : options_(options), p0f_(p0f), p0f_families_(label_families(p0f)) {}
EvidenceStage::~EvidenceStage() = default;

Result<std::unique_ptr<EvidenceStage>> EvidenceStage::create(const EvidenceOptions& options,
                                                             const P0fDatabase& p0f) {
    std::unique_ptr<EvidenceStage> stage(new EvidenceStage(options, p0f));
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
    if (options.whorl_tcp) {
        auto db = load_whorl_tcp();
        if (!db) return unexpected(db.error());
        stage->whorl_tcp_ = std::move(*db);
        stage->whorl_tcp_families_ = label_families(*stage->whorl_tcp_);
    }
    if (options.uap_core)
        if (auto p = UapOsParsers::load(options.uap_core_path.empty() ? UapOsParsers::kInstalledPath : options.uap_core_path))
            stage->uap_ = std::make_unique<UapOsParsers>(std::move(*p));
    if (options.mercury_tcp) {
        auto path = db::whorl_data_file("mercury/tcp-os.tsv");
        if (!path) return unexpected(path.error());
        auto table = tls::MercuryTable::load(*path);
        if (!table) return unexpected(table.error());
        stage->mercury_tcp_ = std::make_unique<tls::MercuryTable>(std::move(*table));
    }
    if (options.nmap_synack) {
        auto path = options.nmap_os_db_path.empty() ? db::find_nmap_file("nmap-os-db")
                                                    : Result<std::string>(options.nmap_os_db_path);
        // With whorl's own prints (data/whorl-os-db: gVisor, lwIP, passt, ... as measured in
        // the lab), when this nmap-os-db's MatchPoints reads them; else Nmap's alone.
        std::string unused_warning;
        auto nmap = path ? db::OsDb::load_with_own_prints(*path, db::whorl_os_db_path().value_or(""), std::nullopt,
                                                          unused_warning)
                         : Result<db::OsDb>(unexpected(path.error()));
        if (nmap) {
            auto derived = synack_database(*nmap);
            if (!derived) return unexpected(derived.error());
            stage->nmap_synack_ = std::make_unique<P0fDatabase>(std::move(*derived));
            stage->nmap_synack_families_ = label_families(*stage->nmap_synack_);
        } else if (!options.nmap_os_db_path.empty() || nmap.error().code != Errc::not_found) {
            return unexpected(nmap.error());
        }
    }
    return stage;
}

std::size_t EvidenceStage::ettercap_entries() const { return ettercap_ ? ettercap_->size() : 0; }
std::size_t EvidenceStage::dhcp_entries() const { return dhcp_ ? dhcp_->size() : 0; }
std::size_t EvidenceStage::nmap_synack_signatures() const {
    return nmap_synack_ ? nmap_synack_->signature_count() : 0;
}
std::size_t EvidenceStage::whorl_tcp_signatures() const {
    return whorl_tcp_ ? whorl_tcp_->signature_count() : 0;
}

void EvidenceStage::add(PassiveHost& host, Evidence e) const {
    if (!host.fusion) host.fusion = std::make_unique<HostFusion>(options_.max_per_host);
    host.fusion->add(std::move(e));
}

void EvidenceStage::add(PassiveHost& host, const SharedEvidence& e, std::int64_t time_us) const {
    if (!host.fusion) host.fusion = std::make_unique<HostFusion>(options_.max_per_host);
    host.fusion->add(e, time_us);
}

TcpSignatureEvidence EvidenceStage::classify_tcp(const TcpSignatureInput& in, const TcpMatch& match,
                                                 std::string_view raw_sig) const {
    TcpSignatureEvidence out;
    const std::string detail(raw_sig);
    const auto p0f_source = in.syn_ack ? EvidenceSource::p0f_synack : EvidenceSource::p0f_syn;
    if (auto e = tcp_match_evidence(p0f_, match, p0f_source, 0, detail, &p0f_families_))
        out.p0f = share_evidence(std::move(*e));
    if (whorl_tcp_) {
        const TcpMatch m = whorl_tcp_->tcp(in.syn_ack ? Direction::response : Direction::request).match(in);
        const auto source = in.syn_ack ? EvidenceSource::whorl_synack : EvidenceSource::whorl_syn;
        if (auto e = tcp_match_evidence(*whorl_tcp_, m, source, 0, detail, &whorl_tcp_families_))
            out.whorl_tcp = share_evidence(std::move(*e));
    }
    if (mercury_tcp_ && !in.syn_ack)
        if (auto e = mercury_syn_evidence(*mercury_tcp_, in)) out.mercury_syn = share_evidence(std::move(*e));
    if (nmap_synack_ && in.syn_ack) {
        const TcpMatch m = nmap_synack_->tcp(Direction::response).match(in);
        if (auto e = tcp_match_evidence(*nmap_synack_, m, EvidenceSource::nmap_synack, 0, detail, &nmap_synack_families_))
            out.nmap_synack = share_evidence(std::move(*e));
    }
    if (ettercap_)
        if (auto k = ettercap_input(in))
            if (auto e = ettercap_->match(*k)) out.ettercap = share_evidence(std::move(*e));
    return out;
}

void EvidenceStage::on_tcp(PassiveHost& host, const CachedTcpSignature& sig, std::int64_t time_us) const {
    for (const auto* known : {&sig.evidence.p0f, &sig.evidence.whorl_tcp, &sig.evidence.nmap_synack, &sig.evidence.mercury_syn,
                              &sig.evidence.ettercap})
        if (*known) add(host, **known, time_us);
}

void EvidenceStage::on_http(PassiveHost& host, const HttpObservation& message, const HttpMatch& match,
                            Direction dir, std::int64_t time_us) const {
    if (match.record) {
        const auto source =
            dir == Direction::request ? EvidenceSource::p0f_http_request : EvidenceSource::p0f_http_response;
        if (auto e = http_match_evidence(p0f_, match, source, time_us, message.software.value_or(""), &p0f_families_))
            add(host, std::move(*e));
    }
    if (dir != Direction::request) return;
    if (message.software)
        if (auto e = user_agent_evidence(uap_.get(), *message.software)) {
            e->time_us = time_us;
            add(host, std::move(*e));
        }
    std::optional<std::string_view> platform, version;
    for (const auto& h : message.headers) {
        if (!h.value) continue;
        if (iequals(h.name, "Sec-CH-UA-Platform")) platform = *h.value;
        else if (iequals(h.name, "Sec-CH-UA-Platform-Version")) version = *h.value;
    }
    if (platform)
        if (auto e = classify_platform_hint(*platform, version.value_or(std::string_view{}))) {
            e->time_us = time_us;
            add(host, std::move(*e));
        }
}

void EvidenceStage::load_tls_model() {
    if (!options_.tls || tls_tried_) return;
    tls_tried_ = true;
    if (auto path = db::whorl_data_file("mercury/tls-os.tsv"))
        if (auto table = tls::MercuryTable::load(*path))
            tls_model_ = std::make_unique<tls::TlsOsModel>(*table);
}

const std::optional<tls::TlsOsGuess>& EvidenceStage::classify_tls(const std::string& mercury_string) {
    static const std::optional<tls::TlsOsGuess> kNone;
    if (!options_.tls) return kNone;
    load_tls_model();
    if (!tls_model_) return kNone;
    if (auto it = tls_answers_.find(mercury_string); it != tls_answers_.end()) return it->second;
    if (tls_answers_.size() >= kTlsAnswers) tls_answers_.clear();  // a bound, not an LRU
    return tls_answers_.emplace(mercury_string, tls_model_->classify(mercury_string)).first->second;
}

void EvidenceStage::on_tls(PassiveHost& host, const tls::TlsOsGuess& guess, std::string_view ja4,
                           std::int64_t time_us) const {
    if (!guess.decisive()) return;
    Evidence e;
    e.source = EvidenceSource::tls_client;
    e.family = tls_evidence_family(guess.family);
    if (e.family == OsFamily::unknown) return;
    e.name = guess.family;
    e.flavor = tls_evidence_flavor(guess.os);
    // Likelihood ratio 10 -> 0.33, 1000 (the cap) -> 1.
    e.strength = std::clamp(std::log10(guess.likelihood_ratio) / 3.0, 0.0, 1.0);
    e.detail = fmt::format("ja4={} mercury={:.0f}%", ja4, guess.probability * 100);
    e.time_us = time_us;
    add(host, std::move(e));
}

void EvidenceStage::on_mtu(PassiveHost& host, const MtuResult& mtu, std::int64_t time_us) {
    MtuAnswer& a = mtu_answers_[mtu.mtu % mtu_answers_.size()];
    if (!a.evidence || a.mtu != mtu.mtu || a.entry != mtu.entry) {
        Evidence e;
        e.source = EvidenceSource::mtu;
        e.family = OsFamily::unknown;
        if (mtu.entry) e.name = mtu.entry->link;  // p0f prints "???" for an MTU not in p0f.fp
        e.strength = 0;
        e.detail = fmt::format("mtu={}", mtu.mtu);
        a = MtuAnswer{mtu.mtu, mtu.entry, share_evidence(std::move(e))};
    }
    add(host, *a.evidence, time_us);
}

void EvidenceStage::on_uptime(PassiveHost& host, const UptimeEstimate& uptime, std::int64_t time_us) {
    // The clock rate only: the uptime itself changes with every reading and would make
    // every observation a new one.
    UptimeAnswer& a = uptime_answers_[uptime.freq % uptime_answers_.size()];
    if (!a.evidence || a.freq != uptime.freq) {
        Evidence e;
        e.source = EvidenceSource::uptime;
        e.family = OsFamily::unknown;
        e.strength = 0;
        e.detail = fmt::format("timestamp clock {} Hz", uptime.freq);
        a = UptimeAnswer{uptime.freq, share_evidence(std::move(e))};
    }
    add(host, *a.evidence, time_us);
}

std::optional<DatagramEvidence> EvidenceStage::classify_datagram(const wire::DecodedFrame& frame,
                                                                 std::int64_t time_us) const {
    std::optional<DatagramEvidence> out;
    if (frame.udp && frame.ipv4 && dhcp_ && frame.udp->dst_port() == kDhcpServerPort) {
        auto msg = parse_dhcp(frame.udp->payload());
        if (!msg) return std::nullopt;
        auto subject = dhcp_subject(*msg);
        if (!subject) return std::nullopt;
        auto e = dhcp_->match(*msg);
        if (!e) return std::nullopt;
        out = DatagramEvidence{*subject, std::move(*e)};
    } else if (frame.icmp4 && frame.ipv4 && frame.icmp4->is_echo()) {
        auto e = classify_icmp_echo(frame.ipv4->ttl(), frame.icmp4->payload(),
                                    frame.icmp4->type() == wire::icmp4_type::kEchoRequest);
        if (!e || frame.ipv4->src().value == 0) return std::nullopt;
        out = DatagramEvidence{ip_address(frame.ipv4->src()), std::move(*e)};
    } else if (frame.icmp6 && frame.ipv6 && frame.icmp6->is_echo()) {
        auto e = classify_icmp_echo(frame.ipv6->hop_limit(), frame.icmp6->payload(),
                                    frame.icmp6->type() == wire::icmp6_type::kEchoRequest);
        if (!e) return std::nullopt;
        out = DatagramEvidence{ip_address(frame.ipv6->src()), std::move(*e)};
    }
    if (out) out->evidence.time_us = time_us;
    return out;
}

std::optional<OsVerdict> EvidenceStage::verdict(const PassiveHost& host) const {
    if (host.fusion && !host.fusion->evidence().empty()) return host.fusion->verdict();
    return std::nullopt;
}

}  // namespace whorl::fp::passive
