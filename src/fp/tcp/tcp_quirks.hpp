// p0f v3's view of a TCP/IP header: the quirk bits, the option layout and the option walk
// (p0f's process.c rules: EOL padding, 24-option cap, "bad" on malformed lengths). Pure
// functions of header fields that the pipeline decodes from the wire; no packet parsing here
// beyond the TCP option area, which is handed in as bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace whorl::fp::passive {

// Quirk bits, in the order p0f prints them in a raw signature.
enum class Quirk : std::uint8_t {
    df,          // IPv4 DF set
    id_nonzero,  // "id+": DF set and IP ID != 0
    id_zero,     // "id-": DF clear and IP ID == 0
    ecn,         // ECN bits in IP, or ECE/CWR/NS in TCP
    mbz,         // "0+": IPv4 must-be-zero flag set
    flow,        // IPv6 flow label != 0
    seq_zero,    // "seq-"
    ack_nonzero, // "ack+": ACK number != 0 while the ACK flag is clear (not on RST)
    ack_zero,    // "ack-": ACK flag set, ACK number 0
    uptr_nonzero,// "uptr+": URG clear, urgent pointer != 0
    urg,         // "urgf+"
    push,        // "pushf+"
    ts1_zero,    // "ts1-": own timestamp 0
    ts2_nonzero, // "ts2+": peer timestamp != 0 on a pure SYN
    opt_eol_nonzero, // "opt+": non-zero bytes after EOL
    exws,        // window scale > 14
    opt_bad,     // "bad": malformed option area
};
inline constexpr int kQuirkCount = 17;

// The token p0f uses for a quirk in p0f.fp and in raw signatures ("df", "id+", ...).
inline constexpr std::array<std::string_view, kQuirkCount> kQuirkTokens = {
    "df",   "id+",    "id-",  "ecn",  "0+",  "flow", "seq-", "ack+", "ack-",
    "uptr+", "urgf+", "pushf+", "ts1-", "ts2+", "opt+", "exws", "bad",
};
inline std::string_view quirk_token(Quirk q) { return kQuirkTokens[static_cast<std::size_t>(q)]; }
// The quirk named by a token, or nullopt.
std::optional<Quirk> quirk_from_token(std::string_view token);

class QuirkSet {
public:
    constexpr QuirkSet() = default;
    static constexpr QuirkSet from_bits(std::uint32_t bits) { QuirkSet s; s.bits_ = bits; return s; }
    constexpr void set(Quirk q) { bits_ |= bit(q); }
    constexpr void clear(Quirk q) { bits_ &= ~bit(q); }
    constexpr bool has(Quirk q) const { return (bits_ & bit(q)) != 0; }
    constexpr std::uint32_t bits() const { return bits_; }
    constexpr bool empty() const { return bits_ == 0; }
    static constexpr std::uint32_t bit(Quirk q) { return 1u << static_cast<unsigned>(q); }
    friend constexpr bool operator==(QuirkSet, QuirkSet) = default;

private:
    std::uint32_t bits_ = 0;
};

// "df,id+,ts1-" in p0f's order; "" for the empty set.
std::string format_quirks(QuirkSet q);
void append_quirks(std::string& out, QuirkSet q);

// Appends the decimal digits of v (no allocation beyond the string's own).
void append_uint(std::string& out, std::uint32_t v);

// TCP option kinds p0f names.
inline constexpr std::uint8_t kOptEol = 0, kOptNop = 1, kOptMss = 2, kOptWs = 3, kOptSackOk = 4,
                              kOptSack = 5, kOptTs = 8;
inline constexpr std::size_t kMaxTcpOptions = 24;  // p0f's MAX_TCP_OPT

// Option kinds in wire order, at most 24 (unused slots are zero, so two layouts compare
// and hash by their bytes).
struct OptionLayout {
    std::array<std::uint8_t, kMaxTcpOptions> kinds{};
    std::uint8_t count = 0;

    bool push(std::uint8_t kind) {
        if (count >= kMaxTcpOptions) return false;
        kinds[count++] = kind;
        return true;
    }
    std::span<const std::uint8_t> view() const { return {kinds.data(), count}; }
    friend bool operator==(const OptionLayout&, const OptionLayout&) = default;
};

// "mss,sok,ts,nop,ws" / "...,eol+N" / "?N" as p0f writes a layout.
std::string format_layout(const OptionLayout& layout, std::uint8_t eol_pad);
void append_layout(std::string& out, const OptionLayout& layout, std::uint8_t eol_pad);

// What p0f's option walk extracts from the TCP option area (bytes 20..doff of the header).
struct TcpOptions {
    OptionLayout layout;
    std::uint8_t eol_pad = 0;     // bytes after EOL
    std::uint16_t mss = 0;        // 0 when absent
    std::uint8_t wscale = 0;      // 0 when absent
    bool has_ts = false;
    std::uint32_t ts1 = 0;        // own TSval
    std::uint32_t ts2 = 0;        // TSecr
    bool ts1_zero = false;        // a timestamp option carried TSval 0 ("ts1-")
    bool ts2_nonzero = false;     // a timestamp option carried TSecr != 0 (for "ts2+")
    bool exws = false;            // a window scale above 14 was seen
    bool bad = false;             // "bad" quirk
    bool eol_nonzero = false;     // "opt+" quirk
};

// Walks the option area exactly as p0f 3.09b does (never reading outside `area`).
TcpOptions parse_tcp_options(std::span<const std::byte> area);

// TCP flag bits.
inline constexpr std::uint8_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpRst = 0x04, kTcpPush = 0x08,
                              kTcpAck = 0x10, kTcpUrg = 0x20, kTcpEce = 0x40, kTcpCwr = 0x80;

// The raw header fields quirks are computed from; the pipeline fills this from a decoded
// packet.
struct TcpHeaderFields {
    std::uint8_t ip_version = 4;    // 4 or 6
    std::uint8_t traffic_class = 0; // IPv4 TOS byte or IPv6 traffic class (DSCP << 2 | ECN)
    bool df = false;                // IPv4 only
    bool mbz = false;               // IPv4 reserved flag
    std::uint16_t ip_id = 0;        // IPv4 only
    std::uint32_t flow_label = 0;   // IPv6 only (20 bits)
    std::uint8_t tcp_flags = 0;     // FIN..CWR byte
    bool tcp_ns = false;            // the NS bit (low bit of the data-offset byte)
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint16_t urg_ptr = 0;
};

// p0f's `ack+` test: 3.09b ANDs the raw (network-order) ACK with a boolean, so it fires only
// when the first ACK byte on the wire is odd. whorl uses the intended logical test; the
// buggy rule is kept for comparisons with p0f's output.
enum class AckQuirkRule { logical, p0f_3_09b };

QuirkSet compute_quirks(const TcpHeaderFields& h, const TcpOptions& opts,
                        AckQuirkRule rule = AckQuirkRule::logical);

}  // namespace whorl::fp::passive
