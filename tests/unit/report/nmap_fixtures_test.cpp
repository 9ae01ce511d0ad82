// Agreement with Nmap 7.93 and 7.95 themselves. Every tests/fixtures/nmap-os/<persona>/
// (7.93) and tests/fixtures/nmap-os-7.95/<persona>/ holds what that nmap printed about one
// lab host (tools/gen-nmap-os-fixtures.sh): its normal output, its XML and the fingerprint.
// For each, whorl matches the fingerprint against the same nmap-os-db (Debian 12's
// installed one; Debian 13's, fetched by tools/nmap-oracle.sh) and must produce nmap's
// <osmatch> list (name, accuracy, line, order) and nmap's OS block line for line. The flags come from the nmap command line in
// persona.txt; the values nmap measured outside the fingerprint (uptime, TCP sequence
// index, IP ID class) from its XML.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/db/data_paths.hpp"
#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/best_round.hpp"
#include "fp/match/os_classification.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "report/os_block.hpp"
#include "support/fixtures.hpp"
#include "support/nmap_795.hpp"

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

std::vector<std::string> persona_dirs(const std::string& root) {
    std::vector<std::string> dirs;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(test::fixture_path(root), ec))
        if (e.is_directory()) dirs.push_back(e.path().filename().string());
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

struct Agreement {
    bool list = false;
    bool block = false;
    bool best_has_group = false;  // the best match's print holds a bracketed option group
    bool tie = false;             // Nmap's report is one of several rounds tied at the top
    std::size_t rounds = 0;       // rounds whose full list equals Nmap 7.95's own (rounds.txt)
};

std::vector<NmapMatch> xml_list(const fp::db::OsDb& db, const fp::match::OsPrintPlan& plan) {
    std::vector<NmapMatch> out;
    for (const auto& m : plan.xml_matches) {
        const auto& p = db.prints()[m.print];
        out.push_back({p.name, fp::match::accuracy_percent(m.accuracy), p.line});
    }
    return out;
}

// rounds.txt (tools/gen-nmap-795-round-lists.py): for every round the merged print may
// stand for, Nmap 7.95's own full match list. whorl must rebuild the same rounds and give
// each the same list: names, lines, order, accuracies to 6 decimals, result.
std::size_t check_rounds(fp::match::OsMatcher& matcher, const fp::Fingerprint& merged, const std::string& text) {
    const fp::db::OsDb& db = matcher.db();
    auto candidates = fp::match::round_candidates(merged);
    std::size_t equal = 0, index = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find("----\n", pos);
        if (end == std::string::npos) break;
        std::string_view blk = std::string_view(text).substr(pos, end - pos);
        pos = end + 5;
        std::size_t sep = blk.find("--\n");
        if (sep == std::string_view::npos) {
            ADD_FAILURE() << "malformed rounds.txt block";
            break;
        }
        auto round = fp::Fingerprint::parse(blk.substr(0, sep));
        if (!round) {
            ADD_FAILURE() << round.error().describe();
            break;
        }
        SCOPED_TRACE("round " + std::to_string(index));
        if (index < candidates.size()) {
            EXPECT_EQ(round->tests(), candidates[index].tests()) << "rounds rebuilt differently";
        }
        ++index;
        std::vector<std::string> want, got;
        for (std::string_view line : split(blk.substr(sep + 3), '\n'))
            if (!line.empty()) want.emplace_back(line);
        auto r = matcher.match(*round);
        for (const auto& m : r.matches) {
            const auto& p = db.prints()[m.print];
            got.push_back(fmt::format("{:.6f}\t{}\t{}", m.accuracy, p.line, p.name));
        }
        const char* outcome = r.outcome == fp::match::MatchOutcome::success    ? "success"
                              : r.outcome == fp::match::MatchOutcome::no_matches ? "no_matches"
                                                                                 : "too_many_matches";
        got.push_back(fmt::format("result={} perfect={}", outcome, r.perfect));
        EXPECT_EQ(got, want);
        equal += got == want;
    }
    EXPECT_EQ(index, candidates.size());
    return equal;
}

Agreement check_persona(const fp::db::OsDb& db, fp::match::OsMatcher& matcher, const std::string& root,
                        const std::string& dir) {
    SCOPED_TRACE(root + "/" + dir);
    const std::string base = root + "/" + dir + "/";
    auto fp = fp::Fingerprint::parse(test::read_fixture(base + "fingerprint.txt"));
    if (!fp || !fp->scan) {
        ADD_FAILURE() << "no fingerprint with a SCAN line: " << (fp ? "" : fp.error().describe());
        return {};
    }
    const std::string xml = test::read_fixture(base + "nmap.xml");
    auto options = nmap_flags(test::read_fixture(base + "persona.txt"));
    auto conditions = fp::match::conditions_from_scan_line(*fp->scan);
    auto theirs = xml_osmatches(xml);
    Agreement a;

    // 7.95 prints every round's distinct lines and reports its best round: the first whose
    // best match is the most accurate. The printed print no longer tells the rounds'
    // order, so where several rounds tie at the top Nmap's report must be one of theirs.
    fp::match::MatchResult result;
    if (db.behaviour() == fp::NmapBehaviour::v7_95) {
        a.rounds = check_rounds(matcher, *fp, test::read_fixture(base + "rounds.txt"));
        result = fp::match::match_best_round(matcher, *fp).result;
        double top = result.matches.empty() ? 0 : result.matches.front().accuracy;
        auto chosen = xml_list(db, fp::match::plan_os_output(db, result, fp::match::classify(db, result), options,
                                                             conditions));
        if (chosen != theirs && top > 0)
            for (const auto& round : fp::match::round_candidates(*fp)) {
                auto r = matcher.match(round);
                if (r.matches.empty() || r.matches.front().accuracy != top) continue;
                auto plan = fp::match::plan_os_output(db, r, fp::match::classify(db, r), options, conditions);
                if (xml_list(db, plan) == theirs) {
                    result = r;
                    a.tie = true;
                    break;
                }
            }
    } else {
        result = matcher.match(*fp);
    }
    auto classes = fp::match::classify(db, result);
    auto plan = fp::match::plan_os_output(db, result, classes, options, conditions);
    auto ours = xml_list(db, plan);
    EXPECT_EQ(ours, theirs);

    OsBlock block{&db, plan, *fp, fp->scan->distance, xml_seq_extras(xml)};
    auto want = nmap_os_block(test::read_fixture(base + "nmap.nmap"));
    EXPECT_FALSE(want.empty());
    auto got = os_block_lines(block);
    EXPECT_EQ(got, want);
    if (!result.matches.empty())
        for (const auto& line : db.print_test_lines(result.matches.front().print))
            a.best_has_group = a.best_has_group || line.find('[') != std::string::npos;
    a.list = ours == theirs && !a.tie;
    a.block = got == want;
    return a;
}

struct FixtureTotals {
    std::size_t personas = 0, lists = 0, ties = 0, blocks = 0, grouped = 0, rounds = 0;
};

FixtureTotals check_fixtures(const fp::db::OsDb& db, const std::string& root) {
    FixtureTotals t;
    fp::match::OsMatcher matcher(db);
    for (const auto& dir : persona_dirs(root)) {
        Agreement a = check_persona(db, matcher, root, dir);
        ++t.personas;
        t.lists += a.list;
        t.blocks += a.block;
        t.grouped += a.best_has_group;
        t.ties += a.tie;
        t.rounds += a.rounds;
    }
    std::printf("%s: %zu personas, match lists equal %zu (+%zu from a round tied at the top), OS blocks equal %zu, "
                "best match with an option group %zu, rounds equal to Nmap's own list %zu\n",
                root.c_str(), t.personas, t.lists, t.ties, t.blocks, t.grouped, t.rounds);
    return t;
}

TEST(NmapFixtures, MatchListAndOsBlockEqualNmap793s) {
    auto db = fp::db::OsDb::load_installed();
    if (!db) GTEST_SKIP() << db.error().describe();
    ASSERT_EQ(db->behaviour(), fp::NmapBehaviour::v7_93) << "Debian 12's nmap-os-db is 7.93's";
    EXPECT_GE(check_fixtures(*db, "nmap-os").personas, 12u);
}

// Nmap 7.95 reads 7.93's database too, with its own rules (implicit R=Y, exact
// alternatives, hex text comparisons): --nmap-compat 7.95 on Debian 12's file must give,
// for every 7.93 recording, the full list Nmap 7.95's own code gives (rounds-7.95.txt).
TEST(NmapFixtures, Nmap795RulesOnDebian12sDatabase) {
    auto path = fp::db::find_nmap_file("nmap-os-db");
    if (!path) GTEST_SKIP() << path.error().describe();
    auto db = fp::db::OsDb::load(*path, fp::NmapBehaviour::v7_95);
    ASSERT_TRUE(db) << db.error().describe();
    fp::match::OsMatcher matcher(*db);
    std::size_t personas = 0, equal = 0;
    for (const auto& dir : persona_dirs("nmap-os")) {
        SCOPED_TRACE(dir);
        auto fp = fp::Fingerprint::parse(test::read_fixture("nmap-os/" + dir + "/fingerprint.txt"));
        ASSERT_TRUE(fp);
        ++personas;
        equal += check_rounds(matcher, *fp, test::read_fixture("nmap-os/" + dir + "/rounds-7.95.txt"));
    }
    EXPECT_GE(personas, 20u);
    std::printf("7.95's rules on 7.93's nmap-os-db: %zu personas, %zu rounds equal to Nmap 7.95's own list\n",
                personas, equal);
}

// Nmap 7.95 with Debian 13's database (7.94.2+ grammar): at least 20 recorded prints, some
// whose best match holds a bracketed option group.
TEST(NmapFixtures, MatchListAndOsBlockEqualNmap795s) {
    WHORL_REQUIRE_NMAP_795(dir);
    auto db = fp::db::OsDb::load(dir + "/nmap-os-db");
    ASSERT_TRUE(db) << db.error().describe();
    ASSERT_EQ(db->behaviour(), fp::NmapBehaviour::v7_95);
    FixtureTotals t = check_fixtures(*db, "nmap-os-7.95");
    EXPECT_GE(t.personas, 20u);
    EXPECT_GE(t.lists, 15u);
    EXPECT_GE(t.rounds, 80u);
    EXPECT_GE(t.grouped, 1u);
}

}  // namespace
}  // namespace whorl::report
