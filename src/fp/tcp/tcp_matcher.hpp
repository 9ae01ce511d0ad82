// p0f v3 SYN / SYN+ACK matching: the observed-packet input, the per-direction signature
// set (indexed by option layout) and p0f 3.09b's tcp_find_match() semantics: quirk
// equality with the df/id+/id-/ecn fuzzy allowance, TTL distance (MAX_DIST 35, "bad TTL"
// upper bound), mss/scale/pclass wildcards, window forms through detect_win_multi(), and
// specific > generic > fuzzy precedence with no fuzzy matches for application signatures.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fp/tcp/tcp_quirks.hpp"
#include "fp/tcp/tcp_signature.hpp"

namespace whorl::fp::passive {

inline constexpr int kMaxDist = 35;              // p0f's MAX_DIST
inline constexpr std::uint16_t kSendSynMss = 1331;  // p0f-sendsyn's SPECIAL_MSS
inline constexpr std::uint16_t kSendSynWindow = 1337;

// The window as a multiple of the MSS or MTU (p0f's detect_win_multi, same divisor order).
struct WindowMultiple {
    int multiplier = -1;  // -1: no divisor fits
    bool mtu = false;     // multiple of an MTU rather than an MSS
};

// One observed SYN or SYN+ACK, reduced to what p0f matches and prints.
struct TcpSignatureInput {
    std::uint8_t ip_version = 4;   // 4 or 6
    std::uint8_t ttl = 0;          // TTL / hop limit as seen
    std::uint8_t ip_opt_len = 0;   // IPv4 header length - 20 (0 for IPv6)
    std::uint8_t tos = 0;          // DSCP (traffic class >> 2), printed as "tos:0xNN"
    std::uint16_t mss = 0;         // 0 without an MSS option
    std::uint16_t window = 0;      // raw TCP window field
    std::uint8_t wscale = 0;       // 0 without a window-scale option
    OptionLayout layout;
    std::uint8_t eol_pad = 0;
    QuirkSet quirks;
    bool payload = false;          // the segment carries data
    std::uint32_t ts1 = 0;         // own TSval (0 when absent)
    std::uint16_t header_len = 0;  // IP header (with options) + TCP header (with options)
    bool syn_ack = false;          // SYN+ACK (server side) rather than SYN
    std::uint16_t peer_syn_mss = 0;// SYN+ACK only: MSS of the SYN it answers (0 if none)
    // detect_window_multiple() of the fields above, once someone worked it out (the
    // TcpSignatureCache does, once per signature); until then the matcher and the raw
    // signature work it out for themselves when they need it.
    WindowMultiple multiple;
    bool multiple_known = false;
};

// Builds the input from decoded header fields and the option walk (window multiple not
// yet known).
TcpSignatureInput make_tcp_input(const TcpHeaderFields& h, const TcpOptions& opts,
                                 std::uint8_t ttl, std::uint8_t ip_opt_len, std::uint16_t window,
                                 std::uint16_t header_len, bool payload,
                                 std::uint16_t peer_syn_mss = 0,
                                 AckQuirkRule rule = AckQuirkRule::logical);

// Works out the window multiple (ignores `multiple_known`).
WindowMultiple detect_window_multiple(const TcpSignatureInput& in);

// p0f's distance guess for an unmatched packet: up to the next of 32, 64, 128, 255.
std::uint8_t guess_distance(std::uint8_t ttl);

struct TcpSignatureRecord {
    TcpSignature sig;
    std::uint32_t label = 0;  // index into P0fDatabase::labels()
    std::uint32_t line = 0;   // line in p0f.fp
    bool generic = false;     // label type "g"
    bool app = false;         // label class "!"
};

struct TcpMatch {
    const TcpSignatureRecord* record = nullptr;  // nullptr: no match
    bool fuzzy = false;
    std::uint8_t dist = 0;  // TTL distance (guessed when nothing usable matched)

    bool generic() const { return record && record->generic; }
    bool bad_ttl() const { return record && record->sig.bad_ttl; }
};

class TcpSignatureSet {
public:
    // Adds a signature in file order. If an earlier specific signature already covers it
    // (p0f's load-time duplicate check), nothing is added and that signature's line is
    // returned.
    std::optional<std::uint32_t> add(TcpSignatureRecord record);

    TcpMatch match(const TcpSignatureInput& in) const;

    std::size_t size() const { return size_; }
    // Every record, grouped by option layout, in file order within a group.
    void for_each(const std::function<void(const TcpSignatureRecord&)>& fn) const;

private:
    // The fields tcp_find_match compares, packed so a layout's candidates scan from one
    // small contiguous array.
    struct Compact {
        std::uint64_t key_mask;   // fields that must be equal (mss, scale, EOL pad, IP
        std::uint64_t key_value;  // option length, payload class); wildcards masked out
        std::uint32_t quirks_v4;  // quirks compared with an IPv4 / IPv6 packet ("*"
        std::uint32_t quirks_v6;  // signatures drop the other version's quirks)
        std::uint16_t win;
        std::uint8_t ttl;
        WindowType win_type;
        bool bad_ttl, generic, app;
    };
    // All signatures sharing one option layout, in file order.
    struct Group {
        OptionLayout layout;
        std::uint64_t hash = 0;
        std::vector<Compact> compact;
        std::vector<TcpSignatureRecord> records;
    };
    struct Probe;

    static std::uint64_t layout_hash(const OptionLayout& l);
    const Group* find_group(const OptionLayout& l, std::uint64_t hash) const;
    Group& group_for(const OptionLayout& l);
    const TcpSignatureRecord* scan(const Group& g, Probe& p, bool dupe_check, TcpMatch& out) const;

    // Open addressing over group indexes (+1; 0 = empty), a power of two at most half full.
    std::vector<std::uint32_t> slots_;
    std::vector<Group> groups_;
    std::size_t size_ = 0;
};

// p0f's raw_sig for the packet, e.g. "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0".
std::string format_tcp_raw_sig(const TcpSignatureInput& in);

// p0f's params field: "generic fuzzy random_ttl excess_dist tos:0xNN" subset, or "none".
std::string format_tcp_params(const TcpSignatureInput& in, const TcpMatch& m);

}  // namespace whorl::fp::passive
