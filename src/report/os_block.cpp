// Rendering of the OS block of Nmap's normal output.
#include "report/os_block.hpp"

#include <cmath>

#include <fmt/format.h>

#include "base/text.hpp"
#include "fp/active/ip_id_class.hpp"
#include "fp/active/seq_analysis.hpp"

namespace whorl::report {
namespace {

using fp::match::OsVerdict;
using fp::match::PlannedMatch;

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) s += sep;
        s += items[i];
    }
    return s;
}

constexpr std::string_view kSubmit = "(If you know what OS is running on it, see https://nmap.org/submit/ ).";

void add_summary(std::vector<std::string>& out, const fp::match::ClassSummary& s) {
    out.push_back("Device type: " + join(s.device_types, "|"));
    std::string running = s.guessing ? "Running (JUST GUESSING): " : "Running: ";
    for (std::size_t i = 0; i < s.families.size(); ++i) {
        const auto& f = s.families[i];
        if (i) running += ", ";
        running += f.name;
        if (!f.generations.empty()) running += " " + f.generations;
        if (f.percent) running += fmt::format(" ({}%)", *f.percent);
    }
    out.push_back(running);
    if (!s.cpes.empty()) out.push_back("OS CPE: " + join(s.cpes, " "));
}

std::string name_list(const fp::db::OsDb& db, const std::vector<PlannedMatch>& ms, bool percent) {
    std::string s;
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (i) s += ", ";
        s += db.prints()[ms[i].print].name;
        if (percent) s += fmt::format(" ({:.0f}%)", std::floor(ms[i].accuracy * 100));
    }
    return s;
}

void add_fingerprint(std::vector<std::string>& out, const OsBlock& b) {
    auto text = printed_fingerprint(b.fingerprint, b.plan.fingerprint);
    if (!text) return;
    out.push_back("TCP/IP fingerprint:");
    for (std::string_view line : split(*text, '\n')) out.emplace_back(line);  // the last is the empty line
}

void add_verdict(std::vector<std::string>& out, const OsBlock& b) {
    const auto& p = b.plan;
    switch (p.verdict) {
        case OsVerdict::details:
            out.push_back("OS details: " + name_list(*b.db, p.details, false));
            break;
        case OsVerdict::no_exact:
            if (p.reason) out.push_back("OS fingerprint not ideal because: " + *p.reason);
            if (!p.guesses.empty()) out.push_back("Aggressive OS guesses: " + name_list(*b.db, p.guesses, true));
            out.push_back(p.non_ideal ? "No exact OS matches for host (test conditions non-ideal)."
                                      : fmt::format("No exact OS matches for host {}", kSubmit));
            break;
        case OsVerdict::no_matches:
            if (p.reason) {
                out.push_back("OS fingerprint not ideal because: " + *p.reason);
                out.push_back("No OS matches for host");
            } else {
                out.push_back(fmt::format("No OS matches for host {}", kSubmit));
            }
            break;
        case OsVerdict::too_many:
            out.push_back("Too many fingerprints match this host to give specific OS details");
            break;
    }
    add_fingerprint(out, b);
}

}  // namespace

std::optional<std::string> printed_fingerprint(const fp::Fingerprint& fingerprint,
                                               const fp::match::FingerprintOutput& how) {
    if (!how.print) return std::nullopt;
    fp::Fingerprint fp = fingerprint;
    if (fp.scan) fp.scan->good = how.good;
    return fp.text(how.layout);
}

std::optional<std::string> ip_id_class_from_ti(std::string_view ti) {
    using fp::active::IpIdClass;
    IpIdClass cls = ti == "Z"    ? IpIdClass::zero
                    : ti == "RD" ? IpIdClass::random
                    : ti == "RI" ? IpIdClass::random_positive
                    : ti == "BI" ? IpIdClass::broken_increment
                    : ti == "I"  ? IpIdClass::increment
                    : parse_uint(ti, 16) ? IpIdClass::constant
                                         : IpIdClass::unknown;
    if (cls == IpIdClass::unknown) return std::nullopt;
    return std::string(fp::active::IpIdSequence{cls, 0}.description());
}

SeqExtras seq_extras_from_fingerprint(const fp::Fingerprint& fp) {
    SeqExtras x;
    const fp::Test* seq = fp.find("SEQ");
    if (!seq) return x;
    if (const std::string* sp = seq->find("SP"))
        if (auto v = parse_uint(*sp, 16); v && *v <= 0xffffffu) x.tcp_sequence_index = static_cast<int>(*v);
    if (const std::string* ti = seq->find("TI")) x.ip_id_class = ip_id_class_from_ti(*ti);
    else if (x.tcp_sequence_index) x.ip_id_class = "Busy server or unknown class";
    return x;
}

std::vector<std::string> os_block_lines(const OsBlock& b) {
    std::vector<std::string> out;
    const auto& p = b.plan;
    if (p.unreliable_warning)
        out.emplace_back(
            "Warning: OSScan results may be unreliable because we could not find at least 1 open and 1 closed port");
    if (p.summary) add_summary(out, *p.summary);
    add_verdict(out, b);
    if (p.seq_extras && b.seq.uptime)
        out.push_back(fmt::format("Uptime guess: {:.3f} days (since {})", b.seq.uptime->seconds / 86400,
                                  b.seq.uptime->lastboot));
    if (b.distance) out.push_back(fmt::format("Network Distance: {} hop{}", *b.distance, *b.distance == 1 ? "" : "s"));
    if (p.seq_extras && b.seq.tcp_sequence_index)
        out.push_back(fmt::format("TCP Sequence Prediction: Difficulty={} ({})", *b.seq.tcp_sequence_index,
                                  fp::active::difficulty_label(static_cast<unsigned>(*b.seq.tcp_sequence_index))));
    if (p.seq_extras && b.seq.ip_id_class) out.push_back("IP ID Sequence Generation: " + *b.seq.ip_id_class);
    return out;
}

std::string os_verdict_line(const fp::verdict::OsVerdict& verdict) { return "OS verdict: " + verdict.text(); }

std::string os_block_text(const OsBlock& b) {
    std::string s;
    for (const auto& line : os_block_lines(b)) s += line + '\n';
    return s;
}

}  // namespace whorl::report
