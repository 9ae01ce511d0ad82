// p0f's text output for passive observations, byte for byte as p0f 3.09b prints it: the
// `-o` log line ("[2024/01/02 03:04:05] mod=syn|cli=198.51.100.1/1234|srv=...|subj=cli|
// os=...|dist=...|params=...|raw_sig=...", packet time in the local time zone) and the
// console block (".-[ cli/port -> srv/port (syn) ]-" ... "`----"). Fields are formatted
// straight into the output buffer: no per-line allocation, no per-line write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip_address.hpp"
#include "fp/passive/observation.hpp"
#include "fp/passive/p0f_database.hpp"
#include "io/buffered_output.hpp"

namespace whorl::report {

// p0f's address text: dotted quad, or eight unpadded hex groups for IPv6 (no "::").
void append_p0f_address(std::string& out, const IpAddress& addr);

// "YYYY/MM/DD HH:MM:SS" of a unix second in the local time zone (TZ), cached per second.
class LocalTimeText {
public:
    std::string_view at(std::int64_t unix_seconds);

private:
    std::int64_t cached_ = -1;
    char text_[32] = {};
    std::size_t len_ = 0;
};

// The key=value fields of an observation, in p0f's order ("???" for a missing value).
class P0fFieldFormatter {
public:
    explicit P0fFieldFormatter(const fp::passive::P0fDatabase& db);

    struct Field {
        std::string_view key;
        std::optional<std::string_view> value;
    };
    // Valid until the next call.
    const std::vector<Field>& format(const fp::passive::Observation& o);

private:
    void add(std::string_view key, std::optional<std::size_t> value_start);
    void tcp(const fp::passive::TcpDetail& d, bool sendsyn);
    void http(const fp::passive::HttpDetail& d);

    const fp::passive::P0fDatabase& db_;
    std::vector<std::string> labels_;  // label text per label index
    std::string values_;
    struct Pending {
        std::string_view key;
        std::size_t start = 0, end = 0;
        bool present = false;
    };
    std::vector<Pending> pending_;
    std::vector<Field> fields_;
};

enum class P0fTextStyle { log, console };

class P0fTextWriter final : public fp::passive::ObservationSink {
public:
    P0fTextWriter(const fp::passive::P0fDatabase& db, io::BufferedOutput& out, P0fTextStyle style);
    void observe(const fp::passive::Observation& o) override;

private:
    void log_line(const fp::passive::Observation& o, const std::vector<P0fFieldFormatter::Field>& f);
    void console_block(const fp::passive::Observation& o,
                       const std::vector<P0fFieldFormatter::Field>& f);

    io::BufferedOutput& out_;
    P0fTextStyle style_;
    P0fFieldFormatter fields_;
    LocalTimeText time_;
};

}  // namespace whorl::report
