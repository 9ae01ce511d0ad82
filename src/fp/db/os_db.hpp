// Nmap's IPv4 OS database (nmap-os-db), parsed and pre-compiled for matching.
//
// Layout, built once at load time:
//   tests -> slots       every (test, attribute) MatchPoints knows, with its weight; an
//                        "R" slot of weight 0 is added where MatchPoints has none (the DB
//                        writes SEQ(R=N), OPS(R=N), WIN(R=N), which 7.93 never scores);
//   exprs                each distinct (slot, expression) once, compiled (ExprPool);
//   test lines           each distinct test line once ("T2(R=N)" is shared by thousands of
//                        prints), as a list of expr ids;
//   prints               name, DB line, classes with their CPEs, and a list of test lines.
// The matcher (fp/match) evaluates each expr once per fingerprint, sums them per test
// line and then per print, so no string is parsed or allocated in its loop.
//
// The parser is strict: anything 7.93 would reject, misread or die on is an Error with
// "file:line" (unknown test or attribute, broken expression, a block without Fingerprint,
// CPE before Class, a second MatchPoints, a line longer than Nmap's 2048-byte buffer, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "fp/db/expr.hpp"
#include "fp/nmap_behaviour.hpp"

namespace whorl::fp::db {

struct OsClass {
    std::string vendor;
    std::string family;
    std::optional<std::string> generation;  // "none" in Nmap: no osgen attribute
    std::string device_type;
    std::vector<std::string> cpes;  // the first word of each CPE line after this Class

    bool operator==(const OsClass&) const = default;
};

struct RefPrint {
    std::string name;
    int line = 0;  // 1-based line of the Fingerprint line (XML osmatch "line")
    std::vector<OsClass> classes;
    std::uint32_t lines_begin = 0, lines_end = 0;  // range in OsDb::print_lines()
    bool own = false;  // one of whorl's own prints (data/whorl-os-db), not Nmap's
    // The weights of every attribute the print gives (7.95's numprints: the scorer stops
    // early on a print that can no longer reach the list).
    std::uint32_t max_points = 0;
};

struct TestDef {
    std::string name;
    std::uint32_t slots_begin = 0, slots_end = 0;  // range in OsDb::slots()
    bool has_r = false;  // MatchPoints scores R (7.95 then reads a missing R as R=Y)
};

struct Slot {
    std::uint32_t test = 0;
    std::string attr;
    std::uint32_t weight = 0;
};

struct TestLine {
    std::uint32_t test = 0;
    std::uint32_t exprs_begin = 0, exprs_end = 0;  // range in OsDb::line_exprs()
};

// Largest MatchPoints weight accepted. All weights together must also stay below 2^32, so
// the matcher can add possible and matched points as the two halves of one integer.
inline constexpr std::uint32_t kMaxWeight = 100000;
// Nmap reads the file with fgets into 2048 bytes: a longer line would be split in two.
inline constexpr std::size_t kMaxLineLength = 2046;

// The Nmap version a line "This nmap-os-db is only valid for Nmap 7.94.2 and later" names,
// or nullopt when the line names none.
std::optional<std::string> version_line_nmap(std::string_view line);

// The Nmap release whose rules a database's text calls for, from its header alone (the
// lines before MatchPoints): 7.95 with a version line, 7.93 without.
NmapBehaviour header_behaviour(std::string_view text);

class OsDb {
public:
    // Parses the text of an nmap-os-db file; `file` names it in errors ("file:line").
    // `behaviour` forces the Nmap release whose rules apply; by default the file decides.
    static Result<OsDb> parse(std::string_view text, std::string_view file,
                              std::optional<NmapBehaviour> behaviour = std::nullopt);
    // Reads and parses a file.
    static Result<OsDb> load(const std::string& path, std::optional<NmapBehaviour> behaviour = std::nullopt);
    // Finds nmap-os-db as Nmap does (--datadir, $NMAPDIR, installed paths) and loads it.
    static Result<OsDb> load_installed(std::string_view datadir_option = {},
                                       std::optional<NmapBehaviour> behaviour = std::nullopt);

    const std::string& file() const { return file_; }
    // The Nmap release whose rules this database was read and is matched with: 7.95 for a
    // file in the 7.94.2+ grammar (its "This nmap-os-db is only valid for Nmap X and later"
    // line), 7.93 for any other, unless the caller asked for one.
    NmapBehaviour behaviour() const { return behaviour_; }
    // `db` with the prints of another file in nmap-os-db syntax (whorl's own data/whorl-os-db)
    // after its own, read with its MatchPoints and rules. That file's MatchPoints, if any,
    // may only weigh tests `db` lacks (whorl-os6-db's V6); the database's keep its weights.
    // They are whorl's (RefPrint::own): Nmap's match list never holds them.
    static Result<OsDb> with_prints_from(OsDb db, std::string_view text, std::string_view file);
    // The database at `path` with the prints of `own_path` after its own (empty: none).
    // When those cannot be read with this database (a MatchPoints without their tests, a
    // broken file), the database alone, and `warning` says why.
    static Result<OsDb> load_with_own_prints(const std::string& path, const std::string& own_path,
                                             std::optional<NmapBehaviour> behaviour, std::string& warning);
    // The same with several files of own prints, read in order (empty paths skipped); one
    // that cannot be read is left out with a line in `warning`, the others are kept.
    static Result<OsDb> load_with_own_prints(const std::string& path, const std::vector<std::string>& own_paths,
                                             std::optional<NmapBehaviour> behaviour, std::string& warning);
    // How many prints come from Nmap's file (they come first).
    std::uint32_t nmap_print_count() const {
        return nmap_prints_ == kAllNmap ? static_cast<std::uint32_t>(prints_.size()) : nmap_prints_;
    }

    // The version the file's version line asks for ("7.94.2"), empty without one.
    const std::string& required_nmap() const { return required_nmap_; }
    // Nmap's warning when that version is newer than the release followed ("This nmap-os-db
    // is only valid for Nmap 7.99 and later\nOS detection results may be inaccurate."), or
    // empty.
    std::string version_warning() const;
    int match_points_line() const { return match_points_line_; }

    std::span<const TestDef> tests() const { return tests_; }
    std::span<const Slot> slots() const { return slots_; }
    std::span<const RefPrint> prints() const { return prints_; }
    std::span<const TestLine> test_lines() const { return test_lines_; }
    std::span<const std::uint32_t> print_lines() const { return print_lines_; }
    std::span<const std::uint32_t> line_exprs() const { return line_exprs_; }
    const ExprPool& exprs() const { return exprs_; }
    // The slot each expr id belongs to.
    std::span<const std::uint32_t> expr_slots() const { return expr_slots_; }

    std::optional<std::uint32_t> find_test(std::string_view name) const;
    std::optional<std::uint32_t> find_slot(std::uint32_t test, std::string_view attr) const;

    // The test lines of a print as they read in the file ("SEQ(SP=0-5%...)", ...).
    std::vector<std::string> print_test_lines(std::uint32_t print) const;

private:
    friend class OsDbParser;

    std::string file_;
    NmapBehaviour behaviour_ = NmapBehaviour::v7_93;
    std::string required_nmap_;
    std::string version_line_;
    static constexpr std::uint32_t kAllNmap = 0xffffffffu;
    std::uint32_t nmap_prints_ = kAllNmap;
    int match_points_line_ = 0;
    std::vector<TestDef> tests_;
    std::vector<Slot> slots_;
    std::vector<RefPrint> prints_;
    std::vector<TestLine> test_lines_;
    std::vector<std::uint32_t> print_lines_;
    std::vector<std::uint32_t> line_exprs_;
    std::vector<std::uint32_t> expr_slots_;
    ExprPool exprs_;
};

}  // namespace whorl::fp::db
