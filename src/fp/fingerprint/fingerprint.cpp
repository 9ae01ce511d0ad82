// The fingerprint model: building tests, writing the text Nmap prints, and merging rounds.
#include "fp/fingerprint/fingerprint.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace whorl::fp {
namespace {

// Nmap writes the wrapped form as "OS:" followed by 72 characters of the concatenated
// tests per line (FP_RESULT_WRAP_LINE_LEN, measured on 7.93 output).
constexpr std::size_t kWrapWidth = 72;
// The IPv6 engine's print wraps at 71 (output.cc wrap(): FP_RESULT_WRAP_LINE_LEN 74 less
// "OS:") and run-length encodes each answer's hex: "00{122}" for three or more
// repeats of one byte.
constexpr std::size_t kWrapWidth6 = 71;

std::string run_length_encoded(std::string_view hex) {
    std::string out;
    std::size_t p = 0;
    while (p + 1 < hex.size()) {
        std::size_t q = p + 2;
        while (q + 1 < hex.size() && hex[q] == hex[p] && hex[q + 1] == hex[p + 1]) q += 2;
        std::size_t reps = (q - p) / 2;
        if (reps < 3) out.append(hex, p, q - p);
        else out += fmt::format("{}{{{}}}", hex.substr(p, 2), reps);
        p = q;
    }
    out.append(hex.substr(p));
    return out;
}

constexpr std::array<std::string_view, 14> kTestOrder{
    "SCAN", "SEQ", "OPS", "WIN", "ECN", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "U1", "IE"};

// The attribute slots Nmap 7.95 gives each test (FingerPrintDef::test_attrs): the order
// in which it compares two tests of one name when merging rounds. It is also the order in
// which both releases build and print the attributes.
struct TestSlots {
    std::string_view test;
    std::array<std::string_view, 11> attrs;
};
constexpr std::array<TestSlots, 13> kTestSlots{{
    {"SEQ", {"SP", "GCD", "ISR", "TI", "CI", "II", "SS", "TS"}},
    {"OPS", {"O1", "O2", "O3", "O4", "O5", "O6"}},
    {"WIN", {"W1", "W2", "W3", "W4", "W5", "W6"}},
    {"ECN", {"R", "DF", "T", "TG", "W", "O", "CC", "Q"}},
    {"T1", {"R", "DF", "T", "TG", "S", "A", "F", "RD", "Q"}},
    {"T2", {"R", "DF", "T", "TG", "W", "S", "A", "F", "O", "RD", "Q"}},
    {"T3", {"R", "DF", "T", "TG", "W", "S", "A", "F", "O", "RD", "Q"}},
    {"T4", {"R", "DF", "T", "TG", "W", "S", "A", "F", "O", "RD", "Q"}},
    {"T5", {"R", "DF", "T", "TG", "W", "S", "A", "F", "O", "RD", "Q"}},
    {"T6", {"R", "DF", "T", "TG", "W", "S", "A", "F", "O", "RD", "Q"}},
    {"T7", {"R", "DF", "T", "TG", "W", "S", "A", "F", "O", "RD", "Q"}},
    {"U1", {"R", "DF", "T", "TG", "IPL", "UN", "RIPL", "RID", "RIPCK", "RUCK", "RUD"}},
    {"IE", {"R", "DFI", "T", "TG", "CD"}},
}};

const TestSlots* slots_of(std::string_view test) {
    for (const auto& s : kTestSlots)
        if (s.test == test) return &s;
    return nullptr;
}

bool is_slot(const TestSlots* slots, std::string_view attr) {
    if (!slots) return false;
    for (auto a : slots->attrs)
        if (!a.empty() && a == attr) return true;
    return false;
}

// -1, 0 or 1 as a < b, a == b, a > b: absent before present, present by byte value.
int compare_values(const std::string* a, const std::string* b) {
    if (!a || !b) return (a != nullptr) - (b != nullptr);
    int c = a->compare(*b);
    return (c > 0) - (c < 0);
}

// mergeFPs of 7.93: a test is dropped when an earlier one has its name and attribute names.
std::vector<Test> merge_by_shape(const std::vector<const Test*>& sorted) {
    std::vector<Test> out;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        bool duplicate = false;
        for (std::size_t j = 0; j < i && !duplicate; ++j) duplicate = sorted[j]->same_shape(*sorted[i]);
        if (!duplicate) out.push_back(*sorted[i]);
    }
    return out;
}

std::string port_text(const std::optional<int>& port) {
    return port ? fmt::format("{}", *port) : std::string();
}

}  // namespace

Test& Test::set(std::string_view attr, std::string_view value) {
    for (auto& a : attrs)
        if (a.name == attr) {
            a.value = value;
            return *this;
        }
    attrs.push_back(Attribute{std::string(attr), std::string(value)});
    return *this;
}

const std::string* Test::find(std::string_view attr) const {
    for (const auto& a : attrs)
        if (a.name == attr) return &a.value;
    return nullptr;
}

std::string Test::text() const {
    std::string out = name;
    out += '(';
    for (std::size_t i = 0; i < attrs.size(); ++i) {
        if (i) out += '%';
        out += attrs[i].name;
        out += '=';
        out += attrs[i].value;
    }
    out += ')';
    return out;
}

bool Test::same_shape(const Test& other) const {
    if (name != other.name || attrs.size() != other.attrs.size()) return false;
    for (std::size_t i = 0; i < attrs.size(); ++i)
        if (attrs[i].name != other.attrs[i].name) return false;
    return true;
}

std::string ScanLine::text() const {
    std::string out = fmt::format("SCAN(V={}%E={}%D={}/{}%OT={}%CT={}%CU={}%PV={}", version, engine,
                                  month, day, port_text(open_tcp_port), port_text(closed_tcp_port),
                                  port_text(closed_udp_port), private_address ? 'Y' : 'N');
    if (distance) out += fmt::format("%DS={}", *distance);
    if (distance_method) out += fmt::format("%DC={}", *distance_method);
    out += fmt::format("%G={}", good ? 'Y' : 'N');
    if (mac_prefix) out += fmt::format("%M={}", *mac_prefix);
    out += fmt::format("%TM={:X}%P={})", time, platform);
    return out;
}

Test& Fingerprint::add_test(std::string_view name) {
    tests_.push_back(Test{std::string(name), {}});
    return tests_.back();
}

const Test* Fingerprint::find(std::string_view name) const {
    for (const auto& t : tests_)
        if (t.name == name) return &t;
    return nullptr;
}

Test* Fingerprint::find(std::string_view name) {
    for (auto& t : tests_)
        if (t.name == name) return &t;
    return nullptr;
}

std::string Fingerprint::text(FingerprintLayout layout) const {
    std::string out;
    if (layout == FingerprintLayout::unwrapped) {
        if (scan) out += scan->text() + '\n';
        for (const auto& t : tests_) out += t.text() + '\n';
        return out;
    }
    const bool ipv6 = scan && scan->engine == 6;
    std::string flat = scan ? scan->text() : std::string();
    for (const auto& t : tests_) {
        if (!ipv6) {
            flat += t.text();
            continue;
        }
        Test encoded = t;
        for (auto& a : encoded.attrs)
            if (a.name == "P") a.value = run_length_encoded(a.value);
        flat += encoded.text();
    }
    const std::size_t width = ipv6 ? kWrapWidth6 : kWrapWidth;
    for (std::size_t i = 0; i < flat.size(); i += width) {
        out += "OS:";
        out.append(flat, i, width);
        out += '\n';
    }
    return out;
}

int test_order(std::string_view name) {
    for (std::size_t i = 0; i < kTestOrder.size(); ++i)
        if (kTestOrder[i] == name) return static_cast<int>(i);
    return static_cast<int>(kTestOrder.size());
}

bool test_value_less(const Test& a, const Test& b) {
    const TestSlots* slots = slots_of(a.name);
    if (slots) {
        for (auto attr : slots->attrs) {
            if (attr.empty()) break;
            if (int c = compare_values(a.find(attr), b.find(attr))) return c < 0;
        }
    }
    // Attributes Nmap has no slot for, in their order: the shorter list first on a tie.
    auto extra = [&](const Test& t) {
        std::vector<const Attribute*> v;
        for (const auto& at : t.attrs)
            if (!is_slot(slots, at.name)) v.push_back(&at);
        return v;
    };
    auto ea = extra(a), eb = extra(b);
    for (std::size_t i = 0; i < ea.size() && i < eb.size(); ++i) {
        if (int c = ea[i]->name.compare(eb[i]->name)) return c < 0;
        if (int c = ea[i]->value.compare(eb[i]->value)) return c < 0;
    }
    return ea.size() < eb.size();
}

Fingerprint merge_rounds(std::span<const Fingerprint> rounds, NmapBehaviour behaviour) {
    Fingerprint merged;
    std::vector<const Test*> all;
    for (const auto& r : rounds) {
        if (r.scan) merged.scan = r.scan;
        for (const auto& t : r.tests()) all.push_back(&t);
    }
    if (behaviour == NmapBehaviour::v7_93) {
        std::stable_sort(all.begin(), all.end(), [](const Test* a, const Test* b) {
            return test_order(a->name) < test_order(b->name);
        });
        merged.tests() = merge_by_shape(all);
        return merged;
    }
    // 7.95 puts the tests in a set ordered by test, then by value: equal tests collapse
    // into one, and different ones of a name come out in value order.
    auto less = [](const Test* a, const Test* b) {
        int oa = test_order(a->name), ob = test_order(b->name);
        if (oa != ob) return oa < ob;
        if (a->name != b->name) return a->name < b->name;  // unknown names: keep them apart
        return test_value_less(*a, *b);
    };
    std::stable_sort(all.begin(), all.end(), less);
    for (std::size_t i = 0; i < all.size(); ++i)
        if (i == 0 || less(all[i - 1], all[i])) merged.tests().push_back(*all[i]);
    return merged;
}

}  // namespace whorl::fp
