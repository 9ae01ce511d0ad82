// Names of evidence sources and OS families, and family_of(): the OS family named by a
// free-text OS string from any database (p0f.fp labels, Ettercap's 871 distinct OS texts,
// whorl's User-Agent and DHCP classifiers).
//
// family_of() looks for the markers of every family and keeps the one found first in the
// text ("NetBSD 1.4 / Generic mac68k" is BSD, "Mac OS X Darwin 1.4 / HP-UX 10.20" is
// macOS), except that a specialisation beats its parent wherever it appears: Android or
// ChromeOS over Linux ("Linux (Android)"), a network device over the OS it runs ("Linksys
// ... Linux"). Apple's "iOS" is matched case-sensitively so that Cisco's "IOS" is not;
// "Win" only at the start of a word so that "Darwin" is not Windows.
#include "fp/fusion/evidence.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "fp/fusion/host_fusion.hpp"

namespace whorl::fp::passive {

std::string_view evidence_source_name(EvidenceSource s) {
    switch (s) {
        case EvidenceSource::p0f_syn: return "p0f_syn";
        case EvidenceSource::p0f_synack: return "p0f_synack";
        case EvidenceSource::p0f_http_request: return "p0f_http_request";
        case EvidenceSource::p0f_http_response: return "p0f_http_response";
        case EvidenceSource::whorl_syn: return "whorl_syn";
        case EvidenceSource::whorl_synack: return "whorl_synack";
        case EvidenceSource::nmap_synack: return "nmap_synack";
        case EvidenceSource::mercury_syn: return "mercury_syn";
        case EvidenceSource::ettercap: return "ettercap";
        case EvidenceSource::user_agent: return "user_agent";
        case EvidenceSource::dhcp: return "dhcp";
        case EvidenceSource::icmp: return "icmp";
        case EvidenceSource::tls_client: return "tls_client";
        case EvidenceSource::mtu: return "mtu";
        case EvidenceSource::uptime: return "uptime";
    }
    return "unknown";
}

std::string_view os_family_name(OsFamily f) {
    switch (f) {
        case OsFamily::unknown: return "unknown";
        case OsFamily::windows: return "windows";
        case OsFamily::linux: return "linux";
        case OsFamily::android: return "android";
        case OsFamily::macos: return "macos";
        case OsFamily::ios: return "ios";
        case OsFamily::chromeos: return "chromeos";
        case OsFamily::bsd: return "bsd";
        case OsFamily::solaris: return "solaris";
        case OsFamily::network_device: return "network_device";
        case OsFamily::other: return "other";
    }
    return "unknown";
}

namespace {

enum class Match : std::uint8_t {
    substring,   // anywhere, case-insensitive
    word_start,  // at the start of a word, case-insensitive
    word,        // a whole word (not followed by a letter), case-insensitive
    exact_case,  // a whole word, case-sensitive ("iOS", "IOS")
};

struct Marker {
    std::string_view text;  // lower case unless exact_case
    Match how;
    OsFamily family;
    bool weak = false;  // counts where it stands, but never overrides ("Windows ... Firewall")
};

// Every family's markers. Order only matters between markers found at the same position.
constexpr std::array kMarkers = {
    // Apple mobile before macOS: "iOS" / "iPadOS" say it outright; iPhone/iPad/iPod are
    // weaker (p0f's "MacOS X 10.9 or newer (sometimes iPhone or iPad)" is macOS, and the
    // earliest marker wins).
    Marker{"iOS", Match::exact_case, OsFamily::ios},
    Marker{"iPadOS", Match::exact_case, OsFamily::ios},
    Marker{"iphone", Match::word_start, OsFamily::ios},
    Marker{"ipad", Match::word_start, OsFamily::ios},
    Marker{"ipod", Match::word_start, OsFamily::ios},
    Marker{"android", Match::word_start, OsFamily::android},
    Marker{"chromeos", Match::word, OsFamily::chromeos},
    Marker{"chrome os", Match::word, OsFamily::chromeos},
    Marker{"chromium os", Match::word, OsFamily::chromeos},
    Marker{"cros", Match::word, OsFamily::chromeos},
    Marker{"mac os", Match::word_start, OsFamily::macos},
    Marker{"macos", Match::word_start, OsFamily::macos},
    Marker{"mac ox", Match::word_start, OsFamily::macos},  // sic, in etter.finger.os
    Marker{"os x", Match::word, OsFamily::macos},
    Marker{"osx", Match::word, OsFamily::macos},
    Marker{"macintosh", Match::word_start, OsFamily::macos},
    Marker{"darwin", Match::word_start, OsFamily::macos},
    Marker{"mac", Match::word, OsFamily::macos},
    Marker{"windows", Match::word_start, OsFamily::windows},
    Marker{"window", Match::word, OsFamily::windows},    // "Window 2000 SP3"
    Marker{"windown", Match::word, OsFamily::windows},   // "Windown XP"
    Marker{"windos", Match::word, OsFamily::windows},    // "Windos XP"
    Marker{"winblows", Match::word, OsFamily::windows},
    Marker{"win", Match::word, OsFamily::windows},       // "Win NT 4.0 SP4"
    Marker{"winnt", Match::word_start, OsFamily::windows},
    Marker{"win9", Match::word_start, OsFamily::windows},
    Marker{"win2k", Match::word_start, OsFamily::windows},
    Marker{"winxp", Match::word_start, OsFamily::windows},
    Marker{"win32", Match::word_start, OsFamily::windows},
    Marker{"win64", Match::word_start, OsFamily::windows},
    Marker{"microsoft", Match::word_start, OsFamily::windows},
    Marker{"msft", Match::word, OsFamily::windows},
    Marker{"freebsd", Match::word_start, OsFamily::bsd},
    Marker{"free bsd", Match::word_start, OsFamily::bsd},
    Marker{"openbsd", Match::word_start, OsFamily::bsd},
    Marker{"netbsd", Match::word_start, OsFamily::bsd},
    Marker{"dragonfly", Match::word_start, OsFamily::bsd},
    Marker{"bsdi", Match::word, OsFamily::bsd},
    Marker{"bsd/os", Match::word_start, OsFamily::bsd},
    Marker{"bsd", Match::word, OsFamily::bsd},
    Marker{"solaris", Match::word_start, OsFamily::solaris},
    Marker{"sunos", Match::word_start, OsFamily::solaris},
    Marker{"illumos", Match::word_start, OsFamily::solaris},
    Marker{"linux", Match::word_start, OsFamily::linux},
    Marker{"debian", Match::word_start, OsFamily::linux},
    Marker{"ubuntu", Match::word_start, OsFamily::linux},
    Marker{"red hat", Match::word_start, OsFamily::linux},
    Marker{"redhat", Match::word_start, OsFamily::linux},
    Marker{"fedora", Match::word_start, OsFamily::linux},
    Marker{"centos", Match::word_start, OsFamily::linux},
    Marker{"slackware", Match::word_start, OsFamily::linux},
    Marker{"suse", Match::word_start, OsFamily::linux},
    Marker{"opensuse", Match::word_start, OsFamily::linux},
    Marker{"mandrake", Match::word_start, OsFamily::linux},
    Marker{"mandriva", Match::word_start, OsFamily::linux},
    Marker{"gentoo", Match::word_start, OsFamily::linux},
    Marker{"knoppix", Match::word_start, OsFamily::linux},
    Marker{"mint", Match::word, OsFamily::linux},
    Marker{"arch linux", Match::word_start, OsFamily::linux},
    Marker{"tizen", Match::word_start, OsFamily::linux},
    Marker{"webos", Match::word, OsFamily::linux},
    Marker{"web0s", Match::word, OsFamily::linux},
    // Network gear (it wins over the OS it runs, see network_device below).
    Marker{"IOS", Match::exact_case, OsFamily::network_device},
    Marker{"cisco", Match::word_start, OsFamily::network_device},
    Marker{"junos", Match::word_start, OsFamily::network_device},
    Marker{"juniper", Match::word_start, OsFamily::network_device},
    Marker{"router", Match::word_start, OsFamily::network_device},
    Marker{"switch", Match::word_start, OsFamily::network_device},
    Marker{"hub", Match::word, OsFamily::network_device},
    Marker{"firewall", Match::word_start, OsFamily::network_device, true},
    Marker{"airport", Match::word_start, OsFamily::network_device},
    Marker{"access point", Match::word_start, OsFamily::network_device},
    Marker{"aironet", Match::word_start, OsFamily::network_device},
    Marker{"alcatel", Match::word_start, OsFamily::network_device},
    Marker{"3com", Match::word_start, OsFamily::network_device},
    Marker{"d-link", Match::word_start, OsFamily::network_device},
    Marker{"linksys", Match::word_start, OsFamily::network_device},
    Marker{"netgear", Match::word_start, OsFamily::network_device},
    Marker{"zyxel", Match::word_start, OsFamily::network_device},
    Marker{"ascend", Match::word_start, OsFamily::network_device},
    Marker{"cyclades", Match::word_start, OsFamily::network_device},
    Marker{"lantronix", Match::word_start, OsFamily::network_device},
    Marker{"nortel", Match::word_start, OsFamily::network_device},
    Marker{"bay networks", Match::word_start, OsFamily::network_device},
    Marker{"foundry", Match::word_start, OsFamily::network_device},
    Marker{"procurve", Match::word_start, OsFamily::network_device},
    Marker{"mikrotik", Match::word_start, OsFamily::network_device},
    Marker{"routeros", Match::word_start, OsFamily::network_device},
    Marker{"fortigate", Match::word_start, OsFamily::network_device},
    Marker{"sonicwall", Match::word_start, OsFamily::network_device},
    Marker{"watchguard", Match::word_start, OsFamily::network_device},
    Marker{"netscreen", Match::word_start, OsFamily::network_device},
    Marker{"ipso", Match::word, OsFamily::network_device},
    // Everything else that is clearly not one of the families above: other UNIXes,
    // consoles, printers. They only matter when they come first in the text.
    Marker{"printer", Match::word_start, OsFamily::other},
    Marker{"laserwrite", Match::word_start, OsFamily::other},
    Marker{"jetdirect", Match::word_start, OsFamily::other},
    Marker{"unix", Match::word_start, OsFamily::other},
    Marker{"aix", Match::word, OsFamily::other},
    Marker{"hp-ux", Match::word_start, OsFamily::other},
    Marker{"irix", Match::word_start, OsFamily::other},
    Marker{"tru64", Match::word_start, OsFamily::other},
    Marker{"osf1", Match::word_start, OsFamily::other},
    Marker{"openvms", Match::word_start, OsFamily::other},
    Marker{"vms", Match::word, OsFamily::other},
    Marker{"netware", Match::word_start, OsFamily::other},
    Marker{"novell", Match::word_start, OsFamily::other},
    Marker{"sco", Match::word, OsFamily::other},
    Marker{"unicos", Match::word_start, OsFamily::other},
    Marker{"amigaos", Match::word_start, OsFamily::other},
    Marker{"beos", Match::word_start, OsFamily::other},
    Marker{"qnx", Match::word_start, OsFamily::other},
    Marker{"vxworks", Match::word_start, OsFamily::other},
    Marker{"nextstep", Match::word_start, OsFamily::other},
    Marker{"nintendo", Match::word_start, OsFamily::other},
    Marker{"playstation", Match::word_start, OsFamily::other},
    Marker{"xbox", Match::word_start, OsFamily::other},
    Marker{"blackberry", Match::word_start, OsFamily::other},
    Marker{"symbian", Match::word_start, OsFamily::other},
    Marker{"kaios", Match::word_start, OsFamily::other},
    Marker{"harmonyos", Match::word_start, OsFamily::other},
    Marker{"openharmony", Match::word_start, OsFamily::other},
};

bool marker_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool marker_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The first position where the marker occurs in `text` (`lower` is text in lower case).
std::size_t find_marker(std::string_view text, std::string_view lower, const Marker& m) {
    std::string_view hay = m.how == Match::exact_case ? text : lower;
    for (std::size_t pos = hay.find(m.text); pos != std::string_view::npos; pos = hay.find(m.text, pos + 1)) {
        if (m.how == Match::substring) return pos;
        if (pos > 0 && marker_word_char(hay[pos - 1])) continue;
        std::size_t end = pos + m.text.size();
        if (m.how != Match::word_start && end < hay.size() && marker_letter(hay[end])) continue;
        return pos;
    }
    return std::string_view::npos;
}

bool is_unknown_text(std::string_view lower) {
    return lower.empty() || lower == "unknown" || lower == "?" || lower == "???";
}

}  // namespace

OsFamily family_of(std::string_view os_name) {
    std::string lower(os_name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view trimmed = lower;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.remove_suffix(1);
    if (is_unknown_text(trimmed)) return OsFamily::unknown;

    constexpr std::size_t kFamilyCount = static_cast<std::size_t>(OsFamily::other) + 1;
    std::array<std::size_t, kFamilyCount> first, strong;
    first.fill(std::string_view::npos);
    strong.fill(std::string_view::npos);
    for (const Marker& m : kMarkers) {
        std::size_t pos = find_marker(os_name, lower, m);
        auto f = static_cast<std::size_t>(m.family);
        first[f] = std::min(first[f], pos);
        if (!m.weak) strong[f] = std::min(strong[f], pos);
    }
    auto found = [&](OsFamily f) { return strong[static_cast<std::size_t>(f)] != std::string_view::npos; };

    // Specialisations first: a console or a network device over the OS it runs (and a
    // "Nintendo Switch" is no switch), Android/ChromeOS over Linux.
    for (std::string_view console : {"nintendo", "playstation", "xbox"})
        if (find_marker(os_name, lower, Marker{console, Match::word_start, OsFamily::other}) != std::string_view::npos)
            return OsFamily::other;
    if (found(OsFamily::network_device)) return OsFamily::network_device;
    if (found(OsFamily::android)) return OsFamily::android;
    if (found(OsFamily::chromeos)) return OsFamily::chromeos;

    OsFamily best = OsFamily::other;  // named, but none of the families
    std::size_t best_pos = std::string_view::npos;
    for (std::size_t f = 1; f < kFamilyCount; ++f) {
        if (first[f] < best_pos) {
            best_pos = first[f];
            best = static_cast<OsFamily>(f);
        }
    }
    return best;
}

}  // namespace whorl::fp::passive
