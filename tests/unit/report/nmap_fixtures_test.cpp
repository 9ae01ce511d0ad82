// Agreement with Nmap 7.93 itself. Every tests/fixtures/nmap-os/<persona>/ holds what
// nmap printed about one lab host (tools/gen-nmap-os-fixtures.sh): its normal output, its
// XML and the fingerprint. For each, whorl matches the fingerprint against the installed
// nmap-os-db and must produce nmap's <osmatch> list (name, accuracy, line, order) and
// nmap's OS block line for line. The flags come from the nmap command line in
// persona.txt; the values nmap measured outside the fingerprint (uptime, TCP sequence
// index, IP ID class) from its XML.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "base/text.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "report/os_block.hpp"
#include "support/fixtures.hpp"

namespace whorl::report {
namespace {

struct NmapMatch {
    std::string name;
    int accuracy = 0;
    int line = 0;
    bool operator==(const NmapMatch&) const = default;
};

std::ostream& operator<<(std::ostream& os, const NmapMatch& m) {
    return os << m.name << " (" << m.accuracy << "%, line " << m.line << ")";
}

std::string unescape(std::string s) {
    const std::pair<std::string, std::string> entities[] = {
        {"&quot;", "\""}, {"&apos;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities)
        for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, from.size(), to);
    return s;
}

// The value of attr="..." inside the element text `tag` (from '<' to '>').
std::optional<std::string> attr_of(std::string_view tag, std::string_view attr) {
    std::string key = " " + std::string(attr) + "=\"";
    auto a = tag.find(key);
    if (a == std::string_view::npos) return std::nullopt;
    auto end = tag.find('"', a + key.size());
    return unescape(std::string(tag.substr(a + key.size(), end - a - key.size())));
}

// Each <element ...> start tag, in order. (std::regex trips a g++ 12 warning under ASan.)
std::vector<std::string_view> tags(std::string_view xml, std::string_view element) {
    std::vector<std::string_view> out;
    std::string open = "<" + std::string(element) + " ";
    for (auto p = xml.find(open); p != std::string_view::npos; p = xml.find(open, p + 1))
        out.push_back(xml.substr(p, xml.find('>', p) - p));
    return out;
}

std::vector<NmapMatch> xml_osmatches(const std::string& xml) {
    std::vector<NmapMatch> out;
    for (auto tag : tags(xml, "osmatch"))
        out.push_back({attr_of(tag, "name").value_or(""), std::stoi(attr_of(tag, "accuracy").value_or("-1")),
                       std::stoi(attr_of(tag, "line").value_or("-1"))});
    return out;
}

std::optional<std::string> xml_attr(const std::string& xml, const std::string& element, const std::string& attr) {
    auto t = tags(xml, element);
    if (t.empty()) return std::nullopt;
    return attr_of(t.front(), attr);
}

// The OS block of nmap's normal output: after the MAC Address line, up to the empty line
// that ends the host.
std::vector<std::string> nmap_os_block(const std::string& normal) {
    auto lines = split(normal, '\n');
    std::vector<std::string> out;
    auto mac = std::find_if(lines.begin(), lines.end(), [](auto l) { return l.starts_with("MAC Address:"); });
    if (mac == lines.end()) return out;
    for (auto it = mac + 1; it != lines.end(); ++it) {
        if (it->empty() && it + 1 != lines.end()) {
            std::string_view next = *(it + 1);
            if (next.starts_with("Read data files") || next.starts_with("Read from") ||
                next.starts_with("OS detection performed") || next.starts_with("# Nmap done"))
                break;
        }
        out.emplace_back(*it);
    }
    return out;
}

fp::match::OsPrintOptions nmap_flags(const std::string& persona) {
    fp::match::OsPrintOptions o;
    constexpr std::string_view kKey = "command (scanner namespace): ";
    auto at = persona.find(kKey);
    if (at == std::string::npos) return o;
    std::string_view command = std::string_view(persona).substr(at + kKey.size());
    command = command.substr(0, command.find('\n'));
    for (std::string_view arg : split(command, ' ')) {
        if (arg == "-v") o.verbose += 1;
        if (arg == "-vv") o.verbose += 2;
        if (arg == "-d") o.debug += 1, o.verbose += 1;
        if (arg == "--osscan-guess") o.osscan_guess = true;
    }
    return o;
}

SeqExtras xml_seq_extras(const std::string& xml) {
    SeqExtras x;
    auto seconds = xml_attr(xml, "uptime", "seconds");
    auto lastboot = xml_attr(xml, "uptime", "lastboot");
    if (seconds && lastboot) x.uptime = SeqExtras::Uptime{std::stod(*seconds), *lastboot};
    if (auto index = xml_attr(xml, "tcpsequence", "index")) x.tcp_sequence_index = std::stoi(*index);
    x.ip_id_class = xml_attr(xml, "ipidsequence", "class");
    return x;
}

std::vector<std::string> persona_dirs() {
    std::vector<std::string> dirs;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(test::fixture_path("nmap-os"), ec))
        if (e.is_directory()) dirs.push_back(e.path().filename().string());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

struct Agreement {
    bool list = false;
    bool block = false;
};

Agreement check_persona(const fp::db::OsDb& db, fp::match::OsMatcher& matcher, const std::string& dir) {
    SCOPED_TRACE(dir);
    const std::string base = "nmap-os/" + dir + "/";
    auto fp = fp::Fingerprint::parse(test::read_fixture(base + "fingerprint.txt"));
    if (!fp || !fp->scan) {
        ADD_FAILURE() << "no fingerprint with a SCAN line: " << (fp ? "" : fp.error().describe());
        return {};
    }
    const std::string xml = test::read_fixture(base + "nmap.xml");
    auto options = nmap_flags(test::read_fixture(base + "persona.txt"));

    auto result = matcher.match(*fp);
    auto classes = fp::match::classify(db, result);
    auto plan =
        fp::match::plan_os_output(db, result, classes, options, fp::match::conditions_from_scan_line(*fp->scan));
    std::vector<NmapMatch> ours;
    for (const auto& m : plan.xml_matches) {
        const auto& p = db.prints()[m.print];
        ours.push_back({p.name, fp::match::accuracy_percent(m.accuracy), p.line});
    }
    auto theirs = xml_osmatches(xml);
    EXPECT_EQ(ours, theirs);

    OsBlock block{&db, plan, *fp, fp->scan->distance, xml_seq_extras(xml)};
    auto want = nmap_os_block(test::read_fixture(base + "nmap.nmap"));
    EXPECT_FALSE(want.empty());
    auto got = os_block_lines(block);
    EXPECT_EQ(got, want);
    return {ours == theirs, got == want};
}

TEST(NmapFixtures, MatchListAndOsBlockEqualNmaps) {
    auto db = fp::db::OsDb::load_installed();
    if (!db) GTEST_SKIP() << db.error().describe();
    auto dirs = persona_dirs();
    EXPECT_GE(dirs.size(), 12u);
    fp::match::OsMatcher matcher(*db);
    std::size_t lists = 0, blocks = 0;
    for (const auto& dir : dirs) {
        Agreement a = check_persona(*db, matcher, dir);
        lists += a.list;
        blocks += a.block;
    }
    std::printf("nmap fixtures: %zu personas, match lists equal %zu, OS blocks equal %zu\n", dirs.size(), lists,
                blocks);
}

}  // namespace
}  // namespace whorl::report
