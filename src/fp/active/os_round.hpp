// OsRound: one host's replies during one round of OS detection, turned into that round's
// fingerprint tests exactly as Nmap 7.93 or 7.95 does (processResp, processTSeqResp,
// processTOpsResp/TWinResp, processTEcnResp, processT1_7Resp, processTUdpResp,
// processTIcmpResp, makeFP). Pure: the scanner says which probe a reply answers (its
// tracker knows) and when each SEQ probe left. The releases differ in three values:
// RD (7.93 pads the CRC to 8 digits), UN (7.93 keeps its low 16 bits) and an empty SEQ
// line (7.95 prints SEQ()); and in the timing ratio (docs/decisions/0011).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "fp/active/probe_spec.hpp"
#include "fp/active/replies.hpp"
#include "fp/active/seq_analysis.hpp"
#include "fp/fingerprint/fingerprint.hpp"
#include "fp/nmap_behaviour.hpp"

namespace whorl::fp::active {

struct RoundParams {
    std::uint32_t seq_base = 0;  // S: SEQ k carries S + k; the other TCP probes S
    std::uint32_t ack = 0;       // A: the ack field of the TCP probes
    std::uint8_t udp_ttl = 0;    // U1's TTL (the hop distance comes from it)
    std::uint16_t u1_udp_checksum = 0;  // as sent, network byte order value
    bool has_open_port = false;
    bool has_known_closed_port = false;  // CT= is set (a closed port, not a guess)
    bool localhost = false;
    double scan_delay_ms = 0;
    NmapBehaviour behaviour = NmapBehaviour::v7_93;
};

class OsRound {
public:
    explicit OsRound(RoundParams p) : p_(p) {}

    // Each returns whether the reply was useful (Nmap's isPktUseful): the probe it
    // answers is then complete and not retransmitted.
    bool on_tcp_reply(ProbeId probe, const TcpReply& reply);
    bool on_echo_reply(ProbeId probe, const EchoReply& reply, bool probe_was_retransmitted);
    // Also sets `udp_distance` (the host's hop count) if it is still unknown.
    bool on_port_unreachable(const PortUnreachableReply& reply, std::optional<int>& udp_distance);

    void set_seq_sent(int slot, std::int64_t mono_us, std::int64_t wall_seconds);

    // timingRatio: how long the SEQ phase took over its ideal 500 ms (0 without an open
    // port). 7.95 measures from SEQ1's send time. 7.93 measures after makeTSeqFP has
    // packed the usable SEQ answers to the front of the send-time array, so from the send
    // time of the first SEQ probe that drew a usable SYN/ACK (SEQ1's if none did); the
    // end is always SEQ6's send time.
    double timing_ratio() const;

    // What still has no answer, for the fallback probes and retransmissions.
    bool has_ops_value(int k) const { return ops_[static_cast<std::size_t>(k)].has_value(); }
    bool has_t_result(int i) const { return t_[static_cast<std::size_t>(i)].has_value(); }
    bool has_ecn_result() const { return ecn_.has_value(); }
    bool has_u1_result() const { return u1_.has_value(); }
    bool has_ie_result() const { return ie_.has_value(); }
    int seq_responses() const { return seq_responses_; }
    // The RST warning Nmap prints when the first SEQ reply is a reset.
    bool rst_on_open_port() const { return rst_on_open_port_; }

    struct Result {
        Fingerprint fingerprint;  // tests only; the SCAN line is the host's business
        SeqAnalysis seq;
        std::optional<int> distance_guess;  // from the first TTL seen (initial TTL - TTL)
    };
    // makeFP: the round's tests in Nmap's order, R=N where Nmap writes it, and every T
    // turned into T (when udp_distance is known) or TG. A SEQ line with no attribute is
    // left out by 7.93 and printed as SEQ() by 7.95 (its makeTSeqFP always makes the test).
    Result finish(std::optional<int> udp_distance) const;

private:
    bool seq_reply(int slot, const TcpReply& r);
    void ops_reply(int k, const TcpReply& r);
    Test tcp_test(const char* name, const TcpReply& r, bool with_window_and_options) const;

    RoundParams p_;
    SeqInputs seq_;
    std::array<std::int64_t, 6> seq_sent_us_{}, seq_sent_wall_{};
    int seq_responses_ = 0;
    std::optional<std::uint16_t> last_seq_ip_id_;
    bool rst_on_open_port_ = false;
    std::array<std::optional<std::string>, 6> ops_, win_;
    std::optional<Test> ecn_;
    std::array<std::optional<Test>, 7> t_;
    std::array<std::optional<std::uint16_t>, 3> closed_ip_ids_;
    std::optional<Test> u1_;
    std::optional<Test> ie_;
    std::optional<std::pair<int, EchoReply>> first_echo_;
    std::array<std::optional<std::uint16_t>, 2> icmp_ip_ids_;
};

// Nmap's initial-TTL guess: 32, 64, 128 or 255.
int initial_ttl_guess(int ttl);

}  // namespace whorl::fp::active
