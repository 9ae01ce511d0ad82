// p0f's text output for passive observations, byte for byte as p0f 3.09b prints it: the
// `-o` log line ("[2024/01/02 03:04:05] mod=syn|cli=198.51.100.1/1234|srv=...|subj=cli|
// os=...|dist=...|params=...|raw_sig=...", packet time in the local time zone) and the
// console block (".-[ cli/port -> srv/port (syn) ]-" ... "`----"). Fields are formatted
// straight into the caller's text buffer: no per-line allocation, no per-line write. The
// caller owns the output stream and drains the buffer (cli/ flushes it to a file or stdout).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fp/p0f/p0f_database.hpp"
#include "passive/observation.hpp"
#include "report/text_append.hpp"

namespace whorl::report {

// "YYYY/MM/DD HH:MM:SS" of a unix second in the local time zone (TZ), cached per second.
class LocalTimeText {
public:
    std::string_view at(std::int64_t unix_seconds);

private:
    std::int64_t cached_ = -1;
    char text_[32] = {};
    std::size_t len_ = 0;
};

enum class P0fTextStyle { log, console };

class P0fTextWriter final : public fp::passive::ObservationSink {
public:
    // Lines are appended to `out`, which must outlive the writer.
    P0fTextWriter(const fp::passive::P0fDatabase& db, std::string& out, P0fTextStyle style);
    void observe(const fp::passive::Observation& o) override;

private:
    // What a line starts with for one connection, formatted once: both ends as
    // "address/port", and the part of the line around them (log: "|cli=A/P|srv=B/P|subj=",
    // console: ".-[ A/P -> B/P (").
    struct Endpoints {
        std::uint64_t serial = 0;
        std::uint8_t cli_len = 0, srv_len = 0, lead_len = 0;
        char cli[kMaxP0fAddressText + 6], srv[kMaxP0fAddressText + 6];
        char lead[2 * (kMaxP0fAddressText + 6) + 16];
        std::string_view client() const { return {cli, cli_len}; }
        std::string_view server() const { return {srv, srv_len}; }
        std::string_view lead_text() const { return {lead, lead_len}; }
    };
    // The fields after the subject and the line's end, the same for every packet with one
    // MTU: formatted once, then copied.
    struct MtuTail {
        std::uint32_t mtu = 0;
        const fp::passive::MtuEntry* entry = nullptr;
        std::string text;  // empty until first used
    };

    const Endpoints& endpoints(const fp::passive::Observation& o);
    std::string_view mtu_tail(const fp::passive::MtuResult& m);
    // Each writes at p, within the room observe() reserved, and returns the new end.
    char* header(char* p, const fp::passive::Observation& o);
    char* field(char* p, std::string_view key) const;  // "|key=" or "| key      = "
    char* end_field(char* p) const;
    char* end_line(char* p) const;
    char* tcp_fields(char* p, const fp::passive::TcpDetail& d, bool sendsyn) const;
    char* other_fields(char* p, const fp::passive::ObservationDetail& d);

    const fp::passive::P0fDatabase& db_;
    std::string& out_;
    P0fTextStyle style_;
    std::vector<std::string> labels_;  // label text per label index
    LocalTimeText time_;
    std::vector<Endpoints> endpoints_;  // direct-mapped by connection serial
    std::array<MtuTail, 64> mtu_tails_{};
};

}  // namespace whorl::report
