// A small forward cursor over one p0f.fp value, with the character classes and the
// number reading that p0f's hand-written parser uses (digit runs, where an empty run reads
// as 0, as atol() does in p0f).
#pragma once

#include <cctype>
#include <cstdint>
#include <string_view>

namespace whorl::fp::passive {

class TextCursor {
public:
    explicit TextCursor(std::string_view s) : s_(s) {}

    bool at_end() const { return pos_ >= s_.size(); }
    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0';
    }
    void skip(std::size_t n = 1) { pos_ = pos_ + n < s_.size() ? pos_ + n : s_.size(); }
    bool eat(char c) {
        if (peek() != c) return false;
        ++pos_;
        return true;
    }
    bool eat(std::string_view word) {
        if (s_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }
    std::string_view rest() const { return s_.substr(pos_ < s_.size() ? pos_ : s_.size()); }

    // A run of decimal digits; an empty run is 0 (p0f's atol), and values past
    // 0xFFFFFFFF saturate so range checks reject them.
    std::uint64_t digits() {
        std::uint64_t v = 0;
        while (std::isdigit(static_cast<unsigned char>(peek()))) {
            v = v * 10 + static_cast<std::uint64_t>(peek() - '0');
            if (v > 0xFFFFFFFFull) v = 0x100000000ull;
            ++pos_;
        }
        return v;
    }

    // A run of characters for which pred is true.
    template <class Pred>
    std::string_view take_while(Pred pred) {
        std::size_t start = pos_;
        while (pos_ < s_.size() && pred(s_[pos_])) ++pos_;
        return s_.substr(start, pos_ - start);
    }

private:
    std::string_view s_;
    std::size_t pos_ = 0;
};

inline bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Characters p0f allows in OS and application names besides letters and digits.
inline bool is_name_char(char c) {
    return is_alnum(c) || (c != '\0' && std::string_view(" ./-_!?()").find(c) != std::string_view::npos);
}

// Characters of an HTTP header name in p0f.fp and on the wire.
inline bool is_header_char(char c) { return is_alnum(c) || c == '-' || c == '_'; }

}  // namespace whorl::fp::passive
