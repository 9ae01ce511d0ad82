// A strict recursive-descent JSON reader (see the header).
#include "fleet/json_value.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace whorl::fleet {

class JsonParser {
public:
    explicit JsonParser(std::string_view text) : text_(text) {}

    Result<JsonValue> document() {
        JsonValue v;
        if (!value(v, 0)) return failure();
        skip_space();
        if (pos_ != text_.size()) return failure("text after the JSON value");
        return v;
    }

private:
    static constexpr int kMaxDepth = 64;

    unexpected<Error> failure(std::string_view what = {}) const {
        std::string_view why = what.empty() ? why_ : what;
        return fail(Errc::parse, fmt::format("not JSON at offset {}: {}", pos_, why.empty() ? "unexpected text" : why));
    }
    bool stop(std::string_view why) {
        if (why_.empty()) why_ = why;
        return false;
    }
    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    bool literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return stop("unknown word");
        pos_ += word.size();
        return true;
    }

    bool value(JsonValue& v, int depth) {
        if (depth > kMaxDepth) return stop("nested too deep");
        skip_space();
        if (pos_ >= text_.size()) return stop("the text ends where a value should be");
        switch (text_[pos_]) {
            case '{': return object(v, depth);
            case '[': return array(v, depth);
            case '"': v.kind_ = JsonValue::Kind::string; return string(v.text_);
            case 't': v.kind_ = JsonValue::Kind::boolean; v.boolean_ = true; return literal("true");
            case 'f': v.kind_ = JsonValue::Kind::boolean; v.boolean_ = false; return literal("false");
            case 'n': v.kind_ = JsonValue::Kind::null; return literal("null");
            default: return number(v);
        }
    }

    bool object(JsonValue& v, int depth) {
        v.kind_ = JsonValue::Kind::object;
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, true;
        for (;;) {
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != '"') return stop("a member name should be here");
            std::string key;
            if (!string(key)) return false;
            skip_space();
            if (pos_ >= text_.size() || text_[pos_] != ':') return stop("':' should follow a member name");
            ++pos_;
            JsonValue member;
            if (!value(member, depth + 1)) return false;
            v.keys_.push_back(std::move(key));
            v.items_.push_back(std::move(member));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') { ++pos_; continue; }
            if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, true;
            return stop("',' or '}' should follow a member");
        }
    }

    bool array(JsonValue& v, int depth) {
        v.kind_ = JsonValue::Kind::array;
        ++pos_;
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, true;
        for (;;) {
            JsonValue element;
            if (!value(element, depth + 1)) return false;
            v.items_.push_back(std::move(element));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == ',') { ++pos_; continue; }
            if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, true;
            return stop("',' or ']' should follow an element");
        }
    }

    static void append_utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // Length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong forms, no
    // surrogates, nothing above U+10FFFF), or 0.
    static std::size_t utf8_sequence(std::string_view text, std::size_t i) {
        auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
        const unsigned char lead = byte(0);
        std::size_t n = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > text.size()) return 0;
        unsigned char low = 0x80, high = 0xBF;  // the second byte's range depends on the lead
        if (lead == 0xE0) low = 0xA0;
        else if (lead == 0xED) high = 0x9F;
        else if (lead == 0xF0) low = 0x90;
        else if (lead == 0xF4) high = 0x8F;
        if (byte(1) < low || byte(1) > high) return 0;
        for (std::size_t k = 2; k < n; ++k)
            if ((byte(k) & 0xC0) != 0x80) return 0;
        return n;
    }

    bool hex4(std::uint32_t& out) {
        if (pos_ + 4 > text_.size()) return stop("a \\u escape needs four hex digits");
        auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, out, 16);
        if (ec != std::errc() || p != text_.data() + pos_ + 4) return stop("a \\u escape needs four hex digits");
        pos_ += 4;
        return true;
    }

    bool escape(std::string& out) {
        if (pos_ >= text_.size()) return stop("the text ends inside a string");
        char c = text_[pos_++];
        switch (c) {
            case '"': case '\\': case '/': out += c; return true;
            case 'b': out += '\b'; return true;
            case 'f': out += '\f'; return true;
            case 'n': out += '\n'; return true;
            case 'r': out += '\r'; return true;
            case 't': out += '\t'; return true;
            case 'u': break;
            default: return stop("unknown escape in a string");
        }
        std::uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00) {  // a high surrogate: its low half must follow
            std::uint32_t low = 0;
            if (text_.substr(pos_, 2) != "\\u") return stop("a lone surrogate in a string");
            pos_ += 2;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return stop("a lone surrogate in a string");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp < 0xE000) {
            return stop("a lone surrogate in a string");
        }
        append_utf8(out, cp);
        return true;
    }

    bool string(std::string& out) {
        ++pos_;  // the opening quote
        while (pos_ < text_.size()) {
            char c = text_[pos_++];
            if (c == '"') return true;
            if (c == '\\') {
                if (!escape(out)) return false;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                return stop("a control character in a string");
            } else if (static_cast<unsigned char>(c) >= 0x80) {
                std::size_t n = utf8_sequence(text_, pos_ - 1);
                if (n == 0) return --pos_, stop("a string that is not UTF-8");
                out.append(text_.substr(pos_ - 1, n));
                pos_ += n - 1;
            } else {
                out += c;
            }
        }
        return stop("the text ends inside a string");
    }

    bool digits() {
        std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        return pos_ > start;
    }

    bool number(JsonValue& v) {
        const std::size_t start = pos_;
        if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '0') ++pos_;
        else if (!digits()) return stop("a value should be here");
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            if (!digits()) return stop("digits should follow a decimal point");
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (!digits()) return stop("digits should follow an exponent");
        }
        v.kind_ = JsonValue::Kind::number;
        v.text_ = std::string(text_.substr(start, pos_ - start));
        auto [p, ec] = std::from_chars(v.text_.data(), v.text_.data() + v.text_.size(), v.number_);
        if (ec == std::errc::result_out_of_range) v.number_ = v.text_[0] == '-' ? -HUGE_VAL : HUGE_VAL;
        return true;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::string_view why_;
};

Result<JsonValue> JsonValue::parse(std::string_view text) { return JsonParser(text).document(); }

std::optional<bool> JsonValue::boolean() const {
    return kind_ == Kind::boolean ? std::optional<bool>(boolean_) : std::nullopt;
}

std::optional<double> JsonValue::number() const {
    return kind_ == Kind::number ? std::optional<double>(number_) : std::nullopt;
}

std::optional<std::uint64_t> JsonValue::unsigned_number() const {
    if (kind_ != Kind::number || !(number_ >= 0) || number_ > 9007199254740992.0 || std::floor(number_) != number_)
        return std::nullopt;
    return static_cast<std::uint64_t>(number_);
}

const JsonValue* JsonValue::get(std::string_view key) const {
    if (kind_ != Kind::object) return nullptr;
    for (std::size_t i = 0; i < keys_.size(); ++i)
        if (keys_[i] == key) return &items_[i];
    return nullptr;
}

}  // namespace whorl::fleet
