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

constexpr std::array<std::string_view, 14> kTestOrder{
    "SCAN", "SEQ", "OPS", "WIN", "ECN", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "U1", "IE"};

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
    std::string flat = scan ? scan->text() : std::string();
    for (const auto& t : tests_) flat += t.text();
    for (std::size_t i = 0; i < flat.size(); i += kWrapWidth) {
        out += "OS:";
        out.append(flat, i, kWrapWidth);
        out += '\n';
    }
    return out;
}

int test_order(std::string_view name) {
    for (std::size_t i = 0; i < kTestOrder.size(); ++i)
        if (kTestOrder[i] == name) return static_cast<int>(i);
    return static_cast<int>(kTestOrder.size());
}

Fingerprint merge_rounds(std::span<const Fingerprint> rounds) {
    Fingerprint merged;
    std::vector<const Test*> all;
    for (const auto& r : rounds) {
        if (r.scan) merged.scan = r.scan;
        for (const auto& t : r.tests()) all.push_back(&t);
    }
    std::stable_sort(all.begin(), all.end(), [](const Test* a, const Test* b) {
        return test_order(a->name) < test_order(b->name);
    });
    for (std::size_t i = 0; i < all.size(); ++i) {
        bool duplicate = false;
        for (std::size_t j = 0; j < i && !duplicate; ++j)
            duplicate = all[j]->same_shape(*all[i]);
        if (!duplicate) merged.tests().push_back(*all[i]);
    }
    return merged;
}

}  // namespace whorl::fp
