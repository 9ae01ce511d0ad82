// The OS part of Nmap 7.93's normal output for one host, as lines (without '\n'):
//   Warning: OSScan results may be unreliable ...
//   Device type / Running / OS CPE
//   OS details | OS fingerprint not ideal because | Aggressive OS guesses | No exact ... |
//     No OS matches ... | Too many fingerprints ...
//   TCP/IP fingerprint: (the print, then an empty line)
//   Uptime guess (-v), Network Distance, TCP Sequence Prediction (-v), IP ID Sequence
//   Generation (-v)
// and whorl's line after them (os_verdict_line): "OS verdict: ...".
// A pure function of an OsBlock value; the host report (port table etc.) wraps it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fp/db/os_db.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/match/os_matcher.hpp"
#include "fp/match/os_print_plan.hpp"
#include "fp/verdict/os_verdict.hpp"

namespace whorl::report {

// Values measured from the SEQ probes of the last round (printed with -v).
struct SeqExtras {
    struct Uptime {
        double seconds = 0;    // now - lastboot, as Nmap computes it when printing
        std::string lastboot;  // ctime() of the boot time without its newline
    };
    std::optional<Uptime> uptime;
    std::optional<int> tcp_sequence_index;  // SP, printed in decimal
    std::optional<std::string> ip_id_class;  // "All zeros", "Incremental", ...
};

struct OsBlock {
    const fp::db::OsDb* db = nullptr;
    fp::match::OsPrintPlan plan;
    fp::Fingerprint fingerprint;  // printed per plan.fingerprint (its G= is set from the plan)
    std::optional<int> distance;  // hops; nullopt: not printed
    SeqExtras seq;
};

// The IP ID class name Nmap prints for a SEQ TI value ("Z" -> "All zeros"); an
// incrementing-by-2 sequence also prints TI=I and cannot be told apart here.
std::optional<std::string> ip_id_class_from_ti(std::string_view ti);

// SEQ extras as far as the fingerprint tells them: the sequence index from SP, the IP ID
// class from TI (or "Busy server or unknown class" when SP shows 4+ replies but TI is
// missing); never the uptime, which needs the raw timestamps.
SeqExtras seq_extras_from_fingerprint(const fp::Fingerprint& fp);

// The fingerprint text as the plan prints it (G= set from the plan), or nullopt when the
// plan prints none. The normal output and XML's <osfingerprint> carry the same text.
std::optional<std::string> printed_fingerprint(const fp::Fingerprint& fingerprint,
                                               const fp::match::FingerprintOutput& how);

std::vector<std::string> os_block_lines(const OsBlock& block);

// Lines joined, each ending in '\n'.
std::string os_block_text(const OsBlock& block);

// whorl's own line after Nmap's: "OS verdict: Linux 6.X (general purpose), 91 %".
std::string os_verdict_line(const fp::verdict::OsVerdict& verdict);

}  // namespace whorl::report
