// p0f's text output for passive observations, byte for byte as p0f 3.09b prints it: the
// `-o` log line ("[2024/01/02 03:04:05] mod=syn|cli=198.51.100.1/1234|srv=...|subj=cli|
// os=...|dist=...|params=...|raw_sig=...", packet time in the local time zone) and the
// console block (".-[ cli/port -> srv/port (syn) ]-" ... "`----"). Fields are formatted
// straight into the output buffer: no per-line allocation, no per-line write.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fp/passive/observation.hpp"
#include "fp/passive/p0f_database.hpp"
#include "io/buffered_output.hpp"
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
    P0fTextWriter(const fp::passive::P0fDatabase& db, io::BufferedOutput& out, P0fTextStyle style);
    void observe(const fp::passive::Observation& o) override;

private:
    // Each writes at p, within the room observe() reserved, and returns the new end.
    // "address/port" of both ends, formatted once per connection.
    struct Endpoints {
        std::uint64_t serial = 0;
        std::uint8_t cli_len = 0, srv_len = 0;
        char cli[46], srv[46];
        std::string_view client() const { return {cli, cli_len}; }
        std::string_view server() const { return {srv, srv_len}; }
    };
    const Endpoints& endpoints(const fp::passive::Observation& o);
    char* header(char* p, const fp::passive::Observation& o);
    char* field(char* p, std::string_view key) const;  // "|key=" or "| key      = "
    char* end_field(char* p) const;
    char* tcp_fields(char* p, const fp::passive::TcpDetail& d, bool sendsyn);
    char* other_fields(char* p, const fp::passive::ObservationDetail& d);

    const fp::passive::P0fDatabase& db_;
    io::BufferedOutput& out_;
    P0fTextStyle style_;
    std::vector<std::string> labels_;  // label text per label index
    LocalTimeText time_;
    AddressTextCache addresses_;
    std::vector<Endpoints> endpoints_;  // direct-mapped by connection serial
};

}  // namespace whorl::report
