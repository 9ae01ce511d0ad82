// family_of() on the OS texts of every database whorl reads: p0f.fp labels, Ettercap's
// 871 distinct OS names, the User-Agent and DHCP classifiers' names; and the name tables.
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "base/text.hpp"
#include "fp/fusion/evidence.hpp"
#include "fp/fusion/host_fusion.hpp"
#include "fp/p0f/p0f_database.hpp"
#include "fp/p0f/p0f_evidence.hpp"
#include "fp/tcp/ettercap_db.hpp"

namespace whorl::fp::passive {
namespace {

TEST(Evidence, SourceAndFamilyNamesAreDistinct) {
    std::set<std::string_view> sources, families;
    for (int s = 0; s <= static_cast<int>(EvidenceSource::uptime); ++s)
        sources.insert(evidence_source_name(static_cast<EvidenceSource>(s)));
    for (int f = 0; f <= static_cast<int>(OsFamily::other); ++f)
        families.insert(os_family_name(static_cast<OsFamily>(f)));
    EXPECT_EQ(sources.size(), 15u);
    EXPECT_EQ(families.size(), 11u);
    EXPECT_EQ(evidence_source_name(EvidenceSource::whorl_syn), "whorl_syn");
    EXPECT_EQ(evidence_source_name(EvidenceSource::tls_client), "tls_client");
    EXPECT_EQ(evidence_source_name(EvidenceSource::nmap_synack), "nmap_synack");
    EXPECT_EQ(os_family_name(OsFamily::network_device), "network_device");
}

struct FamilyCase {
    const char* text;
    OsFamily family;
};

TEST(FamilyOf, TrickyNames) {
    const FamilyCase cases[] = {
        // Apple vs Cisco
        {"iOS", OsFamily::ios},
        {"iOS iPhone or iPad", OsFamily::ios},
        {"iPadOS", OsFamily::ios},
        {"Cisco IOS 12.0(5)", OsFamily::network_device},
        {"IOS Version 10.3(15) - 11.1(20)", OsFamily::network_device},
        {"CISCO IOS", OsFamily::network_device},
        {"MacOS X 10.9 or newer (sometimes iPhone or iPad)", OsFamily::macos},
        {"Mac OS X", OsFamily::macos},
        {"macOS", OsFamily::macos},
        {"macOS 11 or newer (or iOS/iPadOS)", OsFamily::macos},
        {"Mac Ox X 10.2.8 Jaguar", OsFamily::macos},
        {"MAC OS 8.6", OsFamily::macos},
        {"Darwin 1.4", OsFamily::macos},
        {"OS X 10.11", OsFamily::macos},
        {"Apple AirPort Base Station", OsFamily::network_device},
        {"Apple LaserWriter 16/600 PS, HP 6P, or HP 5 Printer", OsFamily::other},
        // Android and ChromeOS over Linux
        {"Linux (Android)", OsFamily::android},
        {"Android", OsFamily::android},
        {"Android or Linux with a large default receive buffer", OsFamily::android},
        {"ChromeOS", OsFamily::chromeos},
        {"Chrome OS", OsFamily::chromeos},
        {"Linux 3.11 and newer", OsFamily::linux},
        {"Linux 2.6.x (Google crawler)", OsFamily::linux},
        {"Debian Potato (2.2), Linux 2.2.17", OsFamily::linux},
        {"Red Hat Linux 7.2 Kernel 2.4.7-10", OsFamily::linux},
        {"Gentoo Linux (Kernel 2.6.6-rc1)", OsFamily::linux},
        {"Ubuntu", OsFamily::linux},
        // Windows and its misspellings; "Darwin" is not "Win"
        {"Windows", OsFamily::windows},
        {"Windows 10 or 11", OsFamily::windows},
        {"Windown XP", OsFamily::windows},
        {"Window 2000 SP3", OsFamily::windows},
        {"Winblows XP", OsFamily::windows},
        {"Win NT 4.0 SP4", OsFamily::windows},
        {"MS Windows XP SP1", OsFamily::windows},
        {"WindowsXP", OsFamily::windows},
        {"Microsoft NT 4.0", OsFamily::windows},
        // BSD, Solaris, the earliest marker wins
        {"FreeBSD 9.x or newer", OsFamily::bsd},
        {"OpenBSD 3.x", OsFamily::bsd},
        {"BSDI BSD/OS 3.0-3.1 (or MacOS, NetBSD)", OsFamily::bsd},
        {"NetBSD 1.4 / Generic mac68k (Quadra 610)", OsFamily::bsd},
        {"Mac OS X Darwin 1.4 / HP-UX 10.20", OsFamily::macos},
        {"Solaris 10", OsFamily::solaris},
        {"SunOS 4.1.4", OsFamily::solaris},
        // devices and other systems
        {"3Com SuperStack 3 Switch 4400", OsFamily::network_device},
        {"Linksys WRT54G", OsFamily::network_device},
        {"Linux (Embedded) Router", OsFamily::network_device},
        {"Windows XP SP1 + Sygate Personal Firewall", OsFamily::windows},
        {"Gauntlet 4.0a firewall on Solaris 2.5.1", OsFamily::network_device},
        {"Cisco PIX FireWall", OsFamily::network_device},
        {"Nintendo Switch", OsFamily::other},
        {"Nintendo 3DS", OsFamily::other},
        {"Xbox", OsFamily::other},
        {"HP-UX 11.x", OsFamily::other},
        {"OpenVMS 8.x", OsFamily::other},
        {"Gestetner printer", OsFamily::other},
        {"NeXTSTEP", OsFamily::other},
        {"Something nobody knows", OsFamily::other},
        {"", OsFamily::unknown},
        {"  unknown ", OsFamily::unknown},
    };
    for (const FamilyCase& c : cases) EXPECT_EQ(family_of(c.text), c.family) << c.text;
}

// Every OS label of p0f.fp gets the family its name and class say.
TEST(FamilyOf, EveryP0fLabel) {
    auto db = P0fDatabase::load_default();
    if (!db) GTEST_SKIP() << db.error().describe();
    const std::map<std::string, OsFamily> expected = {
        {"Linux", OsFamily::linux},     {"Windows", OsFamily::windows}, {"Mac OS X", OsFamily::macos},
        {"MacOS X", OsFamily::macos},   {"iOS", OsFamily::ios},         {"FreeBSD", OsFamily::bsd},
        {"OpenBSD", OsFamily::bsd},     {"Solaris", OsFamily::solaris}, {"HP-UX", OsFamily::other},
        {"OpenVMS", OsFamily::other},   {"Tru64", OsFamily::other},     {"NeXTSTEP", OsFamily::other},
        {"Blackberry", OsFamily::other}, {"Nintendo", OsFamily::other}, {"BaiduSpider", OsFamily::other},
        {"p0f", OsFamily::other},
    };
    int checked = 0;
    const auto families = label_families(*db);  // what the evidence stage works out once
    ASSERT_EQ(families.size(), db->labels().size());
    for (std::uint32_t i = 0; i < db->labels().size(); ++i) {
        const Label& l = db->labels()[i];
        if (l.is_app()) {
            EXPECT_EQ(families[i], OsFamily::unknown) << db->label_text(i);
            continue;
        }
        const std::string& name = db->names()[l.name_id];
        auto want = expected.find(name);
        ASSERT_NE(want, expected.end()) << "unexpected p0f.fp OS name " << name;
        OsFamily got = family_of(db->label_text(i));
        // p0f's one Android label is "Linux (Android)".
        OsFamily w = l.flavor && l.flavor->find("Android") != std::string::npos ? OsFamily::android : want->second;
        EXPECT_EQ(got, w) << db->label_text(i);
        EXPECT_EQ(families[i], w) << db->label_text(i);
        ++checked;
    }
    EXPECT_GT(checked, 50);
}

// Ettercap's 871 distinct free-text names: every one with an unambiguous family word maps to it, and
// "Windows"/"Linux"/"Cisco" entries are never put anywhere else.
TEST(FamilyOf, EttercapNames) {
    auto db = EttercapDb::load();
    if (!db) GTEST_SKIP() << db.error().describe();
    std::set<std::string> names;
    for (const auto& e : db->entries()) names.insert(e.os);
    EXPECT_EQ(names.size(), 871u);  // distinct OS texts of the 1765 entries
    std::map<OsFamily, int> counts;
    for (const auto& n : names) {
        OsFamily f = family_of(n);
        ++counts[f];
        EXPECT_EQ(f == OsFamily::unknown, n == "unknown") << n;
        auto expect = [&](bool when, OsFamily want) {
            if (when) {
                EXPECT_EQ(f, want) << n;
            }
        };
        expect(n.starts_with("Windows ") || n.starts_with("Windows2"), OsFamily::windows);
        expect(n.starts_with("Linux ") && n.find("Router") == std::string::npos, OsFamily::linux);
        expect(n.starts_with("Cisco"), OsFamily::network_device);
        expect(n.starts_with("FreeBSD") || n.starts_with("OpenBSD") || n.starts_with("NetBSD"), OsFamily::bsd);
        expect(n.starts_with("Mac OS X"), OsFamily::macos);
    }
    // Ettercap has no Android, iOS or ChromeOS entry (its newest are 2004-era).
    EXPECT_EQ(counts[OsFamily::android], 0);
    EXPECT_EQ(counts[OsFamily::chromeos], 0);
    EXPECT_GT(counts[OsFamily::windows], 120);
    EXPECT_GT(counts[OsFamily::linux], 150);
}

}  // namespace
}  // namespace whorl::fp::passive
