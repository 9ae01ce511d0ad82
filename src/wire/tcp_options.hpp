// The TCP option walk. It follows p0f's rules so that p0f's olayout and quirks can be
// derived from it exactly: MSS, WS, SACK-permitted and TS are consumed at their nominal
// size (4, 3, 2, 10) whatever their length octet says, and their values are read from the
// nominal positions even when the length octet is wrong; SACK and unknown kinds are
// consumed by their length octet; EOL ends the walk and the bytes after it are counted.
// Every malformation is a named quirk. Fixed capacity, no allocation, never reads past
// the option area.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.hpp"
#include "wire/flag_set.hpp"

namespace whorl::wire {

namespace tcp_option {
inline constexpr std::uint8_t kEol = 0;
inline constexpr std::uint8_t kNop = 1;
inline constexpr std::uint8_t kMss = 2;
inline constexpr std::uint8_t kWindowScale = 3;
inline constexpr std::uint8_t kSackPermitted = 4;
inline constexpr std::uint8_t kSack = 5;
inline constexpr std::uint8_t kTimestamp = 8;
inline constexpr std::uint8_t kMd5 = 19;
inline constexpr std::uint8_t kUserTimeout = 28;
inline constexpr std::uint8_t kTcpAo = 29;
inline constexpr std::uint8_t kMptcp = 30;
inline constexpr std::uint8_t kFastOpen = 34;
}  // namespace tcp_option

enum class TcpOptionQuirk : std::uint8_t {
    mss_length,             // MSS length octet != 4
    window_scale_length,    // WS length octet != 3
    sack_permitted_length,  // SACK-permitted length octet != 2
    timestamp_length,       // TS length octet != 10
    sack_length,            // SACK length octet outside 10..34
    unknown_length,         // other kind with a length octet outside 2..40
    past_end,               // an option's length octet or bytes run past the area
    not_at_end,             // the walk did not end exactly at the end of the area
    eol_nonzero,            // a non-zero byte after EOL (p0f's opt+)
    too_many,               // more options than kMaxOptions
};

// No default member initialisers: TcpOptions leaves the unused part of its list
// uninitialised, which keeps the walk cheap (it runs once per SYN in passive mode).
struct TcpOption {
    std::uint8_t kind;
    std::uint8_t offset;  // of the kind octet, from the start of the option area
    std::uint8_t length;  // the length octet as on the wire; 0 for EOL, NOP or if cut off
    std::uint8_t size;    // bytes consumed (nominal or declared), clamped to the area
    bool has_length;      // the length octet is inside the area (false for EOL/NOP)
    bool cut;             // the option's nominal or declared bytes run past the area
};

struct TcpTimestamps {
    std::uint32_t tsval = 0;
    std::uint32_t tsecr = 0;
    bool operator==(const TcpTimestamps&) const = default;
};

class TcpOptions {
public:
    static constexpr std::size_t kMaxOptions = 40;     // a 40-byte area of NOPs
    static constexpr std::size_t kMaxAreaLength = 40;  // 60-byte header - 20

    // area: TcpView::options(); anything past 40 bytes is ignored.
    static TcpOptions parse(Bytes area);

    std::span<const TcpOption> list() const { return {list_.data(), count_}; }
    std::size_t count() const { return count_; }
    // Bytes after the kind/length octets of an option, as consumed by the walk.
    Bytes value(const TcpOption& o) const {
        return o.size >= 2 ? area_.subspan(o.offset + 2u, o.size - 2u) : Bytes{};
    }
    Bytes area() const { return area_; }

    // Values of the last option of each kind, as p0f and Linux take them (read even when
    // the length octet is wrong, as long as the nominal bytes are inside the area).
    std::optional<std::uint16_t> mss() const { return mss_; }
    std::optional<std::uint8_t> window_scale() const { return window_scale_; }
    bool sack_permitted() const { return sack_permitted_; }
    std::optional<TcpTimestamps> timestamps() const { return timestamps_; }
    // SACK blocks of the last SACK option: (left, right) edge pairs.
    std::size_t sack_block_count() const { return sack_ ? value(list_[*sack_]).size() / 8 : 0; }
    std::pair<std::uint32_t, std::uint32_t> sack_block(std::size_t i) const {
        Bytes v = value(list_[*sack_]);
        return {load_be32(v, i * 8), load_be32(v, i * 8 + 4)};
    }

    // EOL: where it is and how many bytes follow it in the area (p0f's eol+N).
    std::optional<std::uint8_t> eol_offset() const { return eol_offset_; }
    std::size_t eol_padding() const { return eol_offset_ ? area_.size() - *eol_offset_ - 1 : 0; }

    FlagSet<TcpOptionQuirk> quirks() const { return quirks_; }
    // p0f's `bad`: any malformation (everything but eol_nonzero).
    bool malformed() const {
        FlagSet<TcpOptionQuirk> q = quirks_;
        q.clear(TcpOptionQuirk::eol_nonzero);
        return q.any();
    }

private:
    bool walk_one(std::size_t& off);
    bool fixed(std::size_t& off, std::uint8_t nominal, TcpOptionQuirk bad_length);
    bool variable(std::size_t& off, std::uint8_t min, std::uint8_t max, TcpOptionQuirk bad_length);
    void read_value(const TcpOption& o);

    Bytes area_;
    std::array<TcpOption, kMaxOptions> list_;  // only [0, count_) is initialised
    std::uint8_t count_ = 0;
    std::optional<std::uint8_t> eol_offset_;
    std::optional<std::uint8_t> sack_;  // index into list_
    std::optional<std::uint16_t> mss_;
    std::optional<std::uint8_t> window_scale_;
    std::optional<TcpTimestamps> timestamps_;
    bool sack_permitted_ = false;
    FlagSet<TcpOptionQuirk> quirks_;
};

}  // namespace whorl::wire
