// User-Agent -> OS. Three ordered tables, first hit wins:
//  1. software that is not a browser: bots and crawlers (Googlebot's smartphone UA says
//     "Android" but is Google's crawler), HTTP tools and libraries (curl, wget,
//     python-requests...): the OS is not in the string, so the evidence names no family
//     and has strength 0; and the OS's own services that talk cleartext HTTP (Windows'
//     NCSI and CryptoAPI, APT, libdnf, snapd, Apple's CFNetwork/Darwin), which do name it.
//  2. the platform token of a browser-style UA, specific before general: Windows Phone
//     (which also claims Android and iPhone) before Android and iOS, iOS before macOS
//     ("like Mac OS X"), Android and ChromeOS before Linux.
//  3. nothing: nullopt.
// What frozen and reduced UAs cannot say is said in the flavor: Windows 11 sends
// "Windows NT 10.0" ("10 or 11"); Chromium and Safari freeze macOS at 10_15_7 and Firefox
// at 10.15 ("10.15 or newer"); Chromium's reduced Android UA is always "Android 10; K";
// Safari 26 freezes iOS at 18_6 but its Version/ is the iOS release.
#include "fp/http/user_agent.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace whorl::fp::passive {
namespace {

constexpr std::size_t kMaxDetail = 300;
constexpr double kToolStrength = 0.0;     // seen, says nothing of the OS
constexpr double kIndirectStrength = 0.6; // an OS service or a library, not a browser
constexpr double kAppleAmbiguous = 0.4;   // CFNetwork without a device: iOS or macOS

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from = 0) {
    if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
        std::size_t j = 0;
        while (j < needle.size() && lower(hay[i + j]) == lower(needle[j])) ++j;
        if (j == needle.size()) return i;
    }
    return std::string_view::npos;
}
bool icontains(std::string_view hay, std::string_view needle) { return ifind(hay, needle) != std::string_view::npos; }
bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// A version such as "17_1_2" or "10.15" at `pos`, written back with dots ("17.1.2"); at
// most `parts` numbers.
std::string version_at(std::string_view s, std::size_t pos, int parts = 3) {
    std::string out;
    int n = 0;
    while (pos < s.size() && is_digit(s[pos]) && n < parts) {
        std::size_t start = pos;
        while (pos < s.size() && is_digit(s[pos]) && pos - start < 6) ++pos;
        if (n > 0) out += '.';
        out.append(s.substr(start, pos - start));
        ++n;
        if (pos + 1 < s.size() && (s[pos] == '_' || s[pos] == '.') && is_digit(s[pos + 1]))
            ++pos;
        else
            break;
    }
    return out;
}

// The version right after `token` (e.g. "Android " -> "14"), or "".
std::string version_after(std::string_view ua, std::string_view token, int parts = 3) {
    std::size_t p = ua.find(token);
    return p == std::string_view::npos ? std::string{} : version_at(ua, p + token.size(), parts);
}

int major_of(std::string_view v) {
    int m = 0;
    for (std::size_t i = 0; i < v.size() && is_digit(v[i]) && i < 6; ++i) m = m * 10 + (v[i] - '0');
    return m;
}

Evidence ua_evidence(OsFamily family, std::string name, std::string flavor, double strength, std::string_view ua) {
    Evidence e;
    e.source = EvidenceSource::user_agent;
    e.family = family;
    e.name = std::move(name);
    e.flavor = std::move(flavor);
    e.strength = strength;
    e.detail = std::string(ua.substr(0, kMaxDetail));
    return e;
}

// ---- Windows ------------------------------------------------------------------------

struct WindowsRelease {
    std::string_view nt;
    std::string_view flavor;
};
constexpr std::array kWindowsReleases = {
    WindowsRelease{"10.0", "10 or 11"}, WindowsRelease{"6.3", "8.1"}, WindowsRelease{"6.2", "8"},
    WindowsRelease{"6.1", "7"},         WindowsRelease{"6.0", "Vista"}, WindowsRelease{"5.2", "XP x64 or Server 2003"},
    WindowsRelease{"5.1", "XP"},        WindowsRelease{"5.01", "2000 SP1"}, WindowsRelease{"5.0", "2000"},
    WindowsRelease{"4.0", "NT 4.0"},
};

std::string windows_flavor(std::string_view nt_version) {
    for (const auto& r : kWindowsReleases)
        if (r.nt == nt_version) return std::string(r.flavor);
    return nt_version.empty() ? std::string{} : "NT " + std::string(nt_version);
}

std::optional<Evidence> windows(std::string_view ua) {
    if (auto p = ua.find("Windows Phone"); p != std::string_view::npos) {
        std::string v = version_at(ua, p + 14, 2);
        return ua_evidence(OsFamily::windows, "Windows Phone", v, 1.0, ua);
    }
    // The first "Windows NT" with a version ("Windows NT; Windows NT 10.0" in PowerShell's).
    if (ua.find("Windows NT") != std::string_view::npos) {
        std::string v;
        for (auto p = ua.find("Windows NT"); p != std::string_view::npos && v.empty(); p = ua.find("Windows NT", p + 1)) {
            std::size_t at = p + 10;
            while (at < ua.size() && ua[at] == ' ') ++at;
            v = version_at(ua, at, 2);
        }
        return ua_evidence(OsFamily::windows, "Windows", windows_flavor(v), 1.0, ua);
    }
    for (std::string_view old : {"Windows 98", "Win98", "Windows 95", "Win95", "Windows ME", "Windows CE"})
        if (contains(ua, old)) return ua_evidence(OsFamily::windows, "Windows", std::string(old.substr(old.size() - 2)), 1.0, ua);
    if (contains(ua, "Windows") || contains(ua, "Win64") || contains(ua, "WOW64"))
        return ua_evidence(OsFamily::windows, "Windows", "", 0.8, ua);
    return std::nullopt;
}

// ---- Apple --------------------------------------------------------------------------

std::optional<Evidence> apple_mobile(std::string_view ua) {
    bool ipad = contains(ua, "iPad");
    auto ios_token = ua.find("iOS ");  // apps: "(iPhone14,5; iOS 17_1_2; ...)", "(...; iOS 17.2.0)"
    bool ios_version = ios_token != std::string_view::npos && ios_token + 4 < ua.size() && is_digit(ua[ios_token + 4]);
    if (!ipad && !contains(ua, "iPhone") && !contains(ua, "iPod") && !ios_version) return std::nullopt;
    std::string v;
    if (auto p = ua.find(" OS "); p != std::string_view::npos && p < ua.find("like Mac OS X")) v = version_at(ua, p + 4);
    if (auto p = ua.find("iOS "); v.empty() && p != std::string_view::npos) v = version_at(ua, p + 4);
    // Safari 26 freezes the OS token at 18_6; its own Version/ is the iOS release.
    std::string safari = version_after(ua, "Version/", 2);
    if (v.rfind("18.6", 0) == 0 && major_of(safari) >= 26 && !contains(ua, "CriOS") && !contains(ua, "FxiOS"))
        v = safari + " (Safari " + safari + ", OS token frozen at 18.6)";
    std::string name = ipad && (v.empty() || major_of(v) >= 13) ? "iPadOS" : "iOS";
    return ua_evidence(OsFamily::ios, name, v, 1.0, ua);
}

std::optional<Evidence> macos(std::string_view ua) {
    std::size_t p = ua.find("Mac OS X");
    if (p == std::string_view::npos) {
        if (contains(ua, "Macintosh")) return ua_evidence(OsFamily::macos, "macOS", "", 0.9, ua);
        return std::nullopt;
    }
    std::size_t at = p + 8;
    while (at < ua.size() && ua[at] == ' ') ++at;
    std::string v = version_at(ua, at);
    std::string flavor = v;
    if (v == "10.15.7" || v == "10.15")
        flavor = v + " or newer (frozen in the UA since macOS 11)";
    // iPadOS 13+ Safari asks for desktop pages with a Macintosh UA: slightly less sure.
    return ua_evidence(OsFamily::macos, "macOS", flavor, 0.9, ua);
}

// "CFNetwork/1408.0.4 Darwin/22.5.0": the Darwin major gives macOS (N - 9) or iOS (N - 6)
// from Darwin 20 (macOS 11 / iOS 14) on; the device decides which, when the UA names one.
std::optional<Evidence> darwin(std::string_view ua) {
    std::size_t p = ua.find("Darwin/");
    if (p == std::string_view::npos) return std::nullopt;
    std::string v = version_at(ua, p + 7, 3);
    int major = major_of(v);
    bool mac = contains(ua, "Macintosh") || contains(ua, "x86_64") || contains(ua, "MacBook") || contains(ua, "iMac");
    bool mobile = contains(ua, "iPhone") || contains(ua, "iPad") || contains(ua, "iPod");
    std::string mac_v = major >= 20 ? std::to_string(major - 9) : std::string{};
    std::string ios_v = major >= 20 ? std::to_string(major - 6) : std::string{};
    std::string darwin = "Darwin " + v;
    if (mac && !mobile) return ua_evidence(OsFamily::macos, "macOS", mac_v.empty() ? darwin : mac_v + " (" + darwin + ")", kIndirectStrength, ua);
    if (mobile) return ua_evidence(OsFamily::ios, "iOS", ios_v.empty() ? darwin : ios_v + " (" + darwin + ")", kIndirectStrength, ua);
    std::string flavor = major >= 20 ? "iOS " + ios_v + " or macOS " + mac_v + " (" + darwin + ")" : darwin;
    return ua_evidence(OsFamily::ios, "iOS", flavor, kAppleAmbiguous, ua);
}

// ---- Android, ChromeOS, Linux and the rest --------------------------------------------

std::optional<Evidence> android(std::string_view ua) {
    std::size_t p = ua.find("Android");
    if (p == std::string_view::npos) return std::nullopt;
    std::size_t at = p + 7;
    while (at < ua.size() && (ua[at] == ' ' || ua[at] == '/')) ++at;
    std::string v = version_at(ua, at);
    // Chromium's reduced UA: "Linux; Android 10; K" whatever the real release.
    if (v == "10" && contains(ua, "Android 10; K)")) v = "10 or newer (reduced UA)";
    return ua_evidence(OsFamily::android, "Android", v, 1.0, ua);
}

std::optional<Evidence> chromeos(std::string_view ua) {
    if (!contains(ua, "CrOS ")) return std::nullopt;
    return ua_evidence(OsFamily::chromeos, "ChromeOS", "", 1.0, ua);
}

struct Distro {
    std::string_view token;
    std::string_view name;
};
constexpr std::array kDistros = {
    Distro{"Ubuntu", "Ubuntu"},     Distro{"Fedora", "Fedora"},     Distro{"Debian", "Debian"},
    Distro{"Linux Mint", "Mint"},   Distro{"Arch Linux", "Arch"},   Distro{"Manjaro", "Manjaro"},
    Distro{"openSUSE", "openSUSE"}, Distro{"SUSE", "SUSE"},         Distro{"CentOS", "CentOS"},
    Distro{"Red Hat", "Red Hat"},   Distro{"Gentoo", "Gentoo"},     Distro{"Kali", "Kali"},
    Distro{"Raspbian", "Raspbian"},
};

std::optional<Evidence> unix_like(std::string_view ua) {
    for (std::string_view bsd : {"FreeBSD", "OpenBSD", "NetBSD", "DragonFly"})
        if (contains(ua, bsd)) return ua_evidence(OsFamily::bsd, std::string(bsd), "", 1.0, ua);
    if (contains(ua, "SunOS")) return ua_evidence(OsFamily::solaris, "Solaris", "", 1.0, ua);
    if (contains(ua, "Tizen")) return ua_evidence(OsFamily::linux, "Linux", "Tizen " + version_after(ua, "Tizen ", 2), 1.0, ua);
    if (contains(ua, "Web0S") || contains(ua, "webOS")) return ua_evidence(OsFamily::linux, "Linux", "webOS", 1.0, ua);
    if (!contains(ua, "Linux") && !contains(ua, "X11")) return std::nullopt;
    std::string flavor;
    for (const auto& d : kDistros)
        if (contains(ua, d.token)) {
            flavor = std::string(d.name);
            break;
        }
    return ua_evidence(OsFamily::linux, "Linux", flavor, contains(ua, "Linux") ? 1.0 : 0.7, ua);
}

// Platforms whose UA also claims another one: Windows Phone ("Android", "iPhone"), the
// consoles ("Windows NT 10.0; Xbox"), KaiOS ("Android;"), OpenHarmony ("Linux").
std::optional<Evidence> special(std::string_view ua) {
    if (contains(ua, "Windows Phone")) return windows(ua);
    for (std::string_view c : {"Xbox", "PlayStation", "Nintendo"})
        if (contains(ua, c)) return ua_evidence(OsFamily::other, std::string(c), "", 1.0, ua);
    if (contains(ua, "KAIOS") || contains(ua, "KaiOS")) return ua_evidence(OsFamily::other, "KaiOS", version_after(ua, "KAIOS/", 2), 1.0, ua);
    if (contains(ua, "OpenHarmony")) return ua_evidence(OsFamily::other, "HarmonyOS", "NEXT (OpenHarmony " + version_after(ua, "OpenHarmony ", 2) + ")", 1.0, ua);
    return std::nullopt;
}

// ---- Software that is not a browser ----------------------------------------------------

struct Tool {
    std::string_view token;  // case-insensitive
    std::string_view name;
};
constexpr std::array kTools = {
    Tool{"curl/", "curl"},
    Tool{"wget/", "Wget"},
    Tool{"python-requests/", "python-requests"},
    Tool{"python-urllib/", "Python urllib"},
    Tool{"python-httpx/", "python-httpx"},
    Tool{"aiohttp/", "aiohttp"},
    Tool{"go-http-client/", "Go net/http"},
    Tool{"libwww-perl/", "libwww-perl"},
    Tool{"apache-httpclient/", "Apache HttpClient"},
    Tool{"java/", "Java"},
    Tool{"node-fetch", "node-fetch"},
    Tool{"axios/", "axios"},
    Tool{"httpie/", "HTTPie"},
    Tool{"nmap scripting engine", "Nmap NSE"},
    Tool{"masscan", "masscan"},
    Tool{"zgrab", "zgrab"},
    Tool{"nikto", "Nikto"},
    Tool{"sqlmap", "sqlmap"},
    Tool{"scrapy/", "Scrapy"},
    Tool{"postmanruntime/", "Postman"},
    Tool{"insomnia/", "Insomnia"},
};

bool is_bot(std::string_view ua) {
    for (std::string_view t : {"crawler", "spider", "slurp", "facebookexternalhit", "mediapartners-google",
                               "google-inspectiontool", "apis-google", "feedfetcher", "ia_archiver", "bingpreview"})
        if (icontains(ua, t)) return true;
    // "...bot/2.1", "...Bot;", "(bot)" but not a "CUBOT X30" phone.
    for (std::size_t p = ifind(ua, "bot"); p != std::string_view::npos; p = ifind(ua, "bot", p + 1)) {
        std::size_t end = p + 3;
        if (end == ua.size() || std::string_view("/;)-_+").find(ua[end]) != std::string_view::npos) return true;
    }
    return false;
}

std::optional<Evidence> os_service(std::string_view ua) {
    if (contains(ua, "Microsoft NCSI")) return ua_evidence(OsFamily::windows, "Windows", "", kIndirectStrength, ua);
    for (std::string_view t : {"Microsoft-CryptoAPI/", "Windows-Update-Agent/", "Microsoft-Delivery-Optimization/", "Microsoft-WNS/"}) {
        if (!contains(ua, t)) continue;
        std::string v = version_after(ua, t, 2);
        return ua_evidence(OsFamily::windows, "Windows", t == "Windows-Update-Agent/" ? "" : windows_flavor(v), kIndirectStrength, ua);
    }
    if (contains(ua, "APT-HTTP/")) return ua_evidence(OsFamily::linux, "Linux", "Debian or Ubuntu (APT)", kIndirectStrength, ua);
    if (auto p = ua.find("libdnf ("); p != std::string_view::npos)
        return ua_evidence(OsFamily::linux, "Linux", "Fedora or RHEL (dnf)", kIndirectStrength, ua);
    if (contains(ua, "snapd/")) {
        std::string v = version_after(ua, "ubuntu/", 2);
        return ua_evidence(OsFamily::linux, "Linux", v.empty() ? "snapd" : "Ubuntu " + v, kIndirectStrength, ua);
    }
    if (contains(ua, "CFNetwork/") || (contains(ua, "Darwin/") && !contains(ua, "Mozilla/"))) return darwin(ua);
    // Apple's own daemons (certificate checks, "com.apple.trustd/2.0") run on both.
    if (ua.starts_with("com.apple.")) return ua_evidence(OsFamily::ios, "iOS", "iOS or macOS (Apple system service)", kAppleAmbiguous, ua);
    return std::nullopt;
}

std::optional<Evidence> not_a_browser(std::string_view ua) {
    if (is_bot(ua)) return ua_evidence(OsFamily::unknown, "bot", "", kToolStrength, ua);
    // Tools on Windows PowerShell say which Windows: "WindowsPowerShell/5.1.19041.1".
    if (icontains(ua, "PowerShell/")) {
        if (auto w = windows(ua)) {
            w->strength = kIndirectStrength;
            return w;
        }
    }
    // okhttp is Android's usual HTTP library, but also runs in JVMs.
    if (icontains(ua, "okhttp/")) return ua_evidence(OsFamily::android, "Android", "", 0.3, ua);
    if (!ua.starts_with("Mozilla/"))
        if (auto s = os_service(ua)) return s;
    for (const auto& t : kTools)
        if (icontains(ua, t.token) && !contains(ua, "Android") && !contains(ua, "Darwin/"))
            return ua_evidence(OsFamily::unknown, std::string(t.name), "", kToolStrength, ua);
    return std::nullopt;
}

}  // namespace

std::optional<Evidence> classify_user_agent(std::string_view user_agent) {
    std::string_view ua = user_agent;
    while (!ua.empty() && (ua.front() == ' ' || ua.front() == '\t')) ua.remove_prefix(1);
    while (!ua.empty() && (ua.back() == ' ' || ua.back() == '\t' || ua.back() == '\r')) ua.remove_suffix(1);
    if (ua.empty()) return std::nullopt;
    if (auto e = not_a_browser(ua)) return e;
    using Rule = std::optional<Evidence> (*)(std::string_view);
    constexpr std::array<Rule, 6> kRules = {special, apple_mobile, android, chromeos, macos, windows};
    for (Rule r : kRules)
        if (auto e = r(ua)) return e;
    if (auto e = unix_like(ua)) return e;
    return os_service(ua);  // Darwin/CFNetwork inside a Mozilla-style string
}

namespace {

// A structured-header string ("\"Windows\"") without its quotes and blanks.
std::string_view unquote(std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
}

// Sec-CH-UA-Platform-Version on Windows: "0.1.0" 7, "0.2.0" 8, "0.3.0" 8.1, 1..10 are
// Windows 10 releases and 13 and above Windows 11 (Microsoft's documented mapping).
std::string windows_from_platform_version(std::string_view v) {
    if (v.empty() || !is_digit(v.front())) return {};
    int major = major_of(v);
    if (major >= 13) return "11";
    if (major >= 1) return "10";
    if (v.rfind("0.1", 0) == 0) return "7";
    if (v.rfind("0.2", 0) == 0) return "8";
    if (v.rfind("0.3", 0) == 0) return "8.1";
    return {};
}

}  // namespace

std::optional<Evidence> classify_platform_hint(std::string_view sec_ch_ua_platform,
                                               std::string_view sec_ch_ua_platform_version) {
    std::string_view p = unquote(sec_ch_ua_platform);
    std::string_view v = unquote(sec_ch_ua_platform_version);
    std::string detail = "Sec-CH-UA-Platform: " + std::string(p.substr(0, 64));
    if (!v.empty()) detail += ", Sec-CH-UA-Platform-Version: " + std::string(v.substr(0, 64));
    std::string version = version_at(v, 0);
    auto out = [&](OsFamily f, std::string name, std::string flavor) {
        Evidence e = ua_evidence(f, std::move(name), std::move(flavor), 1.0, {});
        e.detail = detail;
        return e;
    };
    if (p == "Windows") return out(OsFamily::windows, "Windows", v.empty() ? "" : windows_from_platform_version(v));
    if (p == "macOS") return out(OsFamily::macos, "macOS", version);
    if (p == "Android") return out(OsFamily::android, "Android", version_at(v, 0, 1));
    if (p == "iOS") return out(OsFamily::ios, "iOS", version);
    if (p == "Chrome OS" || p == "Chromium OS") return out(OsFamily::chromeos, "ChromeOS", "");
    if (p == "Linux") return out(OsFamily::linux, "Linux", "");
    if (p == "Fuchsia") return out(OsFamily::other, "Fuchsia", "");
    return std::nullopt;  // "Unknown", "", or anything else
}

}  // namespace whorl::fp::passive
