// The observed OS fingerprint as Nmap 7.93 and 7.95 print it: the SCAN pseudo-test
// (ScanLine) and the tests (SEQ, OPS, WIN, ECN, T1..T7, U1, IE) in the order they were
// produced, each with its attributes (name, value) in order. The active engine builds one per round with
// add_test()/set(); the matcher (fp/match) scores it; the report prints it in the wrapped
// `OS:` form or the unwrapped one-test-per-line form, byte for byte as Nmap does.
//
// The model lives in namespace whorl::fp because every part of the fp layer speaks it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "fp/nmap_behaviour.hpp"

namespace whorl::fp {

struct Attribute {
    std::string name;
    std::string value;

    bool operator==(const Attribute&) const = default;
};

// One test line: NAME(a=1%b=2). Attribute order is kept as built or read.
struct Test {
    std::string name;
    std::vector<Attribute> attrs;

    // Replaces the value of `attr` if present, otherwise appends it. Returns *this.
    Test& set(std::string_view attr, std::string_view value);
    // The value of `attr`, or nullptr.
    const std::string* find(std::string_view attr) const;
    // "NAME(a=1%b=2)"
    std::string text() const;
    // Same name and the same sequence of attribute names (values ignored).
    bool same_shape(const Test& other) const;

    bool operator==(const Test&) const = default;
};

// SCAN(V=7.93%E=4%D=11/24%OT=80%CT=1%CU=44535%PV=N%DS=1%DC=D%G=Y%M=BA36CD%TM=6B06069B%P=...)
// Fields in Nmap's order; an empty optional is an omitted field (DS, DC, M) or an empty
// port (OT=, CT=, CU=).
struct ScanLine {
    std::string version = "7.93";             // V
    int engine = 4;                           // E: 4 or 6
    int month = 1, day = 1;                   // D=<month>/<day>
    std::optional<int> open_tcp_port;         // OT
    std::optional<int> closed_tcp_port;       // CT
    std::optional<int> closed_udp_port;       // CU
    bool private_address = false;             // PV=Y|N
    std::optional<int> distance;              // DS
    std::optional<char> distance_method;      // DC: L, D, I or T
    bool good = true;                         // G=Y|N
    std::optional<std::string> mac_prefix;    // M: 6 upper-case hex digits
    std::uint64_t time = 0;                   // TM, printed %X
    std::string platform = "x86_64-pc-linux-gnu";  // P

    std::string text() const;
    // Reads the attributes of a SCAN test; an error names the attribute that is malformed,
    // unknown, repeated, missing or out of Nmap's order. Numbers must be written as Nmap
    // writes them (no leading zeros, upper-case hex), so text() gives the input back.
    static Result<ScanLine> from_test(const Test& test);

    bool operator==(const ScanLine&) const = default;
};

enum class FingerprintLayout {
    wrapped,    // "OS:" + 72 characters per line, the submission form
    unwrapped,  // the SCAN line and then one test per line
};

class Fingerprint {
public:
    Fingerprint() = default;

    std::optional<ScanLine> scan;

    std::vector<Test>& tests() { return tests_; }
    const std::vector<Test>& tests() const { return tests_; }

    // Appends a test and returns it for set() calls: fp.add_test("T1").set("R", "Y");
    Test& add_test(std::string_view name);
    // The first test with this name (the one Nmap's matcher uses), or nullptr.
    const Test* find(std::string_view name) const;
    Test* find(std::string_view name);

    // The text exactly as Nmap prints it, each line ending in '\n'.
    std::string text(FingerprintLayout layout) const;

    // Reads a fingerprint as Nmap prints it: the wrapped `OS:` lines of the normal output,
    // the unwrapped form (one test per line, as in -vv output of non-ideal scans), or the
    // same text taken from XML's osfingerprint attribute. Errors carry "line N".
    static Result<Fingerprint> parse(std::string_view text);

    bool operator==(const Fingerprint&) const = default;

private:
    std::vector<Test> tests_;
};

// The position of a test name in Nmap's fingerprint order (SCAN, SEQ, OPS, WIN, ECN,
// T1..T7, U1, IE); unknown names sort after all of them.
int test_order(std::string_view name);

// Merges the fingerprints of several rounds into the one Nmap prints (mergeFPs). The SCAN
// line is taken from the last round that has one.
// - 7.93: all tests in round order, stably sorted by test_order(), then every test that has
//   the same name and the same attribute names as an earlier one is dropped. Values are not
//   compared [7.93 quirk], so the first round's SEQ line survives even if later rounds
//   measured a different SP.
// - 7.95: only a test equal in name and every value to another is dropped; tests of one
//   name are ordered by their values (test_value_less), not by round, so two rounds with
//   different SPs print two SEQ lines, the smaller text first.
Fingerprint merge_rounds(std::span<const Fingerprint> rounds, NmapBehaviour behaviour = NmapBehaviour::v7_93);

// Nmap 7.95's order of two tests of the same name (FingerTestCmp): their attributes are
// compared slot by slot in the order Nmap defines for that test (SEQ: SP GCD ISR TI CI II
// SS TS; T2: R DF T TG W S A F O RD Q; ...), an absent attribute before a present one,
// present values by strcmp. Attributes outside Nmap's definition (never produced by the
// engine) are compared last, in their order.
bool test_value_less(const Test& a, const Test& b);

// Finds the fingerprint inside a larger document: nmap's XML (the osfingerprint
// attribute, XML escapes decoded), nmap's normal output (the lines after
// "TCP/IP fingerprint:"), or returns the text itself when it is a bare fingerprint.
std::string extract_fingerprint_text(std::string_view document);

}  // namespace whorl::fp
