// User-Agent evidence from uap-core and the hand table together (see ua_evidence.hpp).
#include "fp/http/ua_evidence.hpp"

#include <string>

#include "fp/http/user_agent.hpp"

namespace whorl::fp::passive {

std::optional<Evidence> user_agent_evidence(const UapOsParsers* uap, std::string_view user_agent) {
    auto hand = classify_user_agent(user_agent);
    if (!uap) return hand;
    if (hand && hand->family == OsFamily::unknown) return hand;  // a tool or a bot
    auto parsed = uap->parse_user_agent(user_agent);
    const OsFamily family = parsed ? uap_os_family(parsed->family) : OsFamily::unknown;
    if (family == OsFamily::unknown) return hand;
    if (hand && hand->family == family) return hand;
    Evidence e;
    e.source = EvidenceSource::user_agent;
    e.family = family;
    e.name = parsed->family;
    for (const std::string* part : {&parsed->major, &parsed->minor, &parsed->patch, &parsed->patch_minor}) {
        if (part->empty()) break;
        e.flavor += (e.flavor.empty() ? "" : ".") + *part;
    }
    e.strength = 1.0;
    e.detail = std::string(user_agent.substr(0, 300));  // as the hand table keeps it
    return e;
}

}  // namespace whorl::fp::passive
