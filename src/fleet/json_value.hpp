// JsonValue: a small strict JSON reader (RFC 8259) for the messages a fleet exchanges over
// NATS (target blocks, results). What comes off the bus is untrusted: parse() never throws,
// rejects anything that is not exactly one JSON value, and limits nesting to 64 levels.
// Numbers are kept as doubles (and their text), strings as UTF-8.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace whorl::fleet {

class JsonValue {
public:
    enum class Kind { null, boolean, number, string, array, object };

    // The value, or an Errc::parse error naming the offset where the text stops being JSON.
    static Result<JsonValue> parse(std::string_view text);

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::null; }
    std::optional<bool> boolean() const;
    std::optional<double> number() const;
    // A number that is a whole one in [0, 2^53].
    std::optional<std::uint64_t> unsigned_number() const;
    const std::string* string() const { return kind_ == Kind::string ? &text_ : nullptr; }
    // Elements of an array (empty for anything else).
    const std::vector<JsonValue>& elements() const { return items_; }
    // An object's member by name (the first of that name), or nullptr.
    const JsonValue* get(std::string_view key) const;
    // An object's member names, in order.
    const std::vector<std::string>& keys() const { return keys_; }

private:
    friend class JsonParser;
    Kind kind_ = Kind::null;
    bool boolean_ = false;
    double number_ = 0;
    std::string text_;               // a string's value, a number's text
    std::vector<JsonValue> items_;   // array elements, or object member values
    std::vector<std::string> keys_;  // object member names (keys_[i] names items_[i])
};

}  // namespace whorl::fleet
