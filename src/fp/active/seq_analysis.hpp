// The SEQ test of Nmap 7.93 (makeTSeqFP): TCP ISN rate, GCD and predictability (ISR, GCD,
// SP), the IP ID classes (TI, CI, II, SS) and the TCP timestamp rate (TS), plus what the
// verbose output and XML report from them (difficulty index, uptime, the raw values).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fp/active/ip_id_class.hpp"

namespace whorl::fp::active {

enum class TsClass { unknown, zero, unsupported, hz2, hz100, hz1000, other };
std::string_view ts_class_text(TsClass c);  // as in XML tcptssequence class=

// One accepted SYN/ACK to SEQ probe k (slot k of 6).
struct SeqSample {
    std::uint32_t isn = 0;
    std::uint16_t ip_id = 0;
    std::uint32_t tsval = 0;             // 0 when absent (then ts_class says unsupported)
    std::int64_t sent_us = 0;            // when SEQ probe k was sent, monotonic microseconds
    std::int64_t sent_wall_seconds = 0;  // the same instant, Unix seconds (for lastboot)
};

struct SeqInputs {
    std::array<std::optional<SeqSample>, 6> slots;
    // Set while replies arrive: unsupported (a reply had no timestamp) or zero (TSval 0);
    // the last reply that set one wins, as in Nmap.
    TsClass reply_ts_class = TsClass::unknown;
    std::vector<std::uint16_t> closed_port_ip_ids;  // T5, T6, T7 replies in probe order
    std::vector<std::uint16_t> icmp_ip_ids;         // IE1, IE2 replies to probes sent once
    bool localhost = false;
    double scan_delay_ms = 0;
};

struct SeqAnalysis {
    int responses = 0;  // accepted SEQ samples after squeezing out the gaps
    std::optional<unsigned> sp, isr;
    std::optional<std::uint32_t> gcd;
    IpIdSequence ti, ci, ii;
    std::optional<char> ss;  // 'S' or 'O'
    TsClass ts_class = TsClass::unknown;
    std::optional<unsigned> ts_value;  // printed %X; absent for U/0/unknown classes
    double avg_ts_hz = 0;
    std::int64_t lastboot = 0;  // Unix seconds; 0 when unknown
    std::vector<std::uint32_t> isns, tsvals;
    std::vector<std::uint16_t> ip_ids;

    // The SEQ line's attributes in Nmap's order; empty when Nmap omits the line.
    std::vector<std::pair<std::string, std::string>> attributes() const;
};

SeqAnalysis analyse_seq(const SeqInputs& in);

// "Trivial joke", "Easy", ... "Good luck!" for the TCP Sequence Prediction line.
std::string_view difficulty_label(unsigned sp);

}  // namespace whorl::fp::active
