// Readers for the crafted p0f fixtures (tests/fixtures/pcap/p0f/, made by
// tools/p0f_fixtures.py): NAME.fields (wire fields of each packet) and NAME.log (p0f 3.09b's
// -o log of NAME.pcap), and the conversion of a packet's fields into p0f's inputs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fp/p0f/p0f_database.hpp"
#include "fp/tcp/tcp_matcher.hpp"

namespace whorl::fp::passive::test {

struct FixturePacket {
    std::map<std::string, std::string> f;  // key=value tokens of the .fields line
    std::string get(const std::string& k) const;
    std::uint64_t num(const std::string& k) const;
    std::vector<std::byte> hex(const std::string& k) const;  // "-" is empty
    bool syn() const { return (num("tcpflags") & 0x12) == 0x02; }
    bool syn_ack() const { return (num("tcpflags") & 0x12) == 0x12; }
    std::uint64_t time_ms() const;
};

struct LogLine {
    std::string mod;
    std::map<std::string, std::string> f;  // cli, srv, subj and the observation fields
    std::vector<std::pair<std::string, std::string>> ordered;  // fields after subj, in order
    std::string tail;  // the raw text after "subj=...|"
    std::uint16_t cli_port() const;
};

// The installed p0f.fp, loaded once (a test failure if it cannot be).
const P0fDatabase& shipped_p0f();

std::vector<FixturePacket> read_fields(const std::string& name);  // "tcp_cases"
std::vector<LogLine> read_log(const std::string& name);

// TcpHeaderFields, options and the whole matcher input of a packet; peer_syn_mss for
// SYN+ACKs. `rule` picks the ack+ behaviour (p0f's own output needs the 3.09b rule).
TcpSignatureInput tcp_input(const FixturePacket& p, std::uint16_t peer_syn_mss,
                            AckQuirkRule rule = AckQuirkRule::p0f_3_09b);

}  // namespace whorl::fp::passive::test
