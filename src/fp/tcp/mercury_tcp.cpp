// mercury's TCP SYN fingerprint string and the evidence its table gives (see mercury_tcp.hpp).
#include "fp/tcp/mercury_tcp.hpp"

#include <map>

#include <fmt/format.h>

#include "fp/fusion/host_fusion.hpp"
#include "fp/tls/tls_os_model.hpp"

namespace whorl::fp::passive {

std::string mercury_tcp_string(const TcpSignatureInput& syn) {
    std::string out = fmt::format("({:04x})", syn.window);
    for (std::uint8_t kind : syn.layout.view()) {
        if (kind == kOptMss) out += fmt::format("(0204{:04x})", syn.mss);
        else if (kind == kOptWs) out += fmt::format("(0303{:02x})", syn.wscale);
        else out += fmt::format("({:02x})", kind);
        if (kind == kOptEol)
            for (int i = 0; i < syn.eol_pad; ++i) out += "(00)";
    }
    return out;
}

std::optional<Evidence> mercury_syn_evidence(const tls::MercuryTable& table, const TcpSignatureInput& syn) {
    const std::string key = mercury_tcp_string(syn);
    const tls::MercuryLookup found = table.find(key);
    if (!found.entry || !found.exact || found.entry->observations < kMercuryTcpMinObservations) return std::nullopt;
    // Shares by family, and each family's heaviest OS version.
    std::map<std::string, double> family_share;
    std::map<std::string, const tls::OsShare*> heaviest;
    for (const tls::OsShare& s : found.entry->shares) {
        const std::string family(tls::tls_os_family(s.os));
        if (family.empty()) continue;
        family_share[family] += s.share;
        if (!heaviest[family] || s.share > heaviest[family]->share) heaviest[family] = &s;
    }
    const auto top = std::max_element(family_share.begin(), family_share.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; });
    if (top == family_share.end() || top->second < kMercuryTcpDecisive) return std::nullopt;
    const unsigned initial_ttl = syn.ttl <= 64 ? 64 : syn.ttl <= 128 ? 128 : 255;
    const unsigned family_ttl = top->first == "Windows" ? 128 : 64;
    if (initial_ttl != family_ttl) return std::nullopt;
    Evidence e;
    e.source = EvidenceSource::mercury_syn;
    e.name = top->first;
    e.family = family_of(top->first);
    // "microsoft:windows_10:20H2" -> "windows_10 20H2"
    const std::string& os = heaviest[top->first]->os;
    const auto c1 = os.find(':');
    e.flavor = c1 == std::string::npos ? os : os.substr(c1 + 1);
    if (auto c2 = e.flavor.find(':'); c2 != std::string::npos) e.flavor[c2] = ' ';
    e.strength = std::min(1.0, top->second);
    e.detail = fmt::format("{} ({} sightings)", key, found.entry->observations);
    return e;
}

}  // namespace whorl::fp::passive
