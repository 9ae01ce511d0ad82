// FlagSet<E>: a set of named flags (quirks, anomalies) over an enum whose values are bit
// positions. Views record what was odd about a packet in one of these instead of failing.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace whorl::wire {

template <class E>
class FlagSet {
public:
    constexpr FlagSet() = default;
    constexpr FlagSet(std::initializer_list<E> flags) {
        for (E f : flags) set(f);
    }

    constexpr void set(E f) { bits_ |= bit(f); }
    constexpr void set_if(E f, bool cond) { bits_ |= cond ? bit(f) : 0u; }
    constexpr void clear(E f) { bits_ &= ~bit(f); }
    constexpr bool has(E f) const { return (bits_ & bit(f)) != 0; }
    constexpr bool any() const { return bits_ != 0; }
    constexpr bool none() const { return bits_ == 0; }
    constexpr std::uint32_t raw() const { return bits_; }
    constexpr bool operator==(const FlagSet&) const = default;

private:
    static constexpr std::uint32_t bit(E f) { return 1u << static_cast<unsigned>(f); }
    std::uint32_t bits_ = 0;
};

}  // namespace whorl::wire
