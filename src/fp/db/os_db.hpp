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
};

struct TestDef {
    std::string name;
    std::uint32_t slots_begin = 0, slots_end = 0;  // range in OsDb::slots()
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

class OsDb {
public:
    // Parses the text of an nmap-os-db file; `file` names it in errors ("file:line").
    static Result<OsDb> parse(std::string_view text, std::string_view file);
    // Reads and parses a file.
    static Result<OsDb> load(const std::string& path);
    // Finds nmap-os-db as Nmap does (--datadir, $NMAPDIR, installed paths) and loads it.
    static Result<OsDb> load_installed(std::string_view datadir_option = {});

    const std::string& file() const { return file_; }
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
